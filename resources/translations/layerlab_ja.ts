<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ArrayView</name>
    <message>
        <source>white 0 … dark {hi}</source>
        <translation>白 0 … 濃い色 {hi}</translation>
    </message>
    <message>
        <source>blue {lo} … white 0 … red {hi}</source>
        <translation>青 {lo} … 白 0 … 赤 {hi}</translation>
    </message>
    <message>
        <source>{n} values in rows of {c}; </source>
        <translation>{n} 個の値を 1 行 {c} 個で表示; </translation>
    </message>
</context>
<context>
    <name>AvgPool2DView</name>
    <message>
        <source>Keeps the average of each window, channel by channel: the image shrinks and gets smoother. No weights to learn.</source>
        <translation>チャンネルごとに、各窓の平均値を残します。画像は小さく、なめらかになります。学習する重みはありません。</translation>
    </message>
    <message>
        <source>Layer {n}: back through average pooling</source>
        <translation>第 {n} 層: 平均プーリングを逆向きに</translation>
    </message>
    <message>
        <source>Layer {n}: average pooling</source>
        <translation>第 {n} 層: 平均プーリング</translation>
    </message>
    <message>
        <source>Every value of a window counted equally in its average, so each gets an equal share of the window&apos;s gradient.</source>
        <translation>窓の中の値はどれも平均に同じだけ効いているので、窓の勾配を等しく分け合います。</translation>
    </message>
    <message>
        <source>Each window of each feature map is replaced by the average of its values.</source>
        <translation>各特徴マップの各窓を、その値の平均で置き換えます。</translation>
    </message>
    <message>
        <source>Average pooling</source>
        <translation>平均プーリング</translation>
    </message>
</context>
<context>
    <name>BoundedSpinBox</name>
    <message>
        <source>{typed} is more than the largest allowed, {most}: set to {most}.</source>
        <translation>{typed} は上限の {most} を超えているので、{most} にしました。</translation>
    </message>
    <message>
        <source>{typed} is less than the smallest allowed, {least}: set to {least}.</source>
        <translation>{typed} は下限の {least} より小さいので、{least} にしました。</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>Rows: the true class; columns: the predicted class. Click a cell to show its images.</source>
        <translation>行: 正解のクラス、列: 予測したクラス。マスをクリックすると、その画像を表示します。</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>予測</translation>
    </message>
    <message>
        <source>true</source>
        <translation>正解</translation>
    </message>
    <message>
        <source>True {true}, predicted {predicted}: {count} image(s).
Click to show them.</source>
        <translation>正解 {true}、予測 {predicted}: {count} 枚。
クリックすると表示します。</translation>
    </message>
</context>
<context>
    <name>Conv2DView</name>
    <message>
        <source>{filters} filters {kernel}</source>
        <translation>フィルター {filters} 個 {kernel}</translation>
    </message>
    <message>
        <source>stride {stride}</source>
        <translation>ストライド {stride}</translation>
    </message>
    <message>
        <source>padding {padding}</source>
        <translation>パディング {padding}</translation>
    </message>
    <message>
        <source>Each filter slides over the whole input and makes one feature map: the output has one channel per filter. Padding &quot;same&quot; keeps the height and width.</source>
        <translation>各フィルターが入力全体の上をスライドして、特徴マップを 1 枚ずつ作ります。出力のチャンネル数はフィルターの数と同じです。パディングを「同じ大きさ」にすると高さと幅が変わりません。</translation>
    </message>
    <message>
        <source>Conv2D {filters}, {act}</source>
        <translation>畳み込み {filters}、{act}</translation>
    </message>
    <message>
        <source>Layer {n}: convolution z = K ∗ x + b</source>
        <translation>第 {n} 層: 畳み込み z = K ∗ x + b</translation>
    </message>
    <message>
        <source>Layer {n}: activation a = {act}(z)</source>
        <translation>第 {n} 層: 活性化関数 a = {act}(z)</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂z back through {act}</source>
        <translation>第 {n} 層: {act} を逆にたどった ∂L/∂z</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂K and ∂L/∂b</source>
        <translation>第 {n} 層: ∂L/∂K と ∂L/∂b</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂x, for the input image</source>
        <translation>第 {n} 層: 入力画像の ∂L/∂x</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂x, passed down (col2im)</source>
        <translation>第 {n} 層: 下の層へ渡す ∂L/∂x (col2im)</translation>
    </message>
    <message>
        <source>Every filter is a small grid of weights, its kernel K. At each position it multiplies the patch of the input under it by the kernel, channel by channel, adds it all up with its bias: one feature map per filter. im2col lays every patch out as a row, so all filters at all positions are one matrix product. Below: the strongest unit of map 1, worked out.</source>
        <translation>各フィルターは重みの小さな格子、つまりカーネル K です。各位置で、その下にある入力の区画にカーネルをチャンネルごとに掛け、バイアスと合わせてすべて足し合わせます。フィルターごとに特徴マップが 1 枚できます。im2col は区画を 1 行ずつ並べるので、すべてのフィルターのすべての位置が 1 回の行列積になります。下は、マップ 1 で最も強いユニットの計算です。</translation>
    </message>
    <message>
        <source>Chain rule, unit by unit of every feature map: the gradient arriving from above, ∂L/∂a, times the activation&apos;s slope at z.</source>
        <translation>連鎖律を、すべての特徴マップのユニットごとに: 上から届いた勾配 ∂L/∂a に、z における活性化関数の傾きを掛けます。</translation>
    </message>
    <message>
        <source>A kernel weight is used at every position, so its gradient adds up, over all positions, the input it touched there times the gradient of the unit it fed. The bias&apos;s gradient adds up the whole map&apos;s ∂L/∂z.</source>
        <translation>カーネルの重みはすべての位置で使われるので、その勾配は、すべての位置について、そこで触れた入力とそれが送ったユニットの勾配の積を足し合わせたものです。バイアスの勾配は、マップ全体の ∂L/∂z の合計です。</translation>
    </message>
    <message>
        <source>Each position&apos;s gradients, times the kernels, give its patch&apos;s gradient; col2im adds every patch&apos;s gradient back onto the pixels it came from (where patches overlap, a pixel collects several).</source>
        <translation>各位置の勾配にカーネルを掛けると、その区画の勾配になります。col2im は、各区画の勾配を元の画素に足し戻します (区画が重なるところでは、1 つの画素がいくつもの勾配を集めます)。</translation>
    </message>
    <message>
        <source>Each picture is one kernel of the first convolution ({h} × {w} weights; one picture per filter and input channel). Red weights raise the feature map where the image is bright under them, blue ones lower it (each picture scaled to its own largest weight).</source>
        <translation>1 枚の絵が最初の畳み込みのカーネル 1 つです ({h} × {w} 個の重み。フィルターと入力チャンネルごとに 1 枚)。赤い重みは、その下の画像が明るいところで特徴マップを上げ、青い重みは下げます (絵ごとに、その中で最も大きな重みに合わせて色を付けています)。</translation>
    </message>
</context>
<context>
    <name>ConvPanel</name>
    <message>
        <source>Trained model</source>
        <translation>学習済みモデル</translation>
    </message>
    <message>
        <source>Initial weights (before training)</source>
        <translation>重みの初期値(学習前)</translation>
    </message>
    <message>
        <source>The weights the network has learnt, or the random ones it starts from.</source>
        <translation>ネットワークが学習した重み、または学習を始めるときのランダムな重み。</translation>
    </message>
    <message>
        <source>The layers that slide a window over the image: convolutions and poolings.</source>
        <translation>画像の上で窓をずらしていく層: 畳み込み層とプーリング層。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <source>Input and receptive field</source>
        <translation>入力と受容野</translation>
    </message>
    <message>
        <source>The image the network sees. The orange box: the pixels the chosen unit depends on.</source>
        <translation>ネットワークが受け取る画像。オレンジの枠: 選んだユニットが依存する画素。</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特徴マップ</translation>
    </message>
    <message>
        <source>im2col lens</source>
        <translation>im2col レンズ</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>プーリング</translation>
    </message>
    <message>
        <source>One colour scale for every map</source>
        <translation>すべてのマップで同じ色の目盛り</translation>
    </message>
    <message>
        <source>On: the same value has the same colour in every map, so maps compare. Off: each map uses its own range, so weak maps show their pattern too.</source>
        <translation>オン: 同じ値はどのマップでも同じ色になるので、マップどうしを比べられます。オフ: マップごとに自分の範囲で色を付けるので、弱いマップの模様も見えます。</translation>
    </message>
    <message>
        <source>Click a unit of a feature map to see how it was computed.</source>
        <translation>特徴マップのユニットをクリックすると、その計算が見られます。</translation>
    </message>
    <message>
        <source>Each filter&apos;s kernel: red weights positive, blue negative. The chosen map&apos;s is framed.</source>
        <translation>各フィルターのカーネル: 赤は正の重み、青は負の重み。選んだマップのカーネルに枠が付きます。</translation>
    </message>
    <message>
        <source>One training step</source>
        <translation>学習を 1 ステップ</translation>
    </message>
    <message>
        <source>Run one step of the design&apos;s optimizer on this sample (on a copy: the model stays as it is) and show the gradients of the kernels it used.</source>
        <translation>このサンプルで設計の最適化手法を 1 ステップ動かし (コピーで行うので、モデルはそのままです)、そこで使ったカーネルの勾配を表示します。</translation>
    </message>
    <message>
        <source>∂L/∂K: how the loss changes with each kernel weight, for this sample.</source>
        <translation>∂L/∂K: このサンプルで、カーネルの各重みが変わると損失がどれだけ変わるか。</translation>
    </message>
    <message>
        <source>The unit&apos;s value worked out: patch × kernel, channel by channel, plus the bias.</source>
        <translation>ユニットの値の計算: 区画 × カーネルをチャンネルごとに求め、バイアスを足します。</translation>
    </message>
    <message>
        <source>im2col lays every patch of the input out as one row of a matrix, and every kernel as one column of another: then all filters at all positions are one matrix product, whose columns, reshaped, are the feature maps. On the way back, col2im adds each row&apos;s gradient onto the pixels its patch came from. The chosen unit&apos;s row and its filter&apos;s column are lit.</source>
        <translation>im2col は、入力の区画を 1 つずつ行列の 1 行に、カーネルを 1 つずつ別の行列の 1 列に並べます。すると、すべてのフィルターのすべての位置が 1 回の行列積になり、その列を形を変えて並べ直したものが特徴マップです。逆伝播では、col2im が各行の勾配を、その区画の元の画素に足し戻します。選んだユニットの行と、そのフィルターの列が強調されています。</translation>
    </message>
    <message>
        <source>The pooling layer&apos;s input; a green dot marks each window&apos;s winner.</source>
        <translation>プーリング層の入力。緑の点は各窓で勝った値 (最大値) の印です。</translation>
    </message>
    <message>
        <source>∂L/∂x of the pooling layer: only the winners get a gradient.</source>
        <translation>プーリング層の ∂L/∂x: 勾配を受け取るのは勝った値だけです。</translation>
    </message>
    <message>
        <source>The weights the network has learnt.</source>
        <translation>ネットワークが学習した重み。</translation>
    </message>
    <message>
        <source>The weights before any training.</source>
        <translation>学習する前の重み。</translation>
    </message>
    <message>
        <source>No trained model fits this design yet: these are the weights before training.</source>
        <translation>この設計に合う学習済みモデルはまだありません: 学習前の重みを表示しています。</translation>
    </message>
    <message>
        <source>This design has no convolution or pooling layer: add a Conv2D layer on the Design page (or open the MNIST CNN example) to look inside one.</source>
        <translation>この設計には畳み込み層もプーリング層もありません。中をのぞくには、設計ページで Conv2D 層を追加してください (または MNIST 畳み込みニューラルネットワークの例を開いてください)。</translation>
    </message>
    <message>
        <source>This design can&apos;t be looked into yet: {reason}</source>
        <translation>この設計はまだ中をのぞけません: {reason}</translation>
    </message>
    <message>
        <source>Layer {n}: {layer}</source>
        <translation>第 {n} 層: {layer}</translation>
    </message>
    <message>
        <source>{n} feature maps, {h} × {w} (layer {layer}&apos;s output)</source>
        <translation>特徴マップ {n} 枚、{h} × {w} (第 {layer} 層の出力)</translation>
    </message>
    <message>
        <source>Kernels K: {f} filters × {c} channels, {h} × {w}</source>
        <translation>カーネル K: フィルター {f} 個 × チャンネル {c} 個、{h} × {w}</translation>
    </message>
    <message>
        <source>Press One training step to see the gradients a step of training uses.</source>
        <translation>「学習を 1 ステップ」を押すと、学習の 1 ステップで使われる勾配が見られます。</translation>
    </message>
    <message>
        <source>∂L/∂K after one training step (largest {g})</source>
        <translation>学習 1 ステップでの ∂L/∂K (最大 {g})</translation>
    </message>
    <message>
        <source>The loss on this sample went from {before} to {after} in one step of {optimizer} (each weight moved against its gradient; the model itself is unchanged).</source>
        <translation>このサンプルの損失は、{optimizer} の 1 ステップで {before} から {after} になりました (各重みは勾配と逆向きに動きました。モデル自体は変わっていません)。</translation>
    </message>
    <message>
        <source>Receptive field of unit ({y}, {x}) of map {f}: rows {top}–{bottom}, columns {left}–{right} ({h} × {w} pixels).</source>
        <translation>マップ {f} のユニット ({y}, {x}) の受容野: {top}–{bottom} 行、{left}–{right} 列 ({h} × {w} 画素)。</translation>
    </message>
    <message>
        <source>Unit ({y}, {x}) of map {f}: the patch under kernel {f} times its weights, channel by channel, plus the bias</source>
        <translation>マップ {f} のユニット ({y}, {x}): カーネル {f} の下の区画にその重みをチャンネルごとに掛け、バイアスを足したもの</translation>
    </message>
    <message>
        <source>Unit ({y}, {x}) of map {f}: its window of the input, reduced to one number</source>
        <translation>マップ {f} のユニット ({y}, {x}): 入力の窓を 1 つの数にまとめたもの</translation>
    </message>
    <message>
        <source>The lens shows a convolution: choose a Conv2D layer.</source>
        <translation>レンズは畳み込みを表示します: Conv2D 層を選んでください。</translation>
    </message>
    <message>
        <source>Choose a MaxPool2D layer to see which value of each window wins.</source>
        <translation>各窓でどの値が勝つかを見るには、MaxPool2D 層を選んでください。</translation>
    </message>
    <message>
        <source>Map {f}: each {ph} × {pw} window keeps its largest value (green dots: the winners). On the way back only the winners get the gradient; every other input of the window gets 0. (In a window of equal values, all 0 for instance, the first one counts as the winner.)</source>
        <translation>マップ {f}: {ph} × {pw} の各窓は、いちばん大きな値を残します (緑の点: 勝った値)。逆伝播では勝った値だけが勾配を受け取り、窓のほかの入力は 0 です。(すべて 0 のように値が等しい窓では、最初の値が勝ちになります。)</translation>
    </message>
    <message>
        <source>Input x, map {f}</source>
        <translation>入力 x、マップ {f}</translation>
    </message>
    <message>
        <source>Output a: the winners</source>
        <translation>出力 a: 勝った値</translation>
    </message>
    <message>
        <source>∂L/∂x: the gradient goes to the winners</source>
        <translation>∂L/∂x: 勾配は勝った値へ</translation>
    </message>
    <message>
        <source>Taking one training step…</source>
        <translation>学習を 1 ステップ実行しています…</translation>
    </message>
    <message>
        <source>The training step could not run: {reason}</source>
        <translation>学習ステップを実行できませんでした: {reason}</translation>
    </message>
</context>
<context>
    <name>DataProvider</name>
    <message>
        <source>The {name} dataset was not found on this computer (looked in: {places}). Press Train on the Training page to download it, or put its files in one of those folders.</source>
        <translation>{name} のデータセットがこのコンピューターに見つかりません(探した場所: {places})。学習画面で「学習」を押すとダウンロードできます。または、ファイルをこれらのフォルダーのどれかに置いてください。</translation>
    </message>
</context>
<context>
    <name>DenseView</name>
    <message>
        <source>{units} units · {activation}</source>
        <translation>{units} ニューロン · {activation}</translation>
    </message>
    <message>
        <source>This is the output layer: one unit per class, softmax turns them into probabilities.</source>
        <translation>これは出力層です。クラスごとに 1 つのニューロンがあり、Softmax で確率に変えます。</translation>
    </message>
    <message>
        <source>A hidden layer: ReLU is the usual activation.</source>
        <translation>隠れ層です。活性化関数はふつう ReLU を使います。</translation>
    </message>
    <message>
        <source>Layer {n}: weighted sum z</source>
        <translation>第 {n} 層: 重み付き和 z</translation>
    </message>
    <message>
        <source>Layer {n}: activation a = {act}(z)</source>
        <translation>第 {n} 層: 活性化関数 a = {act}(z)</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂z (softmax with cross-entropy)</source>
        <translation>第 {n} 層: ∂L/∂z(Softmax と交差エントロピー誤差)</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂z back through {act}</source>
        <translation>第 {n} 層: {act} を逆にたどった ∂L/∂z</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂W and ∂L/∂b</source>
        <translation>第 {n} 層: ∂L/∂W と ∂L/∂b</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂x, for the input</source>
        <translation>第 {n} 層: 入力に対する ∂L/∂x</translation>
    </message>
    <message>
        <source>Layer {n}: ∂L/∂x, passed down</source>
        <translation>第 {n} 層: 下の層へ渡す ∂L/∂x</translation>
    </message>
    <message>
        <source>Each neuron multiplies every input by its weight, adds them up and adds its bias. For all neurons at once this is one matrix product: the input row x times the weight matrix W, which has one row per input and one column per neuron.</source>
        <translation>各ニューロンは、すべての入力にそれぞれの重みを掛けて足し合わせ、バイアスを加えます。すべてのニューロンをまとめると、これは 1 回の行列の積です: 入力の行ベクトル x に重み行列 W(入力ごとに 1 行、ニューロンごとに 1 列)を掛けます。</translation>
    </message>
    <message>
        <source>With softmax and cross-entropy together, the chain rule collapses to something simple: the gradient of the weighted sums is the output minus the target.</source>
        <translation>Softmax と交差エントロピー誤差を組み合わせると、連鎖律がとても簡単になります: 重み付き和の勾配は「出力 − 教師データ」です。</translation>
    </message>
    <message>
        <source>Chain rule: the gradient arriving from above, ∂L/∂a, times the activation&apos;s own slope at z.</source>
        <translation>連鎖律: 上から届いた勾配 ∂L/∂a に、z における活性化関数自身の傾きを掛けます。</translation>
    </message>
    <message>
        <source>How much the loss changes when each weight changes: the input that flowed through the weight times the gradient at the neuron it feeds. A bias is a weight on a constant input of 1, so ∂L/∂b is ∂L/∂z. Training moves every weight a small step against its gradient.</source>
        <translation>各重みが変わったとき損失がどれだけ変わるか: その重みを通った入力に、その先のニューロンでの勾配を掛けたものです。バイアスは常に 1 の入力に対する重みなので、∂L/∂b は ∂L/∂z と同じです。学習では、すべての重みを勾配と逆の向きに少しずつ動かします。</translation>
    </message>
    <message>
        <source>The gradient for the input itself: which inputs would change the loss most. Training does not need it (inputs are not learnt), but it shows what the network looks at.</source>
        <translation>入力そのものに対する勾配: どの入力が損失を最も大きく変えるか。学習には必要ありません(入力は学習しないため)が、ネットワークがどこを見ているかが分かります。</translation>
    </message>
    <message>
        <source>The gradient passed down to the layer below: each input&apos;s weights times the gradients of the neurons it feeds, added up.</source>
        <translation>下の層へ渡す勾配: 各入力の重みに、その先のニューロンの勾配を掛けて足し合わせたものです。</translation>
    </message>
    <message>
        <source>Dense {units}, {act}</source>
        <translation>全結合 {units}、{act}</translation>
    </message>
</context>
<context>
    <name>DesignPage</name>
    <message>
        <source>Layers</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Drag a layer into the network, or select one and press Enter.</source>
        <translation>層をネットワークにドラッグするか、選んで Enter キーを押します。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>Training is running: the design is locked until it ends.</source>
        <translation>学習中です。終わるまで設計は変更できません。</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>プロパティ</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>チェック</translation>
    </message>
    <message>
        <source>Add {kind} Layer</source>
        <translation>{kind}を追加</translation>
    </message>
    <message>
        <source>Add a {kind} layer below the selected layer</source>
        <translation>選択中の層の下に{kind}を追加します</translation>
    </message>
    <message>
        <source>&amp;Delete Layer</source>
        <translation>層を削除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected layer (Del)</source>
        <translation>選択中の層を削除します (Del)</translation>
    </message>
    <message>
        <source>D&amp;uplicate Layer</source>
        <translation>層を複製(&amp;U)</translation>
    </message>
    <message>
        <source>Put a copy of the selected layer below it (Ctrl+D)</source>
        <translation>選択中の層のコピーをその下に置きます (Ctrl+D)</translation>
    </message>
    <message>
        <source>Move Layer &amp;Up</source>
        <translation>層を上へ移動(&amp;U)</translation>
    </message>
    <message>
        <source>Move the selected layer one place up (Alt+Up)</source>
        <translation>選択中の層を 1 つ上へ移動します (Alt+Up)</translation>
    </message>
    <message>
        <source>Move Layer Do&amp;wn</source>
        <translation>層を下へ移動(&amp;W)</translation>
    </message>
    <message>
        <source>Move the selected layer one place down (Alt+Down)</source>
        <translation>選択中の層を 1 つ下へ移動します (Alt+Down)</translation>
    </message>
    <message>
        <source>Change dataset to {dataset}</source>
        <translation>データセットを {dataset} に変更</translation>
    </message>
</context>
<context>
    <name>DesignSettings</name>
    <message>
        <source>The design&apos;s name, shown in the window title until it is saved</source>
        <translation>設計の名前。保存するまでウィンドウのタイトルに表示されます</translation>
    </message>
    <message>
        <source>Design name</source>
        <translation>設計の名前</translation>
    </message>
    <message>
        <source>The data the network learns from; it decides the input size and the number of classes</source>
        <translation>ネットワークが学習するデータ。入力のサイズとクラス数はこれで決まります</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>データセット</translation>
    </message>
    <message>
        <source>{classes} classes, {size} inputs per sample</source>
        <translation>{classes} クラス、1 サンプルあたり {size} 個の入力</translation>
    </message>
    <message>
        <source>Your data: {kind}…</source>
        <translation>自分のデータ: {kind}…</translation>
    </message>
    <message>
        <source>Choose a folder with one sub-folder of pictures per class</source>
        <translation>クラスごとに画像のサブフォルダーがあるフォルダーを選びます</translation>
    </message>
    <message>
        <source>Choose a CSV file: one row per sample, one column naming its class</source>
        <translation>CSV ファイルを選びます。1 行が 1 サンプルで、どれか 1 列にそのクラスが書かれている表です</translation>
    </message>
    <message>
        <source>What training minimises: how far the network&apos;s answers are from the right ones</source>
        <translation>学習で小さくするもの: ネットワークの答えが正解からどれだけ離れているか</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失関数</translation>
    </message>
    <message>
        <source>Find the data…</source>
        <translation>データの場所を指定…</translation>
    </message>
    <message>
        <source>The data is no longer where the design says: show LayerLab where it is now</source>
        <translation>データが設計に書かれた場所にありません。いまの場所を LayerLab に教えてください</translation>
    </message>
    <message>
        <source>Read it again</source>
        <translation>もう一度読み込む</translation>
    </message>
    <message>
        <source>Read the design&apos;s data again, once it has been put right</source>
        <translation>直したあとで、設計のデータをもう一度読み込みます</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名前(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Dataset</source>
        <translation>データセット(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Loss</source>
        <translation>損失関数(&amp;L)</translation>
    </message>
    <message>
        <source>{name} (your data)</source>
        <translation>{name}（自分のデータ）</translation>
    </message>
    <message>
        <source>{title}: {classes} classes, {size} inputs per sample.</source>
        <translation>{title}: {classes} クラス、1 サンプルあたり {size} 個の入力。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>{name} を読み込んでいます…</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>Untitled</source>
        <translation>無題</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Downloading {name}</source>
        <translation>{name} をダウンロード中</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続しています…</translation>
    </message>
    <message>
        <source>Downloading {name} from the internet. It is checked and kept for next time.</source>
        <translation>{name} をインターネットからダウンロードしています。ファイルは検査され、次回のために保存されます。</translation>
    </message>
    <message>
        <source>{file}: {done:.1f} of {total:.1f} MB</source>
        <translation>{file}: {done:.1f} / {total:.1f} MB</translation>
    </message>
    <message>
        <source>{file}: {done:.1f} MB</source>
        <translation>{file}: {done:.1f} MB</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>キャンセルしています…</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: this computer seems to have no internet connection. Connect to the internet and press Train again, or, if you have the four dataset files, press Choose folder… and pick the folder that holds them.</source>
        <translation>{name} をダウンロードできませんでした: このコンピューターはインターネットにつながっていないようです。インターネットにつないでもう一度「学習」を押すか、データセットの 4 つのファイルを持っていれば「フォルダを選ぶ…」を押して、それが入っているフォルダを選んでください。</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: the file that arrived does not match the official one (a damaged download or a wrong mirror), so it was not kept. Try again later.</source>
        <translation>{name} をダウンロードできませんでした。届いたファイルが公式のファイルと一致しないため（ダウンロードの破損か、ミラーの誤り）、保存していません。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: the server stopped sending, or was far too slow, so LayerLab gave up and kept nothing. Try again later.</source>
        <translation>{name} をダウンロードできませんでした: 配信元からのデータが止まったか、あまりに遅かったため、LayerLab は途中でやめました。何も保存していません。しばらくしてからもう一度試してください。</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: the server sent more data than the file has, so the download was stopped and nothing was kept. The mirror may be broken; try again later.</source>
        <translation>{name} をダウンロードできませんでした: 配信元が本来のファイルより多くのデータを送ってきたため、ダウンロードを止めました。何も保存していません。配信元に問題があるのかもしれません。しばらくしてからもう一度試してください。</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: LayerLab cannot write to the dataset folder named in the details. Check that the disk is not full and that the folder can be written to.</source>
        <translation>{name} をダウンロードできませんでした。詳細に書かれたデータセットのフォルダーに LayerLab が書き込めません。ディスクの空き容量と、フォルダーに書き込めるかどうかを確認してください。</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: {reason}</source>
        <translation>{name} をダウンロードできませんでした: {reason}</translation>
    </message>
    <message>
        <source>{name} is not on this computer yet. Download it now?</source>
        <translation>{name} はまだこのコンピューターにありません。今すぐダウンロードしますか?</translation>
    </message>
    <message>
        <source>It is about {mb} MB and is kept for next time.</source>
        <translation>約 {mb} MB で、次回のために保存されます。</translation>
    </message>
    <message>
        <source>Dataset missing</source>
        <translation>データセットがありません</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>ダウンロードに失敗しました</translation>
    </message>
    <message>
        <source>Dataset folder: {folder}</source>
        <translation>データセットのフォルダー: {folder}</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>フォルダを選ぶ…</translation>
    </message>
    <message>
        <source>Use the dataset&apos;s four files from a folder on this computer</source>
        <translation>このコンピューターのフォルダにあるデータセットの 4 つのファイルを使う</translation>
    </message>
    <message>
        <source>The folder with the {name} files</source>
        <translation>{name} のファイルが入っているフォルダ</translation>
    </message>
    <message>
        <source>Not the dataset</source>
        <translation>データセットではありません</translation>
    </message>
    <message>
        <source>{name} cannot be used from this folder: {reason}</source>
        <translation>このフォルダの {name} は使えません: {reason}</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw a digit with the mouse or a pen, white on black like MNIST.
Ctrl+Z or Backspace removes the last stroke; Delete clears.</source>
        <translation>マウスかペンで数字を書きます。MNIST と同じく黒地に白です。
Ctrl+Z か Backspace で最後の一筆を消し、Delete で全部消します。</translation>
    </message>
    <message>
        <source>Drawing canvas</source>
        <translation>手書きキャンバス</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>ここに数字を書いてください</translation>
    </message>
</context>
<context>
    <name>DropoutView</name>
    <message>
        <source>rate {rate}</source>
        <translation>比率 {rate}</translation>
    </message>
    <message>
        <source>Dropout is active only while training; it helps the network generalise.</source>
        <translation>ドロップアウトは学習中だけ働き、過学習を抑えて汎化性能を高めます。</translation>
    </message>
    <message>
        <source>Layer {n}: dropout</source>
        <translation>第 {n} 層: ドロップアウト</translation>
    </message>
    <message>
        <source>Layer {n}: back through dropout</source>
        <translation>第 {n} 層: ドロップアウトを逆にたどる</translation>
    </message>
    <message>
        <source>Dropout switches off random neurons while training. When testing, as here, it does nothing: the output is the input.</source>
        <translation>ドロップアウトは学習中にランダムなニューロンを無効にします。ここのようにテストするときは何もせず、出力は入力そのままです。</translation>
    </message>
    <message>
        <source>Dropout is off when testing, so the gradient passes through unchanged.</source>
        <translation>テスト時にはドロップアウトは無効なので、勾配はそのまま通り抜けます。</translation>
    </message>
    <message>
        <source>Dropout (off)</source>
        <translation>ドロップアウト(無効)</translation>
    </message>
</context>
<context>
    <name>ExplorePage</name>
    <message>
        <source>Inspector</source>
        <translation>インスペクター</translation>
    </message>
    <message>
        <source>Follow one sample through the network: forward to the loss, then backward, step by step.</source>
        <translation>1 つのサンプルを追いかけます: 損失関数まで順伝播し、それから逆伝播します。1 ステップずつ。</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>勾配確認</translation>
    </message>
    <message>
        <source>Confirm backpropagation&apos;s gradients with numerical differentiation.</source>
        <translation>誤差逆伝播法で求めた勾配を数値微分で確かめます。</translation>
    </message>
    <message>
        <source>Optimizer race</source>
        <translation>最適化手法の競争</translation>
    </message>
    <message>
        <source>Train with SGD, Momentum, AdaGrad, RMSProp and Adam from the same start and compare.</source>
        <translation>SGD、Momentum、AdaGrad、RMSProp、Adam で同じ初期値から学習して比べます。</translation>
    </message>
    <message>
        <source>Toy playground</source>
        <translation>おもちゃのデータ</translation>
    </message>
    <message>
        <source>Learn 2-D points and watch the decision boundary form.</source>
        <translation>2 次元の点を学習し、決定境界ができていく様子を見ます。</translation>
    </message>
    <message>
        <source>Weights &amp;&amp; activations</source>
        <translation>重みとアクティベーション</translation>
    </message>
    <message>
        <source>See what the first layer has learnt and how a layer&apos;s values are spread.</source>
        <translation>最初の層が何を学習したか、層の値がどう分布しているかを見ます。</translation>
    </message>
    <message>
        <source>Inside a convolution</source>
        <translation>畳み込みの内側</translation>
    </message>
    <message>
        <source>Feature maps, kernels, one unit&apos;s dot product, the im2col lens and pooling, for a digit you draw or a test image.</source>
        <translation>描いた数字やテスト画像について、特徴マップ、カーネル、1 つのユニットの内積、im2col レンズ、プーリングを見ます。</translation>
    </message>
    <message>
        <source>Loss explorer</source>
        <translation>損失関数を調べる</translation>
    </message>
    <message>
        <source>Cross-entropy and squared error worked out for one prediction.</source>
        <translation>1 つの予測について、交差エントロピー誤差と二乗和誤差を計算してみます。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>ONNX</source>
        <translation>ONNX</translation>
    </message>
    <message>
        <source>PyTorch script</source>
        <translation>PyTorch スクリプト</translation>
    </message>
    <message>
        <source>the layer type “{name}”</source>
        <translation>層の種類「{name}」</translation>
    </message>
    <message>
        <source>the activation “{name}”</source>
        <translation>活性化関数「{name}」</translation>
    </message>
    <message>
        <source>the loss “{name}”</source>
        <translation>損失関数「{name}」</translation>
    </message>
    <message>
        <source>the optimizer “{name}”</source>
        <translation>最適化手法「{name}」</translation>
    </message>
    <message>
        <source>the initialization “{name}”</source>
        <translation>重みの初期値「{name}」</translation>
    </message>
    <message>
        <source>This network cannot be exported to {target} yet: LayerLab has no {target} version of {what}.</source>
        <translation>このネットワークはまだ {target} に書き出せません。LayerLab には{what}の {target} 版がありません。</translation>
    </message>
    <message>
        <source>The design cannot be exported, since it cannot be trained: {problem}</source>
        <translation>この設計は学習できないため、書き出せません: {problem}</translation>
    </message>
    <message>
        <source>Train this design first: how its inputs are scaled depends on its data. Then export the trained model.</source>
        <translation>先にこの設計を学習してください。入力の正規化の仕方はデータによって決まるためです。そのあとで学習済みモデルを書き出してください。</translation>
    </message>
    <message>
        <source>{path} cannot be written: {reason}</source>
        <translation>{path} に書き込めません: {reason}</translation>
    </message>
    <message>
        <source>Exporting needs the Python package {name}, which is not installed: pip install {name}</source>
        <translation>書き出しには Python のパッケージ {name} が必要ですが、インストールされていません: pip install {name}</translation>
    </message>
    <message>
        <source>The exported model could not be compared with LayerLab: {reason}</source>
        <translation>書き出したモデルを LayerLab と比べられませんでした: {reason}</translation>
    </message>
    <message>
        <source>The exported model was not compared with LayerLab: {engine} is not installed here (pip install {engine}).</source>
        <translation>書き出したモデルは LayerLab と比べていません。このコンピューターには {engine} がインストールされていません (pip install {engine})。</translation>
    </message>
    <message>
        <source>{count} test images through LayerLab and {engine}: the largest difference between their outputs is {difference}, and they give the same answer for {same} of {count}.</source>
        <translation>テスト画像 {count} 枚を LayerLab と {engine} で計算しました。出力の差は最大で {difference}、{count} 枚中 {same} 枚で同じ答えです。</translation>
    </message>
    <message>
        <source>The test images are not on this computer, so {count} random inputs went through LayerLab and {engine}: the largest difference between their outputs is {difference}, and they give the same answer for {same} of {count}.</source>
        <translation>テスト画像がこのコンピューターにないため、ランダムな入力 {count} 個を LayerLab と {engine} で計算しました。出力の差は最大で {difference}、{count} 個中 {same} 個で同じ答えです。</translation>
    </message>
    <message>
        <source>They compute the same network.</source>
        <translation>両者は同じネットワークを計算しています。</translation>
    </message>
    <message>
        <source>That is more than rounding: please report it.</source>
        <translation>丸め誤差を超える差です。報告してください。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>For onnxruntime and the other engines that read ONNX: raw pixels in, class probabilities out.</source>
        <translation>onnxruntime など、ONNX を読むエンジンのための形式です。入力は生のピクセル値、出力はクラスごとの確率です。</translation>
    </message>
    <message>
        <source>One script that needs only torch and numpy: it trains this design on a GPU, or on many machines with torchrun, and its model files open here again.</source>
        <translation>torch と numpy だけで動く 1 つのスクリプトです。この設計を GPU で、または torchrun で何台ものマシンで学習でき、できたモデルファイルはまたここで開けます。</translation>
    </message>
    <message>
        <source>{format} ({suffix})</source>
        <translation>{format} ({suffix})</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>ファイル(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>書き出す(&amp;E)</translation>
    </message>
    <message>
        <source>Exports the trained model of “{name}”: its weights, its design and how it scales its inputs.</source>
        <translation>「{name}」の学習済みモデルを書き出します。重み、設計、入力の正規化の仕方が含まれます。</translation>
    </message>
    <message>
        <source>Exports the design “{name}” untrained, with the weights a training run starts from (there is no trained model of it yet: train it first to export what it learns).</source>
        <translation>設計「{name}」を学習前のまま、学習を始めるときの重みで書き出します(この設計の学習済みモデルはまだありません。学習した結果を書き出すには、先に学習してください)。</translation>
    </message>
    <message>
        <source>{format} (*{suffix})</source>
        <translation>{format} (*{suffix})</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>書き出し先</translation>
    </message>
    <message>
        <source>Exporting to {file}, then comparing it with LayerLab…</source>
        <translation>{file} に書き出して、LayerLab と比べています…</translation>
    </message>
    <message>
        <source>Wrote {file}. Train it with: python {file} --data-dir DIR (or torchrun); the model file it writes opens here with File → Open….</source>
        <translation>{file} を書き出しました。学習するには python {file} --data-dir DIR (または torchrun) を実行します。できたモデルファイルは「ファイル → 開く…」で開けます。</translation>
    </message>
    <message>
        <source>Wrote {file}.</source>
        <translation>{file} を書き出しました。</translation>
    </message>
    <message>
        <source>It holds the untrained network.</source>
        <translation>中身は学習前のネットワークです。</translation>
    </message>
    <message>
        <source>Not exported. {reason}</source>
        <translation>書き出していません。{reason}</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>書き出し(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the network to ONNX or to a PyTorch script, and check it computes what LayerLab does (Ctrl+E)</source>
        <translation>ネットワークを ONNX か PyTorch スクリプトに書き出し、LayerLab と同じ計算をするか確かめます (Ctrl+E)</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>The design is locked while the network trains.</source>
        <translation>ネットワークの学習中は設計がロックされています。</translation>
    </message>
    <message>
        <source>“{name}” has changes that are not saved, and a network is being trained on it. Going on stops the training: what it has learnt so far is lost. Save the design first?</source>
        <translation>「{name}」には保存していない変更があり、いまネットワークを学習中です。続けると学習は止まり、ここまでに学んだことは失われます。先に設計を保存しますか?</translation>
    </message>
    <message>
        <source>“{name}” has changes that are not saved. Save them first?</source>
        <translation>「{name}」には保存していない変更があります。先に保存しますか?</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>保存していない変更</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>無題</translation>
    </message>
    <message>
        <source>New design: drag layers in from the palette.</source>
        <translation>新しい設計です。パレットから層をドラッグしてください。</translation>
    </message>
    <message>
        <source>Open a design or a trained model</source>
        <translation>設計または学習済みモデルを開く</translation>
    </message>
    <message>
        <source>Cannot open {name}</source>
        <translation>{name} を開けません</translation>
    </message>
    <message>
        <source>Opened the trained model {name}: its design is shown, the model is ready to test.</source>
        <translation>学習済みモデル {name} を開きました。その設計を表示しています。モデルはすぐにテストできます。</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>{name} を開きました</translation>
    </message>
    <message>
        <source>Cannot open the example</source>
        <translation>例題を開けません</translation>
    </message>
    <message>
        <source>Example “{name}” loaded</source>
        <translation>例題「{name}」を読み込みました</translation>
    </message>
    <message>
        <source>Save the design</source>
        <translation>設計を保存</translation>
    </message>
    <message>
        <source>Designs (*.json)</source>
        <translation>設計 (*.json)</translation>
    </message>
    <message>
        <source>Cannot save {name}</source>
        <translation>{name} を保存できません</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} を保存しました</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>一覧を消去(&amp;C)</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>最近使ったファイルはありません</translation>
    </message>
    <message>
        <source>File not found</source>
        <translation>ファイルが見つかりません</translation>
    </message>
    <message>
        <source>{path} is no longer there; it was removed from the list.</source>
        <translation>{path} はもうありません。一覧から削除しました。</translation>
    </message>
    <message>
        <source>No examples found</source>
        <translation>例題が見つかりません</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>保存していない作業を復元しますか?</translation>
    </message>
    <message>
        <source>LayerLab was closed without saving “{name}” (last change at {when}). Restore those changes?</source>
        <translation>LayerLab は「{name}」を保存せずに終了しました(最後の変更: {when})。その変更を復元しますか?</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>復元</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Not Now</source>
        <translation>後で</translation>
    </message>
    <message>
        <source>Restore unsaved changes</source>
        <translation>保存していない変更を復元</translation>
    </message>
    <message>
        <source>Unsaved changes restored.</source>
        <translation>保存していない変更を復元しました。</translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <source>Error: the network cannot be trained like this</source>
        <translation>エラー: このままではネットワークを学習できません</translation>
    </message>
    <message>
        <source>Warning: the network can be trained, but probably badly</source>
        <translation>警告: 学習はできますが、おそらくうまくいきません</translation>
    </message>
    <message>
        <source>Show this place in the network</source>
        <translation>ネットワークのこの場所を表示します</translation>
    </message>
    <message>
        <source>Make this change (it can be undone)</source>
        <translation>この変更を行います(元に戻せます)</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>1 error: the network cannot be trained until it is fixed.</source>
        <translation>エラーが 1 件: 直すまでネットワークを学習できません。</translation>
    </message>
    <message>
        <source>{count} errors: the network cannot be trained until they are fixed.</source>
        <translation>エラーが {count} 件: 直すまでネットワークを学習できません。</translation>
    </message>
    <message>
        <source>1 warning.</source>
        <translation>警告が 1 件。</translation>
    </message>
    <message>
        <source>{count} warnings.</source>
        <translation>警告が {count} 件。</translation>
    </message>
    <message>
        <source>Ready to train, but 1 warning suggests it may train badly.</source>
        <translation>学習できますが、うまく学習できないかもしれないという警告が 1 件あります。</translation>
    </message>
    <message>
        <source>Ready to train, but {count} warnings suggest it may train badly.</source>
        <translation>学習できますが、うまく学習できないかもしれないという警告が {count} 件あります。</translation>
    </message>
    <message>
        <source>No problems found: ready to train.</source>
        <translation>問題はありません。学習できます。</translation>
    </message>
</context>
<context>
    <name>FlattenView</name>
    <message>
        <source>to one row</source>
        <translation>1 列に</translation>
    </message>
    <message>
        <source>Lays the feature maps out as one long row of numbers, for the Dense layers after it. No weights to learn.</source>
        <translation>特徴マップを 1 列の長い数の並びにして、後ろの全結合層に渡します。学習する重みはありません。</translation>
    </message>
    <message>
        <source>Layer {n}: back into the image&apos;s shape</source>
        <translation>第 {n} 層: 画像の形に戻す</translation>
    </message>
    <message>
        <source>Layer {n}: flatten</source>
        <translation>第 {n} 層: 平坦化</translation>
    </message>
    <message>
        <source>The gradient arrives as a row and is put back into the shape of the feature maps; nothing else changes.</source>
        <translation>勾配は 1 列で届き、特徴マップの形に並べ直されます。それ以外は何も変わりません。</translation>
    </message>
    <message>
        <source>The numbers stay the same; only their arrangement changes, from channels × height × width to one row.</source>
        <translation>数はそのままで、並び方だけがチャンネル × 高さ × 幅から 1 列に変わります。</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>平坦化層</translation>
    </message>
</context>
<context>
    <name>GradcheckPanel</name>
    <message>
        <source>&lt;b&gt;Backpropagation&lt;/b&gt; gets every gradient from one backward pass: fast, but easy to get subtly wrong. &lt;b&gt;Numerical differentiation&lt;/b&gt; nudges one weight at a time by a tiny h and watches the loss: ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h. It needs two forward passes per weight, so it is slow, but it is simple enough to trust. If the two agree (relative error below {tol} in float64), the backward pass is right.</source>
        <translation>&lt;b&gt;誤差逆伝播法&lt;/b&gt;は 1 回の逆伝播ですべての勾配を求めます。速いのですが、細かな間違いが入り込みやすい方法です。&lt;b&gt;数値微分&lt;/b&gt;は重みを 1 つずつ小さな h だけずらして損失の変化を見ます: ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h。重み 1 つにつき順伝播が 2 回必要なので遅いのですが、単純なので信頼できます。両者が一致すれば(float64 で相対誤差が {tol} 未満)、逆伝播は正しく実装されています。</translation>
    </message>
    <message>
        <source>Check gradients</source>
        <translation>勾配を確認</translation>
    </message>
    <message>
        <source>Compare backpropagation with numerical differentiation for the current design and weights, on a few samples, in double precision (float64) with dropout off.</source>
        <translation>現在の設計と重みについて、いくつかのサンプルで誤差逆伝播法と数値微分を比べます。倍精度 (float64) で、ドロップアウトは無効にして計算します。</translation>
    </message>
    <message>
        <source>How many samples the loss is averaged over. The check takes the test samples the network finds hardest:
on samples it is very sure of, the gradients are too tiny for numerical differentiation to measure.</source>
        <translation>損失を平均するサンプルの数。ネットワークが最も苦手とするテストデータのサンプルを使います:
自信満々のサンプルでは勾配が小さすぎて、数値微分では測れないためです。</translation>
    </message>
    <message>
        <source>How many weights of each layer are nudged. Smaller layers are checked completely;
big ones at randomly chosen weights, since every weight costs two forward passes.</source>
        <translation>各層でずらしてみる重みの数。小さな層はすべて確認します。
大きな層はランダムに選んだ重みだけを確認します。重み 1 つごとに順伝播が 2 回かかるためです。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>サンプル数</translation>
    </message>
    <message>
        <source>Weights checked per layer (at most)</source>
        <translation>1 層あたりに確認する重みの数(最大)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Array</source>
        <translation>配列</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>確認した数</translation>
    </message>
    <message>
        <source>Relative error</source>
        <translation>相対誤差</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Relative error = |backprop − numerical| / (|backprop| + |numerical|), over the checked weights of each array.</source>
        <translation>相対誤差 = |逆伝播 − 数値微分| / (|逆伝播| + |数値微分|)。各配列の確認した重みについて求めます。</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>相対誤差</translation>
    </message>
    <message>
        <source>tolerance {tol}</source>
        <translation>許容誤差 {tol}</translation>
    </message>
    <message>
        <source>Each array&apos;s relative error on a log scale. Below the dashed line the two methods agree.</source>
        <translation>各配列の相対誤差(対数目盛)。破線より下なら 2 つの方法は一致しています。</translation>
    </message>
    <message>
        <source>Press Check gradients.</source>
        <translation>「勾配を確認」を押してください。</translation>
    </message>
    <message>
        <source>Loading the dataset for a few samples…</source>
        <translation>サンプルを取り出すためにデータセットを読み込んでいます…</translation>
    </message>
    <message>
        <source>This design can&apos;t be checked yet: {reason}</source>
        <translation>この設計はまだ確認できません: {reason}</translation>
    </message>
    <message>
        <source>Checking… every checked weight costs two forward passes.</source>
        <translation>確認中… 重み 1 つごとに順伝播を 2 回行います。</translation>
    </message>
    <message>
        <source>The check could not run: {reason}</source>
        <translation>確認を実行できませんでした: {reason}</translation>
    </message>
    <message>
        <source>weights W</source>
        <translation>重み W</translation>
    </message>
    <message>
        <source>biases b</source>
        <translation>バイアス b</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 層</translation>
    </message>
    <message>
        <source>{k} of {n}</source>
        <translation>{k} / {n}</translation>
    </message>
    <message>
        <source>✓ agree</source>
        <translation>✓ 一致</translation>
    </message>
    <message>
        <source>✗ differ</source>
        <translation>✗ 不一致</translation>
    </message>
    <message>
        <source>the {n} test samples the network finds hardest</source>
        <translation>ネットワークが最も苦手なテストデータ {n} 個</translation>
    </message>
    <message>
        <source>{n} random inputs</source>
        <translation>ランダムな入力 {n} 個</translation>
    </message>
    <message>
        <source>trained weights</source>
        <translation>学習済みの重み</translation>
    </message>
    <message>
        <source>initial weights</source>
        <translation>重みの初期値</translation>
    </message>
    <message>
        <source>All layers agree: the largest relative error is {err}, below {tol}. Backpropagation is right.</source>
        <translation>すべての層で一致しました: 最大の相対誤差は {err} で、{tol} 未満です。誤差逆伝播法は正しく動いています。</translation>
    </message>
    <message>
        <source>Some layers differ: the largest relative error is {err}, above {tol}. A backward pass is wrong.</source>
        <translation>一致しない層があります: 最大の相対誤差は {err} で、{tol} を超えています。どこかの逆伝播が間違っています。</translation>
    </message>
    <message>
        <source>({samples}, {weights}, h = {h})</source>
        <translation>({samples}、{weights}、h = {h})</translation>
    </message>
    <message>
        <source>Backpropagation: all {n} gradients in &lt;b&gt;{bp}&lt;/b&gt;. Numerical differentiation: {k} of them in &lt;b&gt;{nd}&lt;/b&gt;; all of them would take about &lt;b&gt;{all}&lt;/b&gt;.</source>
        <translation>誤差逆伝播法: {n} 個すべての勾配を &lt;b&gt;{bp}&lt;/b&gt; で計算。数値微分: そのうち {k} 個に &lt;b&gt;{nd}&lt;/b&gt;。すべてを計算すると約 &lt;b&gt;{all}&lt;/b&gt; かかります。</translation>
    </message>
    <message>
        <source>layer · array (W weights, b biases)</source>
        <translation>層 · 配列 (W 重み、b バイアス)</translation>
    </message>
</context>
<context>
    <name>HeatmapLabel</name>
    <message>
        <source>value {n}</source>
        <translation>値 {n}</translation>
    </message>
    <message>
        <source>row {r}, column {c}</source>
        <translation>{r} 行 {c} 列</translation>
    </message>
</context>
<context>
    <name>HyperparameterForm</name>
    <message>
        <source>Hyperparameters</source>
        <translation>ハイパーパラメータ</translation>
    </message>
    <message>
        <source>How the weights are changed after each mini-batch.
SGD: a step straight down the slope of the loss.
Momentum: like a ball rolling downhill, it keeps some speed from earlier steps.
AdaGrad: weights that have changed a lot get smaller steps.
RMSProp: like AdaGrad, but it forgets old steps, so learning does not slow to a halt.
Adam: Momentum and RMSProp together; a good first choice.</source>
        <translation>ミニバッチごとに重みをどう更新するか。
SGD: 損失の坂をまっすぐ下る方向に進みます。
Momentum: 坂を転がるボールのように、前のステップの勢いを少し残します。
AdaGrad: 大きく変化した重みほど、ステップが小さくなります。
RMSProp: AdaGrad に似ていますが、古いステップを忘れていくので、学習が止まってしまいません。
Adam: Momentum と RMSProp を組み合わせたもの。最初に試すのに向いています。</translation>
    </message>
    <message>
        <source>The learning rate: how big a step the weights take after each mini-batch.
Too small and learning crawls; too big and the loss jumps around or blows up.
Typical: 0.001 for Adam and RMSProp, 0.01 to 0.1 for SGD.</source>
        <translation>学習率: ミニバッチごとに重みをどれだけ大きく動かすか。
小さすぎると学習がなかなか進まず、大きすぎると損失が跳ね回ったり発散したりします。
目安: Adam と RMSProp は 0.001、SGD は 0.01~0.1。</translation>
    </message>
    <message>
        <source>Momentum: how much of the previous step is kept in the next one (0 to 1).
0.9 means each step is mostly the running direction of the last ten or so,
which smooths out the zig-zag of single mini-batches.</source>
        <translation>Momentum: 前のステップをどれだけ次に残すか (0~1)。
0.9 なら、各ステップはおおよそ直前の 10 ステップほどの平均的な方向になり、
ミニバッチごとのジグザグがならされます。</translation>
    </message>
    <message>
        <source>The mini-batch size: how many examples the network looks at before each weight update.
Small batches make many quick, noisy steps; big batches make fewer, steadier ones.</source>
        <translation>ミニバッチのサイズ: 重みを 1 回更新するまでに見るデータの数。
小さいと速くてノイズの多いステップを何度も、大きいと安定したステップを少しだけ進みます。</translation>
    </message>
    <message>
        <source>Epochs: how many times training goes through all the training examples.
More epochs learn more, until the network starts memorising instead (watch the validation curve).</source>
        <translation>エポック数: 訓練データ全体を何周学習するか。
エポックが多いほど学習が進みますが、やがて丸暗記(過学習)が始まります(検証データの曲線に注目)。</translation>
    </message>
    <message>
        <source>Validation split: the share of the training examples held back and never trained on.
The network is scored on them after every epoch, which shows whether it learns
general rules or only memorises the examples it sees.</source>
        <translation>検証データの割合: 訓練データのうち、学習に使わずに取っておく割合。
エポックごとにこのデータで採点するので、ネットワークが一般的な規則を学んでいるのか、
見たデータを丸暗記しているだけなのかが分かります。</translation>
    </message>
    <message>
        <source>Initialisation: how the weights are set before training starts.
He suits ReLU layers, Xavier suits sigmoid and tanh; Normal uses small random numbers.</source>
        <translation>重みの初期値: 学習を始める前の重みの決め方。
ReLU の層には He、Sigmoid と Tanh には Xavier が向いています。「正規分布」は小さな乱数を使います。</translation>
    </message>
    <message>
        <source>The seed of the random numbers (starting weights, shuffling, validation split).
The same seed gives exactly the same run again; change it to see how much luck matters.</source>
        <translation>乱数のシード(重みの初期値、シャッフル、検証データの選び方に使います)。
同じシードなら、まったく同じ学習が再現されます。変えてみると、運がどれだけ効くかが分かります。</translation>
    </message>
    <message>
        <source>The learning-rate schedule: how the learning rate changes from one epoch to the next.
Big steps early get the weights near a good solution quickly; smaller steps later
let them settle there instead of jumping around it.
Constant: the same rate in every epoch. Step decay: multiplied by γ every few epochs.
Exponential decay: multiplied by γ after every epoch. Cosine decay: glides down towards 0 by the last epoch.</source>
        <translation>学習率スケジュール: エポックごとに学習率をどう変えていくか。
最初は大きな歩幅で良い解の近くまで素早く進み、あとで歩幅を小さくすると、
解の周りを行き来せずにそこへ落ち着けます。
一定: どのエポックも同じ学習率。ステップ減衰: 数エポックごとに γ 倍。
指数減衰: エポックごとに γ 倍。コサイン減衰: 最後のエポックに向けて 0 近くまでなめらかに下がります。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>スケジュール</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>検証データの割合</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>重みの初期値</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>乱数シード</translation>
    </message>
    <message>
        <source>Epoch 1: {first} → epoch {epochs}: {last}</source>
        <translation>エポック 1: {first} → エポック {epochs}: {last}</translation>
    </message>
    <message>
        <source>Epoch {epoch}: {rate}</source>
        <translation>エポック {epoch}: {rate}</translation>
    </message>
    <message>
        <source>The learning rate of each epoch:</source>
        <translation>各エポックの学習率:</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <source>Trained model</source>
        <translation>学習済みモデル</translation>
    </message>
    <message>
        <source>Initial weights (before training)</source>
        <translation>重みの初期値(学習前)</translation>
    </message>
    <message>
        <source>Trained model: the weights the network has learnt (from the Training page or a model file).
Initial weights: the starting weights training would begin with (the design&apos;s seed, or its fixed weights).</source>
        <translation>学習済みモデル: ネットワークが学習した重み(学習画面またはモデルファイルから)。
重みの初期値: 学習を始めるときの重み(設計の乱数シード、または固定の重み)。</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>The weights the network has learnt.</source>
        <translation>ネットワークが学習した重み。</translation>
    </message>
    <message>
        <source>The weights before any training.</source>
        <translation>学習する前の重み。</translation>
    </message>
    <message>
        <source>No trained model fits this design yet: these are the weights before training (train it on the Training page).</source>
        <translation>この設計に合う学習済みモデルはまだありません。表示しているのは学習前の重みです(学習画面で学習してください)。</translation>
    </message>
    <message>
        <source>This design can&apos;t be traced yet: {reason}</source>
        <translation>この設計はまだ追跡できません: {reason}</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Layer palette</source>
        <translation>層のパレット</translation>
    </message>
    <message>
        <source>Drag a layer into the network, or select it and press Enter to add it below the selected layer.</source>
        <translation>層をネットワークにドラッグするか、選んで Enter キーを押すと、選択中の層の下に追加されます。</translation>
    </message>
    <message>
        <source>{title}: {blurb}.
Drag it into the network, or press Enter to add it.</source>
        <translation>{title}: {blurb}。
ネットワークにドラッグするか、Enter キーで追加します。</translation>
    </message>
</context>
<context>
    <name>LayerProperties</name>
    <message>
        <source>Select a layer in the network to edit it.</source>
        <translation>編集するには、ネットワークの層を選んでください。</translation>
    </message>
    <message>
        <source>How many numbers each sample gives the network</source>
        <translation>1 つのサンプルがネットワークに渡す数値の個数</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>入力のサイズ</translation>
    </message>
    <message>
        <source>Dense layers read a flat row of pixels; Conv2D and pooling layers need the picture as an image (channels × height × width)</source>
        <translation>全結合層はピクセルを 1 列に並べたものを読みます。畳み込み層とプーリング層は、絵を画像（チャンネル × 高さ × 幅）として受け取る必要があります</translation>
    </message>
    <message>
        <source>Input shape</source>
        <translation>入力の形</translation>
    </message>
    <message>
        <source>&amp;Shape</source>
        <translation>形(&amp;S)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>{count} values</source>
        <translation>{count} 個の値</translation>
    </message>
    <message>
        <source>{shape} ({values})</source>
        <translation>{shape}（{values}）</translation>
    </message>
    <message>
        <source>The input size comes from the dataset ({dataset}); choose the dataset below.</source>
        <translation>入力のサイズはデータセット ({dataset}) で決まります。データセットは下で選びます。</translation>
    </message>
    <message>
        <source>Layer {number} · {kind}</source>
        <translation>第 {number} 層 · {kind}</translation>
    </message>
    <message>
        <source>a row of {count} values</source>
        <translation>{count} 個の値の 1 列</translation>
    </message>
    <message>
        <source>an image, {shape}</source>
        <translation>画像 {shape}</translation>
    </message>
</context>
<context>
    <name>LayerStackView</name>
    <message>
        <source>Network layers</source>
        <translation>ネットワークの層</translation>
    </message>
    <message>
        <source>The network, from input (top) to output (bottom).
Drop layers here from the palette; drag a layer to move it.
Keys: Up/Down select, Alt+Up/Down move, Del delete, Ctrl+D duplicate, Menu for more.</source>
        <translation>ネットワーク。上が入力、下が出力です。
パレットから層をここへドロップし、層をドラッグすると移動できます。
キー: ↑/↓ 選択、Alt+↑/↓ 移動、Del 削除、Ctrl+D 複製、メニューキーでその他の操作。</translation>
    </message>
    <message>
        <source>{dataset} images, one value per pixel</source>
        <translation>{dataset} の画像、1 ピクセルに 1 つの値</translation>
    </message>
    <message>
        <source>{dataset} points, one value per coordinate</source>
        <translation>{dataset} の点、座標ごとに 1 つの値</translation>
    </message>
    <message>
        <source>from {dataset}</source>
        <translation>{dataset} から</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>{count} values</source>
        <translation>{count} 個の値</translation>
    </message>
    <message>
        <source>{dataset} rows: a value per number column, one per category of a text column</source>
        <translation>{dataset} の行: 数値の列は 1 つの値、文字の列はカテゴリーごとに 1 つの値</translation>
    </message>
    <message>
        <source>{count} parameters</source>
        <translation>パラメータ {count} 個</translation>
    </message>
    <message>
        <source>no parameters</source>
        <translation>パラメータなし</translation>
    </message>
    <message>
        <source>output {shape} · {params}</source>
        <translation>出力 {shape} · {params}</translation>
    </message>
    <message>
        <source>{count} multiply-adds</source>
        <translation>積和演算 {count} 回</translation>
    </message>
    <message>
        <source>  (+{count} more)</source>
        <translation>  (ほか {count} 件)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Layer {number}</source>
        <translation>第 {number} 層</translation>
    </message>
    <message>
        <source>Drag a Dense layer here from the palette to start</source>
        <translation>パレットから全結合層をここへドラッグして始めましょう</translation>
    </message>
</context>
<context>
    <name>LensView</name>
    <message>
        <source>reshape →</source>
        <translation>形を変える →</translation>
    </message>
    <message>
        <source>col2im →</source>
        <translation>col2im →</translation>
    </message>
</context>
<context>
    <name>LivePlot</name>
    <message>
        <source>learning curves</source>
        <translation>学習曲線</translation>
    </message>
    <message>
        <source>Loss and accuracy as training goes on. Point at them, or press the arrow keys, to read their values.</source>
        <translation>学習の進みに沿った損失と正解率です。マウスを当てるか矢印キーを押すと、値が表示されます。</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>正解率 (%)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>previous run</source>
        <translation>前回の学習</translation>
    </message>
    <message>
        <source>training, per batch (smoothed)</source>
        <translation>訓練データ、バッチごと(平滑化)</translation>
    </message>
    <message>
        <source>training, per epoch</source>
        <translation>訓練データ、エポックごと</translation>
    </message>
    <message>
        <source>validation, per epoch</source>
        <translation>検証データ、エポックごと</translation>
    </message>
    <message>
        <source>training</source>
        <translation>訓練データ</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>検証データ</translation>
    </message>
    <message>
        <source>epoch {x:.2f}: training loss {v:.4f} (smoothed)</source>
        <translation>エポック {x:.2f}: 訓練データの損失 {v:.4f}(平滑化)</translation>
    </message>
    <message>
        <source>epoch {e}: loss {l:.4f}, accuracy {a:.2f} %</source>
        <translation>エポック {e}: 損失 {l:.4f}、正解率 {a:.2f} %</translation>
    </message>
    <message>
        <source>learning rate: {rate}</source>
        <translation>学習率: {rate}</translation>
    </message>
    <message>
        <source>validation: loss {l:.4f}, accuracy {a:.2f} %</source>
        <translation>検証データ: 損失 {l:.4f}、正解率 {a:.2f} %</translation>
    </message>
    <message>
        <source>previous run, epoch {e}: loss {l:.4f}, accuracy {a:.2f} %</source>
        <translation>前回の学習、エポック {e}: 損失 {l:.4f}、正解率 {a:.2f} %</translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>The prediction</source>
        <translation>予測</translation>
    </message>
    <message>
        <source>How many classes the network chooses between.</source>
        <translation>ネットワークが選ぶクラスの数。</translation>
    </message>
    <message>
        <source>The right class: the target t is 1 there and 0 for every other class.</source>
        <translation>正解クラス: 教師データ t はこのクラスが 1、ほかのクラスはすべて 0 です。</translation>
    </message>
    <message>
        <source>The probability the network gives the right class.</source>
        <translation>ネットワークが正解クラスに与える確率。</translation>
    </message>
    <message>
        <source>Use the Inspector&apos;s sample</source>
        <translation>インスペクターのサンプルを使う</translation>
    </message>
    <message>
        <source>Take the network&apos;s real output and right class for the sample chosen in the Inspector.</source>
        <translation>インスペクターで選んだサンプルについて、ネットワークの実際の出力と正解クラスを使います。</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>クラス数</translation>
    </message>
    <message>
        <source>Right class</source>
        <translation>正解クラス</translation>
    </message>
    <message>
        <source>Probability for it</source>
        <translation>正解クラスの確率</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>交差エントロピー誤差</translation>
    </message>
    <message>
        <source>Only the right class counts: minus the log of its probability. Sure and right costs almost nothing; sure and wrong costs a lot, without limit.</source>
        <translation>正解クラスだけが効きます: その確率の対数にマイナスを付けたもの。自信を持った正解はほとんど損失にならず、自信を持った不正解は上限なく大きな損失になります。</translation>
    </message>
    <message>
        <source>Squared error</source>
        <translation>二乗和誤差</translation>
    </message>
    <message>
        <source>Every class counts: half the sum of the squared differences from the target. It can never be more than 1, however wrong the network is.</source>
        <translation>すべてのクラスが効きます: 教師データとの差の二乗の和の半分。ネットワークがどんなに間違えても 1 を超えることはありません。</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>Each class&apos;s share of the two losses: the columns add up to the loss values above.</source>
        <translation>2 つの損失に対する各クラスの寄与。列を合計すると上の損失の値になります。</translation>
    </message>
    <message>
        <source>probability for the right class</source>
        <translation>正解クラスの確率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>How each loss grows as the probability for the right class falls (the rest shared equally).</source>
        <translation>正解クラスの確率が下がると、それぞれの損失がどう増えるか(残りの確率はほかのクラスで等分)。</translation>
    </message>
    <message>
        <source>The network&apos;s output for the Inspector&apos;s sample.</source>
        <translation>インスペクターのサンプルに対するネットワークの出力。</translation>
    </message>
    <message>
        <source>The other classes share the remaining {rest} equally.</source>
        <translation>ほかのクラスは残りの {rest} を等分します。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Design</source>
        <translation>設計</translation>
    </message>
    <message>
        <source>Build the network</source>
        <translation>ネットワークを組み立てます</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Set the hyperparameters, train, watch the curves</source>
        <translation>ハイパーパラメータを決めて学習し、学習曲線を観察します</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>Draw a digit, load a picture, browse the test set</source>
        <translation>数字を書いたり画像を読み込んだりして試し、テストデータを見ます</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>探究</translation>
    </message>
    <message>
        <source>See inside the network: inspector, gradient check, optimizer race, toy data</source>
        <translation>ネットワークの中をのぞきます: インスペクター、勾配確認、最適化手法の競争、おもちゃのデータ</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新規(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new, empty design (Ctrl+N)</source>
        <translation>新しい空の設計を始めます (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a design (.json) or a trained model (.npz) (Ctrl+O)</source>
        <translation>設計 (.json) または学習済みモデル (.npz) を開きます (Ctrl+O)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the design (Ctrl+S)</source>
        <translation>設計を保存します (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>名前を付けて保存(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the design under a new name (Ctrl+Shift+S)</source>
        <translation>設計を新しい名前で保存します (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Close LayerLab (Ctrl+Q)</source>
        <translation>LayerLab を終了します (Ctrl+Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last change (Ctrl+Z)</source>
        <translation>最後の変更を取り消します (Ctrl+Z)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直し(&amp;R)</translation>
    </message>
    <message>
        <source>Redo the change just undone (Ctrl+Shift+Z or Ctrl+Y)</source>
        <translation>取り消した変更をやり直します (Ctrl+Shift+Z または Ctrl+Y)</translation>
    </message>
    <message>
        <source>Undo &amp;History</source>
        <translation>変更履歴(&amp;H)</translation>
    </message>
    <message>
        <source>Show every change, and go back to any of them</source>
        <translation>すべての変更を表示し、どの時点にも戻れます</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>レイアウトを元に戻す(&amp;R)</translation>
    </message>
    <message>
        <source>Put the panels back to their first sizes</source>
        <translation>パネルを最初の大きさに戻します</translation>
    </message>
    <message>
        <source>&amp;About LayerLab</source>
        <translation>LayerLab について(&amp;A)</translation>
    </message>
    <message>
        <source>What LayerLab is</source>
        <translation>LayerLab とは</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <source>Every mouse action has a key too</source>
        <translation>マウスの操作はすべてキーでもできます</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>設定(&amp;P)…</translation>
    </message>
    <message>
        <source>Choose the language of LayerLab (Ctrl+,)</source>
        <translation>LayerLab の表示言語を選びます (Ctrl+,)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近使ったファイル(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>例題(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>メインツールバー</translation>
    </message>
    <message>
        <source>Add Layer</source>
        <translation>層を追加</translation>
    </message>
    <message>
        <source>Add a layer below the selected layer: choose its type</source>
        <translation>選んだ層の下に層を追加します(種類を選びます)</translation>
    </message>
    <message>
        <source>Locked while training</source>
        <translation>学習中はロック</translation>
    </message>
    <message>
        <source>The design cannot be changed while the network trains</source>
        <translation>ネットワークの学習中は設計を変更できません</translation>
    </message>
    <message>
        <source>How many weights and biases the network learns</source>
        <translation>ネットワークが学習する重みとバイアスの数</translation>
    </message>
    <message>
        <source>{name}[*] — LayerLab</source>
        <translation>{name}[*] — LayerLab</translation>
    </message>
    <message>
        <source>Parameters: {count}</source>
        <translation>パラメータ数: {count}</translation>
    </message>
    <message>
        <source>Memory: {weights} (≈ {training} to train)</source>
        <translation>メモリ: {weights}(学習時 ≈ {training})</translation>
    </message>
    <message>
        <source>The weights take {weights} as 32-bit numbers. Training also keeps gradients, the optimizer&apos;s state and one batch of layer outputs: about {training}.</source>
        <translation>重みは 32 ビットの数値で {weights} になります。学習時には勾配、最適化手法の状態、1 バッチ分の各層の出力も保持するので、約 {training} になります。</translation>
    </message>
    <message>
        <source>Cannot train: 1 error</source>
        <translation>学習できません: エラー 1 件</translation>
    </message>
    <message>
        <source>Cannot train: {count} errors</source>
        <translation>学習できません: エラー {count} 件</translation>
    </message>
    <message>
        <source>Ready to train (1 warning)</source>
        <translation>学習できます(警告 1 件)</translation>
    </message>
    <message>
        <source>Ready to train ({count} warnings)</source>
        <translation>学習できます(警告 {count} 件)</translation>
    </message>
    <message>
        <source>The design can be trained; see the checks for advice.</source>
        <translation>この設計は学習できます。チェックのアドバイスを見てください。</translation>
    </message>
    <message>
        <source>Ready to train</source>
        <translation>学習できます</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>問題はありません。</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>元に戻す(&amp;U): {what}</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>やり直し(&amp;R): {what}</translation>
    </message>
    <message>
        <source>Undo History</source>
        <translation>変更履歴</translation>
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation>&lt;開いたとき&gt;</translation>
    </message>
    <message>
        <source>About LayerLab</source>
        <translation>LayerLab について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LayerLab&lt;/h3&gt;&lt;p&gt;Build a neural network by dragging layers into a stack, train it on real data while the learning curves move, then test it by drawing digits.&lt;/p&gt;&lt;p&gt;The network is computed with NumPy; the application uses Qt.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LayerLab&lt;/h3&gt;&lt;p&gt;層をドラッグして積み重ねてニューラルネットワークを組み立て、学習曲線が動くのを見ながら本物のデータで学習し、数字を手書きしてテストします。&lt;/p&gt;&lt;p&gt;ネットワークの計算には NumPy を、アプリケーションには Qt を使っています。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>LayerLab</source>
        <translation>LayerLab</translation>
    </message>
    <message>
        <source>LayerLab could not start again. Please start it yourself.</source>
        <translation>LayerLab を再起動できませんでした。お手数ですが、もう一度起動してください。</translation>
    </message>
    <message>
        <source>Add the palette&apos;s selected layer</source>
        <translation>パレットで選んだ層を追加</translation>
    </message>
    <message>
        <source>Enter (in the palette)</source>
        <translation>Enter(パレットで)</translation>
    </message>
    <message>
        <source>Select a layer</source>
        <translation>層を選ぶ</translation>
    </message>
    <message>
        <source>Up / Down (in the network)</source>
        <translation>↑ / ↓(ネットワークで)</translation>
    </message>
    <message>
        <source>Edit the selected layer</source>
        <translation>選択中の層を編集</translation>
    </message>
    <message>
        <source>Enter or F2</source>
        <translation>Enter または F2</translation>
    </message>
    <message>
        <source>Move the selected layer</source>
        <translation>選択中の層を移動</translation>
    </message>
    <message>
        <source>Duplicate / delete the selected layer</source>
        <translation>選択中の層を複製 / 削除</translation>
    </message>
    <message>
        <source>Menu for the selected layer</source>
        <translation>選択中の層のメニュー</translation>
    </message>
    <message>
        <source>Menu key or Shift+F10</source>
        <translation>メニューキーまたは Shift+F10</translation>
    </message>
    <message>
        <source>Undo / redo</source>
        <translation>元に戻す / やり直し</translation>
    </message>
    <message>
        <source>New / open / save / save as</source>
        <translation>新規 / 開く / 保存 / 名前を付けて保存</translation>
    </message>
    <message>
        <source>Go to a page</source>
        <translation>画面を切り替える</translation>
    </message>
    <message>
        <source>Preferences (language)</source>
        <translation>設定(表示言語)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
</context>
<context>
    <name>MaxPool2DView</name>
    <message>
        <source>Keeps the largest value of each window, channel by channel: the image shrinks, the strongest responses stay. No weights to learn.</source>
        <translation>チャンネルごとに、各窓の最大値だけを残します。画像は小さくなり、いちばん強い反応が残ります。学習する重みはありません。</translation>
    </message>
    <message>
        <source>Layer {n}: back through max pooling</source>
        <translation>第 {n} 層: 最大プーリングを逆向きに</translation>
    </message>
    <message>
        <source>Layer {n}: max pooling</source>
        <translation>第 {n} 層: 最大プーリング</translation>
    </message>
    <message>
        <source>Only the largest value of each window reached the output, so only it gets the gradient; the others get 0.</source>
        <translation>出力に届いたのは各窓の最大値だけなので、勾配を受け取るのもその値だけです。ほかの値の勾配は 0 です。</translation>
    </message>
    <message>
        <source>Each window of each feature map is replaced by its largest value.</source>
        <translation>各特徴マップの各窓を、その最大値で置き換えます。</translation>
    </message>
    <message>
        <source>Max pooling</source>
        <translation>最大プーリング</translation>
    </message>
</context>
<context>
    <name>OwnDataDialog</name>
    <message>
        <source>Looking at {name}…</source>
        <translation>{name} を調べています…</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>{name} を読み込んでいます…</translation>
    </message>
    <message>
        <source>Choose a folder of pictures</source>
        <translation>画像のフォルダーを選ぶ</translation>
    </message>
    <message>
        <source>Tables ({patterns});;All files (*)</source>
        <translation>表 ({patterns});;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Choose a CSV table</source>
        <translation>CSV の表を選ぶ</translation>
    </message>
    <message>
        <source>Your data: {name}</source>
        <translation>自分のデータ: {name}</translation>
    </message>
    <message>
        <source>The first rows of the table; under each column&apos;s name, what LayerLab makes of it</source>
        <translation>表の最初の行です。各列の名前の下に、LayerLab がその列をどう読むかを示します</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>読み込みを中止</translation>
    </message>
    <message>
        <source>Stop reading the data; nothing changes in the design</source>
        <translation>データの読み込みをやめます。設計は変わりません</translation>
    </message>
    <message>
        <source>Use this data</source>
        <translation>このデータを使う</translation>
    </message>
    <message>
        <source>Read all of the data and train the design on it</source>
        <translation>データをすべて読み込み、設計をこのデータで学習させます</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高さ</translation>
    </message>
    <message>
        <source>width</source>
        <translation>幅</translation>
    </message>
    <message>
        <source>Looking at the data…</source>
        <translation>データを調べています…</translation>
    </message>
    <message>
        <source>This data cannot be used yet:</source>
        <translation>このデータはまだ使えません:</translation>
    </message>
    <message>
        <source>To use the other rows, choose “Leave those rows out” under Gaps.</source>
        <translation>ほかの行を使うには、「欠けた値」で「その行を除く」を選んでください。</translation>
    </message>
    <message>
        <source>This data cannot be used:</source>
        <translation>このデータは使えません:</translation>
    </message>
    <message>
        <source>Ready: {rows} rows give {inputs} inputs each and {classes} classes.</source>
        <translation>準備完了: {rows} 行から、1 行あたり {inputs} 個の入力と {classes} クラスができます。</translation>
    </message>
    <message>
        <source>{count} rows with gaps are left out.</source>
        <translation>欠けた値のある {count} 行は除きます。</translation>
    </message>
    <message>
        <source>Ready: {files} files in {classes} classes.</source>
        <translation>準備完了: {classes} クラスに {files} 個のファイルがあります。</translation>
    </message>
    <message>
        <source>The test pictures come from its test folder.</source>
        <translation>テスト用の画像は test フォルダーから取ります。</translation>
    </message>
    <message>
        <source>Among the first files, {count} are not pictures and will be skipped, for example {file}.</source>
        <translation>最初のほうのファイルのうち {count} 個は画像ではないので飛ばします（例: {file}）。</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>not used</source>
        <translation>使わない</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>text: {count} values</source>
        <translation>文字: {count} 種類</translation>
    </message>
    <message>
        <source>{count} gaps</source>
        <translation>欠け {count}</translation>
    </message>
    <message>
        <source>Classes in {column}: {counts} (of {rows} rows)</source>
        <translation>{column} のクラス: {counts}（全 {rows} 行）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{count} pictures</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{count} 枚</translation>
    </message>
    <message>
        <source>As the network sees it: {shape}</source>
        <translation>ネットワークが見る形: {shape}</translation>
    </message>
    <message>
        <source>{classes} classes: {counts}</source>
        <translation>{classes} クラス: {counts}</translation>
    </message>
    <message>
        <source>Reading stopped; the design was not changed.</source>
        <translation>読み込みを中止しました。設計は変わっていません。</translation>
    </message>
</context>
<context>
    <name>PaddingEditor</name>
    <message>
        <source>As many zeros as keep the output as high and wide as the input (stride 1, odd kernels)</source>
        <translation>出力の高さと幅が入力と同じになるだけのゼロを足します（ストライド 1、奇数の大きさのカーネル）</translation>
    </message>
</context>
<context>
    <name>PlaygroundPanel</name>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>Spirals</source>
        <translation>らせん</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心円</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>XOR</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>2 つの三日月</translation>
    </message>
    <message>
        <source>Linearly separable</source>
        <translation>線形分離可能</translation>
    </message>
    <message>
        <source>Which points to learn. Each has two inputs (the x and y position) and two classes.</source>
        <translation>学習する点の種類。どれも入力は 2 つ(x と y の位置)、クラスは 2 つです。</translation>
    </message>
    <message>
        <source>How much the points are jittered: 0 gives clean shapes; 0.3 makes the classes overlap.</source>
        <translation>点をどれだけ散らすか。0 ならきれいな形、0.3 ではクラスどうしが重なります。</translation>
    </message>
    <message>
        <source>How many points; a fifth of them are kept aside as test points (hollow).</source>
        <translation>点の数。そのうち 5 分の 1 はテスト用に取っておきます(白抜きの点)。</translation>
    </message>
    <message>
        <source>The random seed: the same seed gives the same points and the same starting weights.</source>
        <translation>乱数のシード。同じシードなら、同じ点と同じ重みの初期値になります。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>データセット</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>ノイズ</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>乱数シード</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点の数</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>The current design</source>
        <translation>現在の設計</translation>
    </message>
    <message>
        <source>Train the design you are editing (it must have 2 inputs).</source>
        <translation>編集中の設計を学習します(入力が 2 つの設計に限ります)。</translation>
    </message>
    <message>
        <source>Build one here</source>
        <translation>ここで組み立てる</translation>
    </message>
    <message>
        <source>Try depths and widths quickly, without changing your design.</source>
        <translation>設計を変えずに、層の数や幅を手軽に試せます。</translation>
    </message>
    <message>
        <source>How many hidden layers. With 0, the network can only draw one straight line between the classes.</source>
        <translation>隠れ層の数。0 だと、ネットワークはクラスの間に直線を 1 本引くことしかできません。</translation>
    </message>
    <message>
        <source>Neurons in each hidden layer. Each one can add a bend to the boundary.</source>
        <translation>各隠れ層のニューロン数。ニューロン 1 つごとに境界に曲がりを 1 つ加えられます。</translation>
    </message>
    <message>
        <source>The activation of the hidden layers. ReLU gives straight-edged boundaries; tanh and sigmoid smooth ones.</source>
        <translation>隠れ層の活性化関数。ReLU では境界が角ばり、Tanh と Sigmoid では滑らかになります。</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隠れ層の数</translation>
    </message>
    <message>
        <source>Neurons per layer</source>
        <translation>1 層のニューロン数</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <source>Learning</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>How the weights are moved by their gradients.</source>
        <translation>勾配を使って重みをどう動かすか。</translation>
    </message>
    <message>
        <source>The learning rate: how big each step is.</source>
        <translation>学習率: 1 ステップの大きさ。</translation>
    </message>
    <message>
        <source>Points per mini-batch: the weights move after each mini-batch.</source>
        <translation>ミニバッチあたりの点の数。重みはミニバッチごとに更新されます。</translation>
    </message>
    <message>
        <source>How many times training goes through all the points.</source>
        <translation>すべての点を何周学習するか。</translation>
    </message>
    <message>
        <source>Slow, to watch</source>
        <translation>ゆっくり(観察用)</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>ふつう</translation>
    </message>
    <message>
        <source>As fast as possible</source>
        <translation>できるだけ速く</translation>
    </message>
    <message>
        <source>Slow training down so the boundary can be seen moving.</source>
        <translation>境界が動く様子が見えるように、学習をゆっくりにします。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Start from fresh weights and train; the boundary moves as the network learns.</source>
        <translation>新しい重みの初期値から学習します。学習が進むにつれて境界が動きます。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop training; the boundary stays as it is.</source>
        <translation>学習を止めます。境界はそのまま残ります。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Try this&lt;/b&gt;&lt;br&gt;• XOR with 0 hidden layers: no straight line separates it. Then 1.&lt;br&gt;• Spirals with 1 hidden layer of 4: too few bends. Then 2 of 16.&lt;br&gt;• Noise 0.3, 100 points, 64 neurons: the boundary chases single points (overfitting), and the test accuracy falls behind.</source>
        <translation>&lt;b&gt;試してみよう&lt;/b&gt;&lt;br&gt;• XOR を隠れ層 0 で: 直線では分けられません。次に 1 層で。&lt;br&gt;• らせんをニューロン 4 個の隠れ層 1 つで: 曲がりが足りません。次に 16 個の 2 層で。&lt;br&gt;• ノイズ 0.3、点 100 個、ニューロン 64 個で: 境界が 1 つ 1 つの点を追いかけ (過学習)、テストの正解率が置いていかれます。</translation>
    </message>
    <message>
        <source>Dots: training points; rings: test points. The background is the network&apos;s answer everywhere:
blue for class 0, orange for class 1, paler where it is unsure. The boundary is where the colours meet.</source>
        <translation>点: 訓練データ、輪: テストデータ。背景は各位置でのネットワークの答えです:
青がクラス 0、オレンジがクラス 1、自信がないところほど淡くなります。色の境目が決定境界です。</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>The loss of every mini-batch: it falls as the boundary fits the points.</source>
        <translation>ミニバッチごとの損失。境界が点に合ってくるにつれて下がります。</translation>
    </message>
    <message>
        <source>The current design: {name}</source>
        <translation>現在の設計: {name}</translation>
    </message>
    <message>
        <source>Train the design you are editing on the points below.</source>
        <translation>編集中の設計を下の点で学習します。</translation>
    </message>
    <message>
        <source>Only for designs with 2 inputs; this one has {n}.</source>
        <translation>入力が 2 つの設計だけで使えます。この設計の入力は {n} 個です。</translation>
    </message>
    <message>
        <source>Playground network</source>
        <translation>ここで組み立てたネットワーク</translation>
    </message>
    <message>
        <source>{n} training points and {m} test points. Press Train.</source>
        <translation>訓練データ {n} 点、テストデータ {m} 点。「学習」を押してください。</translation>
    </message>
    <message>
        <source>This design can&apos;t be trained yet:</source>
        <translation>この設計はまだ学習できません:</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>学習中…</translation>
    </message>
    <message>
        <source>Epoch {e} of {n} · loss {loss:.4f} · training accuracy {acc}</source>
        <translation>エポック {e} / {n} · 損失 {loss:.4f} · 訓練データの正解率 {acc}</translation>
    </message>
    <message>
        <source>Training could not run: {reason}</source>
        <translation>学習を実行できませんでした: {reason}</translation>
    </message>
    <message>
        <source>Done: training accuracy {train}, test accuracy {test}.</source>
        <translation>完了: 訓練データの正解率 {train}、テストデータの正解率 {test}。</translation>
    </message>
    <message>
        <source>Stopped: test accuracy {test}.</source>
        <translation>停止: テストデータの正解率 {test}。</translation>
    </message>
</context>
<context>
    <name>PoolView</name>
    <message>
        <source>{window} windows</source>
        <translation>{window} の窓</translation>
    </message>
    <message>
        <source>{window} windows · stride {stride}</source>
        <translation>{window} の窓 · ストライド {stride}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>表示言語</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>システムの設定に従う({language})</translation>
    </message>
    <message>
        <source>The new language is used the next time LayerLab starts.</source>
        <translation>新しい言語は、次に LayerLab を起動したときから使われます。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>表示言語(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Restart now</source>
        <translation>今すぐ再起動(&amp;R)</translation>
    </message>
    <message>
        <source>Keep the choice and start LayerLab again in the new language (unsaved work is asked about first)</source>
        <translation>選んだ言語を保存し、その言語で LayerLab を起動し直します（保存していない作業があれば先に確認します）</translation>
    </message>
</context>
<context>
    <name>RacePanel</name>
    <message>
        <source>The same network trained five times, once per optimizer. All start from &lt;b&gt;the same initial weights&lt;/b&gt; and see &lt;b&gt;the same mini-batches in the same order&lt;/b&gt;, so the curves differ only in how each optimizer moves the weights.</source>
        <translation>同じネットワークを、最適化手法ごとに 1 回ずつ、計 5 回学習します。どれも&lt;b&gt;同じ重みの初期値&lt;/b&gt;から始め、&lt;b&gt;同じミニバッチを同じ順番&lt;/b&gt;で見るので、曲線の違いは最適化手法による重みの動かし方の違いだけです。</translation>
    </message>
    <message>
        <source>Optimizers and learning rates</source>
        <translation>最適化手法と学習率</translation>
    </message>
    <message>
        <source>The learning rate η for {name}; its usual value is {lr}.</source>
        <translation>{name} の学習率 η。ふつうは {lr} です。</translation>
    </message>
    <message>
        <source>Usual rates</source>
        <translation>ふつうの学習率</translation>
    </message>
    <message>
        <source>Put every learning rate back to its optimizer&apos;s usual value.</source>
        <translation>すべての学習率を、それぞれの最適化手法のふつうの値に戻します。</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>競争</translation>
    </message>
    <message>
        <source>How many times each optimizer goes through the training samples.</source>
        <translation>各最適化手法が訓練データを何周学習するか。</translation>
    </message>
    <message>
        <source>Race on the first N training samples only: five runs take five times as long as one.</source>
        <translation>訓練データの最初の N 個だけで競争します。5 回学習するので、1 回の 5 倍の時間がかかります。</translation>
    </message>
    <message>
        <source>Start race</source>
        <translation>競争を始める</translation>
    </message>
    <message>
        <source>Train the current design with every ticked optimizer, side by side.</source>
        <translation>チェックしたすべての最適化手法で、現在の設計を並べて学習します。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End the race now; the curves stay.</source>
        <translation>競争を今すぐ終えます。曲線は残ります。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <source>Training samples</source>
        <translation>訓練データの数</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>対数目盛</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic scale, where small late differences are easier to see.</source>
        <translation>損失を対数目盛で表示します。後半の小さな違いが見やすくなります。</translation>
    </message>
    <message>
        <source>Every batch</source>
        <translation>すべてのバッチ</translation>
    </message>
    <message>
        <source>Also show each mini-batch&apos;s loss (noisy), not only the smoothed curves.</source>
        <translation>平滑化した曲線だけでなく、ミニバッチごとの損失(ノイズが多い)も表示します。</translation>
    </message>
    <message>
        <source>loss (per batch, smoothed)</source>
        <translation>損失(バッチごと、平滑化)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>The loss of each optimizer&apos;s network on every mini-batch, smoothed. Lower is better.</source>
        <translation>各最適化手法のネットワークの、ミニバッチごとの損失(平滑化)。低いほど良い結果です。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>First loss</source>
        <translation>最初の損失</translation>
    </message>
    <message>
        <source>Last loss (smoothed)</source>
        <translation>最後の損失(平滑化)</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>テスト正解率</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>First loss: the same for all, since they start from the same weights on the same batch.
Test accuracy: on test samples none of them trained on.</source>
        <translation>最初の損失: 同じ重みから同じバッチで始めるので、すべて同じ値です。
テスト正解率: どれも学習していないテストデータでの正解率です。</translation>
    </message>
    <message>
        <source>Design: {name}</source>
        <translation>設計: {name}</translation>
    </message>
    <message>
        <source>This design can&apos;t be trained yet:</source>
        <translation>この設計はまだ学習できません:</translation>
    </message>
    <message>
        <source>Tick at least one optimizer.</source>
        <translation>最適化手法を 1 つ以上チェックしてください。</translation>
    </message>
    <message>
        <source>Loading the dataset…</source>
        <translation>データセットを読み込んでいます…</translation>
    </message>
    <message>
        <source>Racing…</source>
        <translation>競争中…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <source>Racing… batch {step} of {steps}</source>
        <translation>競争中… バッチ {step} / {steps}</translation>
    </message>
    <message>
        <source>The race could not run: {reason}</source>
        <translation>競争を実行できませんでした: {reason}</translation>
    </message>
    <message>
        <source>Race finished.</source>
        <translation>競争が終わりました。</translation>
    </message>
    <message>
        <source>Race stopped.</source>
        <translation>競争を停止しました。</translation>
    </message>
    <message>
        <source>{steps} batches each, in {s:.1f} s.</source>
        <translation>それぞれ {steps} バッチ、{s:.1f} 秒。</translation>
    </message>
    <message>
        <source>diverged (loss became NaN)</source>
        <translation>発散(損失が NaN になりました)</translation>
    </message>
</context>
<context>
    <name>RateSparkline</name>
    <message>
        <source>learning rate of each epoch</source>
        <translation>エポックごとの学習率</translation>
    </message>
</context>
<context>
    <name>SampleChooser</name>
    <message>
        <source>Sample</source>
        <translation>サンプル</translation>
    </message>
    <message>
        <source>The one example that goes through the network.</source>
        <translation>ネットワークを通る 1 つのデータ。</translation>
    </message>
    <message>
        <source>Where the sample comes from: a point you type, one from the test set, or a digit you draw.</source>
        <translation>サンプルの出どころ: 入力した点、テストデータの 1 つ、または手書きの数字。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出どころ</translation>
    </message>
    <message>
        <source>The first input, x₁.</source>
        <translation>1 つ目の入力 x₁。</translation>
    </message>
    <message>
        <source>The second input, x₂.</source>
        <translation>2 つ目の入力 x₂。</translation>
    </message>
    <message>
        <source>Which test-set sample to trace (numbered from 0).</source>
        <translation>追跡するテストデータの番号 (0 から)。</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>Pick another test-set sample at random.</source>
        <translation>テストデータから別のサンプルをランダムに選びます。</translation>
    </message>
    <message>
        <source>Test sample</source>
        <translation>テストデータの番号</translation>
    </message>
    <message>
        <source>The right answer for this sample. The loss measures how far the output is from it;
the target t has 1 for this class and 0 for the others.</source>
        <translation>このサンプルの正解。損失は出力が正解からどれだけ離れているかを測ります。
教師データ t はこのクラスが 1、ほかは 0 です。</translation>
    </message>
    <message>
        <source>Right class</source>
        <translation>正解クラス</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <source>Wipe the drawing.</source>
        <translation>手書きを消します。</translation>
    </message>
    <message>
        <source>A point you choose</source>
        <translation>自分で選んだ点</translation>
    </message>
    <message>
        <source>A test-set sample</source>
        <translation>テストデータのサンプル</translation>
    </message>
    <message>
        <source>Your drawing</source>
        <translation>手書きの数字</translation>
    </message>
    <message>
        <source>Draw a digit in the box on the left.</source>
        <translation>左の枠に数字を書いてください。</translation>
    </message>
    <message>
        <source>Loading the test set…</source>
        <translation>テストデータを読み込んでいます…</translation>
    </message>
</context>
<context>
    <name>SizeEditor</name>
    <message>
        <source>rectangular</source>
        <translation>長方形</translation>
    </message>
    <message>
        <source>Give the height and the width separately</source>
        <translation>高さと幅を別々に指定します</translation>
    </message>
    <message>
        <source>{field}: height</source>
        <translation>{field}: 高さ</translation>
    </message>
    <message>
        <source>{field}: width</source>
        <translation>{field}: 幅</translation>
    </message>
</context>
<context>
    <name>TableForm</name>
    <message>
        <source>A number, as the column {column} holds them</source>
        <translation>{column} 列と同じ形の数値</translation>
    </message>
    <message>
        <source>One of the values the model saw in {column}</source>
        <translation>モデルが {column} 列で見た値のどれか</translation>
    </message>
    <message>
        <source>Type a number for {column}.</source>
        <translation>{column} に数値を入力してください。</translation>
    </message>
    <message>
        <source>{column}: “{text}” is not a number.</source>
        <translation>{column}: 「{text}」は数値ではありません。</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Out of memory: try a smaller network, batch or dataset.</source>
        <translation>メモリが足りません。ネットワーク、バッチ、データセットを小さくしてみてください。</translation>
    </message>
</context>
<context>
    <name>TestImageDelegate</name>
    <message>
        <source>true {label}</source>
        <translation>正解 {label}</translation>
    </message>
</context>
<context>
    <name>TestImagesModel</name>
    <message>
        <source>Test image #{index}: predicted {predicted} ({confidence:.1f} %), true {true}.
Double-click to try it on the canvas.</source>
        <translation>テスト画像 #{index}: 予測 {predicted} ({confidence:.1f} %)、正解 {true}。
ダブルクリックするとキャンバスで試せます。</translation>
    </message>
    <message>
        <source>predicted {predicted}, true {true}</source>
        <translation>予測 {predicted}、正解 {true}</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <source>Test another of the models that ship with LayerLab</source>
        <translation>LayerLab に付属の別のモデルでテストします</translation>
    </message>
    <message>
        <source>Load image…</source>
        <translation>画像を読み込む…</translation>
    </message>
    <message>
        <source>Open a PNG or JPEG picture of a digit. Dark ink on light paper is detected and inverted.
You can also drop a picture file on the page.</source>
        <translation>数字の PNG または JPEG 画像を開きます。白い紙に黒いインクで書いたものは自動で白黒を反転します。
画像ファイルをこの画面にドロップすることもできます。</translation>
    </message>
    <message>
        <source>Undo stroke</source>
        <translation>一筆戻す</translation>
    </message>
    <message>
        <source>Remove the last stroke (Ctrl+Z or Backspace while the canvas has focus)</source>
        <translation>最後の一筆を消します(キャンバスにフォーカスがあるときは Ctrl+Z か Backspace)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <source>Wipe the canvas (Delete while the canvas has focus)</source>
        <translation>キャンバスを消去します(キャンバスにフォーカスがあるときは Delete)</translation>
    </message>
    <message>
        <source>&lt;b&gt;One row of the table&lt;/b&gt;</source>
        <translation>&lt;b&gt;表の 1 行&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Type the values of one sample: the answer follows every keystroke. The numbers start at the training rows&apos; averages.</source>
        <translation>1 つのサンプルの値を入力してください。答えは入力するたびに変わります。数値の初期値は学習に使った行の平均です。</translation>
    </message>
    <message>
        <source>The 28x28 image the network receives: the drawing cropped, scaled to fit 20x20 pixels and centred by its centre of mass, as the MNIST digits were.</source>
        <translation>ネットワークが受け取る 28×28 の画像。MNIST の数字と同じように、手書きを切り抜いて 20×20 ピクセルに収まるよう縮小し、重心で中央に配置したものです。</translation>
    </message>
    <message>
        <source>The class the network finds most likely, and its probability</source>
        <translation>ネットワークが最も可能性が高いと考えるクラスと、その確率</translation>
    </message>
    <message>
        <source>&lt;b&gt;What the network sees&lt;/b&gt;</source>
        <translation>&lt;b&gt;ネットワークに見えている画像&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Its answer&lt;/b&gt;</source>
        <translation>&lt;b&gt;ネットワークの答え&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The probability the network gives each class; the most likely one is highlighted</source>
        <translation>ネットワークが各クラスに与える確率。最も可能性の高いクラスを強調表示します</translation>
    </message>
    <message>
        <source>&lt;b&gt;Probabilities&lt;/b&gt;</source>
        <translation>&lt;b&gt;確率&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>手書き</translation>
    </message>
    <message>
        <source>Draw a digit or load a picture and watch the prediction</source>
        <translation>数字を書くか画像を読み込んで、予測を見ます</translation>
    </message>
    <message>
        <source>Test set</source>
        <translation>テストデータ</translation>
    </message>
    <message>
        <source>The model&apos;s answers on every test image, its mistakes and its confusion matrix</source>
        <translation>すべてのテスト画像に対するモデルの答え、間違い、混同行列</translation>
    </message>
    <message>
        <source>The {h}x{w} picture the network receives: the drawing or picture resized, as the pictures of its folder were.</source>
        <translation>ネットワークが受け取る {h}×{w} の画像です。フォルダーの画像と同じように、描いた絵や画像を縮小・拡大したものです。</translation>
    </message>
    <message>
        <source>Type a row</source>
        <translation>1 行を入力</translation>
    </message>
    <message>
        <source>{name} ({accuracy:.1f} %)</source>
        <translation>{name} ({accuracy:.1f} %)</translation>
    </message>
    <message>
        <source>&lt;b&gt;No trained model yet.&lt;/b&gt; Train a design on the Training page, or open a model file.</source>
        <translation>&lt;b&gt;学習済みモデルがまだありません。&lt;/b&gt;学習画面で設計を学習するか、モデルファイルを開いてください。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shipped model:&lt;/b&gt; {name}, {accuracy:.1f} % on the test set</source>
        <translation>&lt;b&gt;付属モデル:&lt;/b&gt; {name}、テストデータでの正解率 {accuracy:.1f} %</translation>
    </message>
    <message>
        <source>the model that ships with LayerLab</source>
        <translation>LayerLab に付属のモデル</translation>
    </message>
    <message>
        <source>trained in this session</source>
        <translation>このセッションで学習したもの</translation>
    </message>
    <message>
        <source>opened from {file}</source>
        <translation>{file} から開いたもの</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model:&lt;/b&gt; {name}, {where}</source>
        <translation>&lt;b&gt;モデル:&lt;/b&gt; {name}、{where}</translation>
    </message>
    <message>
        <source> · validation accuracy {accuracy:.1f} %</source>
        <translation> · 検証データの正解率 {accuracy:.1f} %</translation>
    </message>
    <message>
        <source>This model takes inputs of shape {shape}, not 28x28 pictures: to test drawings, train a design on MNIST or Fashion-MNIST.</source>
        <translation>このモデルの入力は形状 {shape} で、28×28 の画像ではありません。手書きでテストするには、MNIST か Fashion-MNIST で設計を学習してください。</translation>
    </message>
    <message>
        <source>no model to ask</source>
        <translation>答えるモデルがありません</translation>
    </message>
    <message>
        <source>Type a number in every number field</source>
        <translation>数値の欄すべてに数値を入力してください</translation>
    </message>
    <message>
        <source>Draw a digit on the canvas</source>
        <translation>キャンバスに数字を書いてください</translation>
    </message>
    <message>
        <source>{probability:.1f} % sure</source>
        <translation>確信度 {probability:.1f} %</translation>
    </message>
    <message>
        <source>score {score:.3g} (this model gives scores, not probabilities)</source>
        <translation>スコア {score:.3g} (このモデルが出すのは確率ではなくスコアです)</translation>
    </message>
    <message>
        <source>Load a picture of a digit</source>
        <translation>数字の画像を読み込む</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp *.gif);;All files (*)</source>
        <translation>画像 (*.png *.jpg *.jpeg *.bmp *.gif);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>This picture cannot be used.</source>
        <translation>この画像は使えません。</translation>
    </message>
</context>
<context>
    <name>TestSetBrowser</name>
    <message>
        <source>Download…</source>
        <translation>ダウンロード…</translation>
    </message>
    <message>
        <source>Download the dataset from the standard public mirrors (it is kept for next time)</source>
        <translation>標準の公開ミラーからデータセットをダウンロードします(次回のために保存されます)</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <source>Look for the dataset again and classify its test set</source>
        <translation>データセットをもう一度探し、テストデータを分類します</translation>
    </message>
    <message>
        <source>All images</source>
        <translation>すべての画像</translation>
    </message>
    <message>
        <source>Mistakes only</source>
        <translation>間違いだけ</translation>
    </message>
    <message>
        <source>Show every test image, or only those the model gets wrong</source>
        <translation>すべてのテスト画像か、モデルが間違えた画像だけを表示します</translation>
    </message>
    <message>
        <source>Test-set order</source>
        <translation>テストデータの順</translation>
    </message>
    <message>
        <source>Most confident first</source>
        <translation>確信度の高い順</translation>
    </message>
    <message>
        <source>Least confident first</source>
        <translation>確信度の低い順</translation>
    </message>
    <message>
        <source>Order the images by the probability the model gives its answer</source>
        <translation>モデルが答えに与えた確率の順に画像を並べます</translation>
    </message>
    <message>
        <source>Show all classes</source>
        <translation>すべてのクラスを表示</translation>
    </message>
    <message>
        <source>Leave the confusion-matrix cell and show every class again</source>
        <translation>混同行列のマスの選択を解除し、すべてのクラスを表示します</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>表示:</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>並べ方:</translation>
    </message>
    <message>
        <source>Test images with the predicted label (bold) and the true one; mistakes are red</source>
        <translation>テスト画像と、予測したラベル(太字)と正解のラベル。間違いは赤で表示します</translation>
    </message>
    <message>
        <source>The share of each class&apos;s test images the model gets right; the hardest class is highlighted</source>
        <translation>クラスごとの正解率。最も難しいクラスを強調表示します</translation>
    </message>
    <message>
        <source>&lt;b&gt;Confusion matrix&lt;/b&gt;</source>
        <translation>&lt;b&gt;混同行列&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Accuracy per class&lt;/b&gt;</source>
        <translation>&lt;b&gt;クラスごとの正解率&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No model to test yet.</source>
        <translation>テストするモデルがまだありません。</translation>
    </message>
    <message>
        <source>The test-set browser shows image datasets and tables; this model is trained on {name}.</source>
        <translation>テストセットの一覧は画像のデータセットと表のためのものです。このモデルは {name} で学習しています。</translation>
    </message>
    <message>
        <source>The test set is classified when you open this tab.</source>
        <translation>このタブを開くとテストデータを分類します。</translation>
    </message>
    <message>
        <source>Loading the {name} test set and classifying it…</source>
        <translation>{name} のテストデータを読み込んで分類しています…</translation>
    </message>
    <message>
        <source>{title} test set: {count} rows, {right} classified right ({accuracy:.2f} %), {wrong} mistakes.</source>
        <translation>{title} のテストセット: {count} 行のうち {right} 行を正しく分類（{accuracy:.2f} %）、誤りは {wrong} 行。</translation>
    </message>
    <message>
        <source>{title} test set: {count} images, {right} classified right ({accuracy:.2f} %), {wrong} mistakes.</source>
        <translation>{title} のテストデータ: {count} 枚、正解 {right} 枚 ({accuracy:.2f} %)、間違い {wrong} 枚。</translation>
    </message>
    <message>
        <source>The {name} dataset is not on this computer, so its test set cannot be shown. Download it, or put its files in a data folder.</source>
        <translation>{name} のデータセットがこのコンピューターにないので、テストデータを表示できません。ダウンロードするか、ファイルをデータフォルダーに置いてください。</translation>
    </message>
    <message>
        <source>The test set could not be shown: {reason}</source>
        <translation>テストデータを表示できませんでした: {reason}</translation>
    </message>
    <message>
        <source>True {true}, predicted {predicted}</source>
        <translation>正解 {true}、予測 {predicted}</translation>
    </message>
    <message>
        <source>{shown} of {total} images</source>
        <translation>{shown} / {total} 枚</translation>
    </message>
</context>
<context>
    <name>TraceView</name>
    <message>
        <source>Every step of the forward pass (→) and the backward pass (←). Click one to jump to it.</source>
        <translation>順伝播 (→) と逆伝播 (←) のすべてのステップ。クリックするとそのステップへ移動します。</translation>
    </message>
    <message>
        <source>Where in the network this step happens. Blue: forward pass; orange: backward pass.</source>
        <translation>このステップがネットワークのどこで起きるか。青: 順伝播、オレンジ: 逆伝播。</translation>
    </message>
    <message>
        <source>The formula this step computes.</source>
        <translation>このステップで計算する式。</translation>
    </message>
    <message>
        <source>The same formula with the numbers put in, neuron by neuron: check them with a pencil.</source>
        <translation>同じ式に数値を入れたもの(ニューロンごと)。鉛筆で確かめてみましょう。</translation>
    </message>
    <message>
        <source>The network drawn neuron by neuron: each circle shows its value once the forward pass reaches it,
and its ∂L/∂z (orange) on the way back. Red lines are positive weights, blue negative ones.</source>
        <translation>ネットワークをニューロン単位で描いたもの。各円には、順伝播が届くとその値が、
逆伝播では ∂L/∂z(オレンジ)が表示されます。赤い線は正の重み、青い線は負の重みです。</translation>
    </message>
    <message>
        <source>What the network answers for this sample, and the loss.</source>
        <translation>このサンプルに対するネットワークの答えと損失。</translation>
    </message>
    <message>
        <source>◀◀ Start</source>
        <translation>◀◀ 最初</translation>
    </message>
    <message>
        <source>Back to the first step: the input.</source>
        <translation>最初のステップ(入力)に戻ります。</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 戻る</translation>
    </message>
    <message>
        <source>The previous step.</source>
        <translation>前のステップ。</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>次へ ▶</translation>
    </message>
    <message>
        <source>The next step: forward through the layers to the loss, then backward.</source>
        <translation>次のステップ: 層を順に損失関数まで進み、それから逆向きに戻ります。</translation>
    </message>
    <message>
        <source>Last ▶▶</source>
        <translation>最後 ▶▶</translation>
    </message>
    <message>
        <source>Jump to the last step of the backward pass.</source>
        <translation>逆伝播の最後のステップへ移動します。</translation>
    </message>
    <message>
        <source>Input x</source>
        <translation>入力 x</translation>
    </message>
    <message>
        <source>Loss L ({loss})</source>
        <translation>損失 L({loss})</translation>
    </message>
    <message>
        <source>Gradient of the loss, ∂L/∂y</source>
        <translation>損失の勾配 ∂L/∂y</translation>
    </message>
    <message>
        <source>The sample the network receives: {n} numbers, one per pixel: 0 for the background, up to 1 for the ink.</source>
        <translation>ネットワークが受け取るサンプル: 1 ピクセルに 1 つ、{n} 個の数値。背景は 0、インクは最大 1 です。</translation>
    </message>
    <message>
        <source>The sample the network receives: {n} numbers.</source>
        <translation>ネットワークが受け取るサンプル: {n} 個の数値。</translation>
    </message>
    <message>
        <source>The backward pass starts here: how much the loss changes when each output changes a little.</source>
        <translation>逆伝播はここから始まります: 各出力が少し変わったとき、損失がどれだけ変わるか。</translation>
    </message>
    <message>
        <source>x: the input of this layer</source>
        <translation>x: この層への入力</translation>
    </message>
    <message>
        <source>W: the weights, one row per input and one column per neuron</source>
        <translation>W: 重み(入力ごとに 1 行、ニューロンごとに 1 列)</translation>
    </message>
    <message>
        <source>b: the biases, one per neuron</source>
        <translation>b: バイアス(ニューロンごとに 1 つ)</translation>
    </message>
    <message>
        <source>z: the weighted sums, one per neuron</source>
        <translation>z: 重み付き和(ニューロンごとに 1 つ)</translation>
    </message>
    <message>
        <source>a: the activations, this layer&apos;s output</source>
        <translation>a: 活性化関数の出力(この層の出力)</translation>
    </message>
    <message>
        <source>y: the network&apos;s output</source>
        <translation>y: ネットワークの出力</translation>
    </message>
    <message>
        <source>t: the target, 1 for the right class and 0 for the others</source>
        <translation>t: 教師データ(正解クラスは 1、ほかは 0)</translation>
    </message>
    <message>
        <source>L: the loss, how wrong the output is</source>
        <translation>L: 損失(出力がどれだけ間違っているか)</translation>
    </message>
    <message>
        <source>K: the kernels, one per filter (filters × channels × height × width)</source>
        <translation>K: カーネル、フィルターごとに 1 つ (フィルター × チャンネル × 高さ × 幅)</translation>
    </message>
    <message>
        <source>mask: 1 where a value was the largest of its window (the winner), 0 elsewhere</source>
        <translation>mask: 窓の中でいちばん大きかった値 (勝った値) の位置が 1、ほかは 0</translation>
    </message>
    <message>
        <source>{symbol}: how much the loss L changes when {what} changes a little</source>
        <translation>{symbol}: {what}が少し変わったとき、損失 L がどれだけ変わるか</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 層</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失関数</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>順伝播</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>逆伝播</translation>
    </message>
    <message>
        <source>Step {i} of {n}</source>
        <translation>ステップ {i} / {n}</translation>
    </message>
    <message>
        <source>Output: the largest is class {pred} ({p}). Right class: {label}. Loss L = {loss}.</source>
        <translation>出力: 最大はクラス {pred} ({p})。正解クラス: {label}。損失 L = {loss}。</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Build the network with fresh weights and train it on the dataset.</source>
        <translation>新しい重みの初期値でネットワークを作り、データセットで学習します。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Hold training after the current mini-batch; Resume goes on from there.</source>
        <translation>今のミニバッチが終わったら学習を止めます。「再開」でそこから続けます。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Go on training from where it was paused.</source>
        <translation>一時停止したところから学習を続けます。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End training now. The network keeps what it has learnt and is scored on the test set.</source>
        <translation>学習を今すぐ終えます。ネットワークはそれまでに学習した内容を保ち、テストデータで採点されます。</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>準備完了。</translation>
    </message>
    <message>
        <source>The learning rate of the epoch under way: the design&apos;s schedule sets it at the start of each epoch.</source>
        <translation>実行中のエポックの学習率。設計のスケジュールが各エポックの始めに設定します。</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>経過時間</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>残り時間</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Test accuracy: –</source>
        <translation>テスト正解率: –</translation>
    </message>
    <message>
        <source>Accuracy on the test set: examples the network never saw while training.
It is the honest measure of how well it will do on new data.</source>
        <translation>テストデータでの正解率。テストデータは学習中に一度も見せていないデータです。
新しいデータに対してどれだけうまくいくかを正直に表す指標です。</translation>
    </message>
    <message>
        <source>Save trained model…</source>
        <translation>学習済みモデルを保存…</translation>
    </message>
    <message>
        <source>Save the trained network (weights, design and curves) in one .npz file.</source>
        <translation>学習したネットワーク(重み、設計、学習曲線)を 1 つの .npz ファイルに保存します。</translation>
    </message>
    <message>
        <source>Training: the design is read-only until the run ends.</source>
        <translation>学習中: 終わるまで設計は読み取り専用です。</translation>
    </message>
    <message>
        <source>Log scale (loss)</source>
        <translation>対数目盛(損失)</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic scale, where small late improvements are easier to see.</source>
        <translation>損失を対数目盛で表示します。後半の小さな改善が見やすくなります。</translation>
    </message>
    <message>
        <source>Clear previous run</source>
        <translation>前回の学習を消去</translation>
    </message>
    <message>
        <source>Remove the faded curves of the previous run.</source>
        <translation>前回の学習の薄い曲線を消します。</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG に書き出す…</translation>
    </message>
    <message>
        <source>Save the curves as a picture.</source>
        <translation>学習曲線を画像として保存します。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV に書き出す…</translation>
    </message>
    <message>
        <source>Not ready: fix the design first (see below, or the Design page).</source>
        <translation>まだ学習できません: 先に設計を直してください (下の説明か、設計の画面を見てください)。</translation>
    </message>
    <message>
        <source>Dataset: {title}, {n} training examples, {v:g} % held out for validation.</source>
        <translation>データセット: {title}、訓練データ {n} 個、うち {v:g} % を検証データとして取り置き。</translation>
    </message>
    <message>
        <source>Dataset: {title}</source>
        <translation>データセット: {title}</translation>
    </message>
    <message>
        <source>(a subset: the first {n} examples)</source>
        <translation>(一部のみ: 最初の {n} 個)</translation>
    </message>
    <message>
        <source>This design can&apos;t be trained yet:</source>
        <translation>この設計はまだ学習できません:</translation>
    </message>
    <message>
        <source>Save each epoch&apos;s loss, accuracy and learning rate as a table (for a spreadsheet).</source>
        <translation>エポックごとの損失・正解率・学習率を表として保存します(表計算ソフト用)。</translation>
    </message>
    <message>
        <source>Training needs the dataset. Press Train again to download it.</source>
        <translation>学習にはデータセットが必要です。もう一度「学習」を押すとダウンロードします。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Paused. Resume goes on from here.</source>
        <translation>一時停止中。「再開」でここから続けます。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>学習中…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>学習中</translation>
    </message>
    <message>
        <source>A network is being trained. Stop training? What it has learnt so far will be lost.</source>
        <translation>ネットワークを学習中です。学習を止めますか? ここまでの学習内容は失われます。</translation>
    </message>
    <message>
        <source>{e} of {n}</source>
        <translation>{e} / {n}</translation>
    </message>
    <message>
        <source>{b} of {n}</source>
        <translation>{b} / {n}</translation>
    </message>
    <message>
        <source>{s} samples/s</source>
        <translation>{s} サンプル/秒</translation>
    </message>
    <message numerus="yes">
        <source>Finished: %n epoch(s) in {t}.</source>
        <translation>
            <numerusform>完了: {t} で %n エポック。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n complete epoch(s), {t} of training.</source>
        <translation>
            <numerusform>%n エポックを終えたところで停止しました(学習時間 {t})。</numerusform>
        </translation>
    </message>
    <message>
        <source>Test accuracy: {a:.2f} %</source>
        <translation>テスト正解率: {a:.2f} %</translation>
    </message>
    <message>
        <source>{a:.2f} % of the test images were classified correctly (test loss {l:.4f}).</source>
        <translation>テスト画像の {a:.2f} % を正しく分類しました(テストデータの損失 {l:.4f})。</translation>
    </message>
    <message>
        <source>Training could not run.</source>
        <translation>学習を実行できませんでした。</translation>
    </message>
    <message>
        <source>Save trained model</source>
        <translation>学習済みモデルを保存</translation>
    </message>
    <message>
        <source>LayerLab model (*.npz)</source>
        <translation>LayerLab のモデル (*.npz)</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>保存できませんでした</translation>
    </message>
    <message>
        <source>The model could not be saved: {reason}</source>
        <translation>モデルを保存できませんでした: {reason}</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} を保存しました。</translation>
    </message>
    <message>
        <source>Export curves</source>
        <translation>学習曲線を書き出す</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>書き出せませんでした</translation>
    </message>
    <message>
        <source>The picture could not be written to {path}.</source>
        <translation>画像を {path} に書き込めませんでした。</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>学習の記録を書き出す</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表 (*.csv)</translation>
    </message>
    <message>
        <source>The table could not be written: {reason}</source>
        <translation>表を書き込めませんでした: {reason}</translation>
    </message>
</context>
<context>
    <name>WeightsPanel</name>
    <message>
        <source>Trained model</source>
        <translation>学習済みモデル</translation>
    </message>
    <message>
        <source>Initial weights (before training)</source>
        <translation>重みの初期値(学習前)</translation>
    </message>
    <message>
        <source>Compare the weights the network has learnt with the random ones it started from.</source>
        <translation>ネットワークが学習した重みと、学習を始めたときのランダムな重みを比べます。</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <source>First-layer weights</source>
        <translation>最初の層の重み</translation>
    </message>
    <message>
        <source>How many neurons of the first layer to show.</source>
        <translation>表示する最初の層のニューロンの数。</translation>
    </message>
    <message>
        <source>Neurons shown</source>
        <translation>表示するニューロン数</translation>
    </message>
    <message>
        <source>Each small picture is one neuron&apos;s weights, one per input pixel.</source>
        <translation>小さな画像 1 つが 1 つのニューロンの重みです(入力ピクセルごとに 1 つ)。</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>アクティベーション</translation>
    </message>
    <message>
        <source>Which layer&apos;s values to count.</source>
        <translation>値を数える層。</translation>
    </message>
    <message>
        <source>Activations a (the layer&apos;s output)</source>
        <translation>アクティベーション a(層の出力)</translation>
    </message>
    <message>
        <source>The values after the activation function: what the next layer receives.</source>
        <translation>活性化関数を通した後の値。次の層が受け取る値です。</translation>
    </message>
    <message>
        <source>Weighted sums z (before the activation)</source>
        <translation>重み付き和 z(活性化関数の前)</translation>
    </message>
    <message>
        <source>The values before the activation function.</source>
        <translation>活性化関数を通す前の値。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>how many</source>
        <translation>個数</translation>
    </message>
    <message>
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>How often each value occurs in the chosen layer, over a few hundred test samples.</source>
        <translation>選んだ層で各値がどれくらい現れるか(数百個のテストデータで集計)。</translation>
    </message>
    <message>
        <source>learnt by training</source>
        <translation>学習で得た重み</translation>
    </message>
    <message>
        <source>no trained model fits this design yet</source>
        <translation>この設計に合う学習済みモデルはまだありません</translation>
    </message>
    <message>
        <source>random, before training</source>
        <translation>学習前のランダムな重み</translation>
    </message>
    <message>
        <source>Layer {n}: {layer}</source>
        <translation>第 {n} 層: {layer}</translation>
    </message>
    <message>
        <source>The design has no Dense layer yet.</source>
        <translation>この設計にはまだ全結合層がありません。</translation>
    </message>
    <message>
        <source>W: one row per input, one column per neuron</source>
        <translation>W: 入力ごとに 1 行、ニューロンごとに 1 列</translation>
    </message>
    <message>
        <source>The first layer&apos;s weight matrix: row i holds input i&apos;s weight into each neuron. With {n} inputs they are not a picture.</source>
        <translation>最初の層の重み行列: i 行目は、入力 i から各ニューロンへの重みです。入力が {n} 個なので画像にはなりません。</translation>
    </message>
    <message>
        <source>Each picture is one neuron of the first layer: its {n} weights laid out like the {h} × {w} input. Red pixels raise the neuron&apos;s weighted sum when they are bright, blue ones lower it (each picture scaled to its own largest weight).</source>
        <translation>画像 1 つが最初の層のニューロン 1 つです: その {n} 個の重みを {h} × {w} の入力と同じように並べています。赤いピクセルは明るいとそのニューロンの重み付き和を上げ、青いピクセルは下げます(画像ごとに、その中の最大の重みで色を調整しています)。</translation>
    </message>
    <message>
        <source>Loading test samples…</source>
        <translation>テストデータを読み込んでいます…</translation>
    </message>
    <message>
        <source>{values} values ({samples} samples × {units} neurons): mean {mean}, standard deviation {std}, from {lo} to {hi}; exactly 0: {zeros:.1f} %.</source>
        <translation>{values} 個の値(サンプル {samples} 個 × ニューロン {units} 個): 平均 {mean}、標準偏差 {std}、最小 {lo}、最大 {hi}。ちょうど 0 の値: {zeros:.1f} %。</translation>
    </message>
</context>
<context>
    <name>bundle</name>
    <message>
        <source>is a folder, not a model file</source>
        <translation>フォルダーです。モデルファイルではありません</translation>
    </message>
    <message>
        <source>cannot read the file ({reason})</source>
        <translation>ファイルを読めません ({reason})</translation>
    </message>
    <message>
        <source>the file is {size} GB, far larger than any LayerLab model; refusing to open it</source>
        <translation>ファイルが {size} GB あり、LayerLab のモデルとしては大きすぎるため開きません</translation>
    </message>
    <message>
        <source>this is not a LayerLab model file (expected a .npz archive)</source>
        <translation>LayerLab のモデルファイルではありません (.npz アーカイブのはずです)</translation>
    </message>
    <message>
        <source>the file is damaged or truncated ({reason})</source>
        <translation>ファイルが壊れているか、途中で切れています ({reason})</translation>
    </message>
    <message>
        <source>array {name} holds Python objects (pickled data); LayerLab model files never do, so the file is refused</source>
        <translation>配列 {name} に Python オブジェクト (pickle されたデータ) が入っています。LayerLab のモデルファイルにそうしたデータが入ることはないため、このファイルは開きません</translation>
    </message>
    <message>
        <source>the file is damaged or truncated (array {name} is shorter than its header says)</source>
        <translation>ファイルが壊れているか、途中で切れています (配列 {name} がヘッダーに書かれた長さより短くなっています)</translation>
    </message>
    <message>
        <source>the file is damaged (the header of array {name} cannot be read: {reason})</source>
        <translation>ファイルが壊れています(配列 {name} のヘッダーを読めません: {reason})</translation>
    </message>
    <message>
        <source>this is not a LayerLab model file (no {key} entry)</source>
        <translation>LayerLab のモデルファイルではありません ({key} の項目がありません)</translation>
    </message>
    <message>
        <source>this is not a LayerLab model file (its format marker is not {format})</source>
        <translation>LayerLab のモデルファイルではありません (形式の印が {format} と異なります)</translation>
    </message>
    <message>
        <source>this model file is format version {version}, but this LayerLab reads version {supported} at most; please update LayerLab</source>
        <translation>このモデルファイルは形式バージョン {version} ですが、この LayerLab が読めるのはバージョン {supported} までです。LayerLab を更新してください</translation>
    </message>
    <message>
        <source>the design stored in the model file is invalid: {problem}</source>
        <translation>モデルファイルに保存された設計に誤りがあります: {problem}</translation>
    </message>
    <message>
        <source>unexpected array {name}: the design has no such weights</source>
        <translation>想定外の配列 {name} があります: 設計にはこの重みがありません</translation>
    </message>
    <message>
        <source>array {name} holds {dtype} values, but weights must be float32 or float64</source>
        <translation>配列 {name} の値は {dtype} ですが、重みは float32 か float64 である必要があります</translation>
    </message>
    <message>
        <source>array {name} has shape {shape} but the design needs {expected}</source>
        <translation>配列 {name} の形は {shape} ですが、設計に合う形は {expected} です</translation>
    </message>
    <message>
        <source>array {name} is missing (the design&apos;s layer {layer} needs it)</source>
        <translation>配列 {name} がありません (設計の層 {layer} に必要です)</translation>
    </message>
    <message>
        <source>array {name} contains NaN or infinite values (did training diverge?)</source>
        <translation>配列 {name} に NaN または無限大の値が入っています (学習が発散したのかもしれません)</translation>
    </message>
    <message>
        <source>is {kind}, not a model file</source>
        <translation>{kind}です。モデルファイルではありません</translation>
    </message>
    <message>
        <source>the file is damaged: member {name} cannot be read ({reason})</source>
        <translation>ファイルが壊れています: メンバー {name} を読めません ({reason})</translation>
    </message>
    <message>
        <source>member {name} is encrypted; LayerLab model files never are</source>
        <translation>メンバー {name} が暗号化されています。LayerLab のモデルファイルが暗号化されることはありません</translation>
    </message>
    <message>
        <source>member {name} is compressed with method {method}, which LayerLab model files never use</source>
        <translation>メンバー {name} は圧縮方式 {method} で圧縮されています。LayerLab のモデルファイルではこの方式を使いません</translation>
    </message>
    <message>
        <source>unexpected array {name} in the model file</source>
        <translation>モデルファイルに想定外の配列 {name} があります</translation>
    </message>
    <message>
        <source>array {name} claims {size} bytes, far more than any model needs; refusing to open the file</source>
        <translation>配列 {name} は {size} バイトあると書かれていますが、どのモデルにもそれほどは必要ないため、このファイルは開きません</translation>
    </message>
    <message>
        <source>the arrays inside add up to {size} bytes, more than any model needs; refusing to open the file</source>
        <translation>中の配列が合わせて {size} バイトあり、どのモデルにもそれほどは必要ないため、このファイルは開きません</translation>
    </message>
    <message>
        <source>this is not a LayerLab model file ({count} arrays inside)</source>
        <translation>LayerLab のモデルファイルではありません (中に配列が {count} 個あります)</translation>
    </message>
    <message>
        <source>the history holds {count} series; a model file has room for {most}</source>
        <translation>学習履歴に {count} 本の系列があります。モデルファイルに入る系列は {most} 本までです</translation>
    </message>
    <message>
        <source>history {name} has {length} values, more than this model can have recorded ({most})</source>
        <translation>学習履歴 {name} に {length} 個の値がありますが、このモデルが記録できたのは最大 {most} 個です</translation>
    </message>
    <message>
        <source>history {name} has {length} values, but the other per-epoch series have {epochs}</source>
        <translation>学習履歴 {name} には {length} 個の値がありますが、ほかのエポックごとの系列は {epochs} 個です</translation>
    </message>
    <message>
        <source>the design stored in the model file cannot be used: {finding}</source>
        <translation>モデルファイルに保存された設計は使えません: {finding}</translation>
    </message>
    <message>
        <source>array {name} holds numbers too large to compute with (beyond ±3.4e38, the float32 range)</source>
        <translation>配列 {name} に、計算できないほど大きな数が入っています (float32 の範囲 ±3.4e38 を超えています)</translation>
    </message>
    <message>
        <source>normalisation {name} is {value}: inputs scaled by it are not numbers LayerLab can compute with</source>
        <translation>正規化の {name} が {value} です。これで変換した入力は、LayerLab で計算できる数になりません</translation>
    </message>
    <message>
        <source>normalisation scale is {value}: every input would look the same to the network</source>
        <translation>正規化の scale が {value} です。どの入力もネットワークには同じに見えてしまいます</translation>
    </message>
    <message>
        <source>the model&apos;s outputs are not finite numbers (its weights are too large to compute with)</source>
        <translation>モデルの出力が有限の数になりません (重みが大きすぎて計算できません)</translation>
    </message>
    <message>
        <source>the model file does not say the classes of {data} (no data/class_names)</source>
        <translation>モデルファイルに {data} のクラスが書かれていません（data/class_names がありません）</translation>
    </message>
    <message>
        <source>the model file does not say how the columns of {data} become its inputs (no data/columns)</source>
        <translation>モデルファイルに {data} の列を入力に変える方法が書かれていません（data/columns がありません）</translation>
    </message>
    <message>
        <source>{name} is not a list of names</source>
        <translation>{name} は名前の並びではありません</translation>
    </message>
    <message>
        <source>{name} is not a list of counts</source>
        <translation>{name} は個数の並びではありません</translation>
    </message>
    <message>
        <source>the table&apos;s columns, kinds and categories do not agree</source>
        <translation>表の列、列の種類、カテゴリーが食い違っています</translation>
    </message>
    <message>
        <source>the table&apos;s columns make {width} inputs, but the design takes {inputs}</source>
        <translation>表の列からは {width} 個の入力ができますが、設計の入力は {inputs} 個です</translation>
    </message>
    <message>
        <source>the design&apos;s input {shape} does not fit its data ({natural})</source>
        <translation>設計の入力 {shape} がデータ ({natural}) に合いません</translation>
    </message>
    <message>
        <source>normalisation {name} is not a number, nor one number per input</source>
        <translation>正規化 {name} が数値でも、入力ごとの数値の並びでもありません</translation>
    </message>
</context>
<context>
    <name>checks</name>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Layer {number}</source>
        <translation>第 {number} 層</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失関数</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>設計</translation>
    </message>
    <message>
        <source>The network has no layers yet. Add a Dense layer: its units are the network&apos;s outputs.</source>
        <translation>ネットワークにまだ層がありません。全結合層を追加してください。そのニューロンがネットワークの出力になります。</translation>
    </message>
    <message>
        <source>The network has no Dense layer, so it has no weights to learn. Add a Dense layer.</source>
        <translation>ネットワークに全結合層がないので、学習する重みがありません。全結合層を追加してください。</translation>
    </message>
    <message>
        <source>There is no dataset called &quot;{name}&quot;. Choose one of: {choices}.</source>
        <translation>「{name}」というデータセットはありません。次の中から選んでください: {choices}。</translation>
    </message>
    <message>
        <source>{title} images have {size} pixels; set the input size to {size}.</source>
        <translation>{title} の画像は {size} ピクセルです。入力のサイズを {size} にしてください。</translation>
    </message>
    <message>
        <source>{title} points have {size} coordinates; set the input size to {size}.</source>
        <translation>{title} の点の座標は {size} 個です。入力のサイズを {size} にしてください。</translation>
    </message>
    <message>
        <source>Each sample of &quot;{title}&quot; has {size} values; set the input size to {size}.</source>
        <translation>「{title}」のサンプルは {size} 個の値を持ちます。入力のサイズを {size} にしてください。</translation>
    </message>
    <message>
        <source>Dropout can&apos;t be the last layer: the network must end with a Dense layer that gives one output per class.</source>
        <translation>ドロップアウトを最後の層にはできません。ネットワークの最後は、クラスごとに 1 つの出力を出す全結合層にする必要があります。</translation>
    </message>
    <message>
        <source>The last layer must be a Dense layer: it gives one output per class.</source>
        <translation>最後の層は全結合層にする必要があります。クラスごとに 1 つの出力を出す層です。</translation>
    </message>
    <message>
        <source>The last layer needs {classes} units: {title} has {classes} classes.</source>
        <translation>最後の層にはニューロンが {classes} 個必要です。{title} のクラスは {classes} 個です。</translation>
    </message>
    <message>
        <source>Softmax belongs on the last layer only: it turns the final outputs into class probabilities.</source>
        <translation>Softmax は最後の層だけで使います。最終的な出力をクラスの確率に変える関数です。</translation>
    </message>
    <message>
        <source>Cross-entropy loss needs softmax on the last layer, so that the outputs are probabilities.</source>
        <translation>交差エントロピー誤差を使うには、出力が確率になるよう、最後の層の活性化関数を Softmax にする必要があります。</translation>
    </message>
    <message>
        <source>The fixed starting weights no longer fit this layer: it needs {rows} x {cols}, they are {got_rows} x {got_cols}.</source>
        <translation>固定した重みの初期値がこの層に合わなくなりました。{rows} × {cols} が必要ですが、{got_rows} × {got_cols} です。</translation>
    </message>
    <message>
        <source>The fixed starting biases no longer fit this layer: it needs {units}, there are {got}.</source>
        <translation>固定したバイアスの初期値がこの層に合わなくなりました。{units} 個必要ですが、{got} 個です。</translation>
    </message>
    <message>
        <source>The network has {params:,} weights and biases, more than the {most:,} LayerLab can train and save. Use fewer or smaller layers.</source>
        <translation>ネットワークの重みとバイアスは {params:,} 個あり、LayerLab で学習・保存できる {most:,} 個を超えています。層を減らすか小さくしてください。</translation>
    </message>
    <message>
        <source>Softmax with squared error learns slowly: its gradients get tiny when the network is confidently wrong. Cross-entropy suits softmax.</source>
        <translation>Softmax と二乗和誤差の組み合わせは学習が遅くなります。ネットワークが自信を持って間違えると、勾配がとても小さくなるためです。Softmax には交差エントロピー誤差が合います。</translation>
    </message>
    <message>
        <source>There are {count} sigmoid/tanh layers in a row: the gradient shrinks at each one, so the first layers learn very slowly (vanishing gradients). ReLU avoids this.</source>
        <translation>Sigmoid/Tanh の層が {count} 個続いています。層を通るたびに勾配が小さくなるので、最初のほうの層の学習がとても遅くなります(勾配消失)。ReLU ならこれを避けられます。</translation>
    </message>
    <message>
        <source>The first layer has {units} units, which is a lot: training will be slow and use much memory. A few hundred units are usually enough.</source>
        <translation>最初の層のニューロンが {units} 個と多すぎます。学習が遅くなり、メモリを多く使います。ふつうは数百個で十分です。</translation>
    </message>
    <message>
        <source>The network has {params:,} weights and biases: training will be slow and use much memory. Try fewer or smaller layers.</source>
        <translation>ネットワークの重みとバイアスは {params:,} 個あります。学習が遅くなり、メモリを多く使います。層を減らすか小さくしてみてください。</translation>
    </message>
    <message>
        <source>A learning rate of {lr} is very high for {optimizer} (usual: {low} to {high}): the loss may jump around or blow up.</source>
        <translation>{optimizer} の学習率として {lr} はとても高い値です(ふつうは {low}~{high})。損失が跳ね回ったり発散したりするかもしれません。</translation>
    </message>
    <message>
        <source>A learning rate of {lr} is very low for {optimizer} (usual: {low} to {high}): the network will learn very slowly.</source>
        <translation>{optimizer} の学習率として {lr} はとても低い値です(ふつうは {low}~{high})。学習がとても遅くなります。</translation>
    </message>
    <message>
        <source>A dropout rate of {rate:g} switches off most values at every step, so the network learns slowly. 0.2 to 0.5 is usual.</source>
        <translation>ドロップアウトの比率 {rate:g} では、毎ステップほとんどの値が無効になるので、学習が遅くなります。0.2~0.5 がふつうです。</translation>
    </message>
    <message>
        <source>He initialization is made for ReLU; with sigmoid or tanh layers, Xavier initialization usually trains better.</source>
        <translation>He の初期値は ReLU 向けです。Sigmoid や Tanh の層には、ふつう Xavier の初期値のほうがうまく学習できます。</translation>
    </message>
    <message>
        <source>Xavier initialization is made for sigmoid and tanh; with ReLU layers, He initialization usually trains better.</source>
        <translation>Xavier の初期値は Sigmoid と Tanh 向けです。ReLU の層には、ふつう He の初期値のほうがうまく学習できます。</translation>
    </message>
    <message>
        <source>A batch of {batch} is bigger than the {samples} training samples, so each epoch makes just one step and learning is slow.</source>
        <translation>バッチサイズ {batch} は訓練データの数 {samples} より大きいので、1 エポックで 1 ステップしか進まず、学習が遅くなります。</translation>
    </message>
    <message>
        <source>This layer has only {units} units, fewer than the {outputs} outputs: it squeezes out information the last layer needs.</source>
        <translation>この層のニューロンは {units} 個しかなく、出力の数 {outputs} より少ないため、最後の層に必要な情報が失われます。</translation>
    </message>
    <message>
        <source>A Dense layer takes a flat row of numbers, but it gets a {shape} image here. Insert a Flatten layer before it.</source>
        <translation>Dense 層は数値を 1 列に並べたものを受け取りますが、ここには {shape} の画像が届きます。その前に Flatten 層を入れてください。</translation>
    </message>
    <message>
        <source>A {title} layer takes an image (channels × height × width), but its input has the shape {shape}.</source>
        <translation>{title}は画像（チャンネル × 高さ × 幅）を受け取りますが、入力の形が {shape} になっています。</translation>
    </message>
    <message>
        <source>With stride {stride}, the {window} windows of this layer never reach the last {rows} row(s) and {cols} column(s) of its {size} input: those pixels are ignored.</source>
        <translation>ストライドが {stride} なので、この層の {window} の窓は {size} の入力の最後の {rows} 行と {cols} 列に届きません。そのピクセルは使われません。</translation>
    </message>
    <message>
        <source>The {kernel} kernel is larger than its input with padding ({size}): the output would be empty. Use a smaller kernel or more padding.</source>
        <translation>{kernel} のカーネルが、パディングを含めた入力（{size}）より大きいため、出力が空になります。カーネルを小さくするか、パディングを増やしてください。</translation>
    </message>
    <message>
        <source>Padding &quot;same&quot; keeps the image size only with stride 1, but the stride is {stride}.</source>
        <translation>パディングを「同じ大きさ」にして画像の大きさが保たれるのはストライド 1 のときだけですが、ストライドが {stride} になっています。</translation>
    </message>
    <message>
        <source>Padding &quot;same&quot; needs a kernel of odd size (3, 5, 7...) to add as many zeros on each side, but this one is {kernel}.</source>
        <translation>パディングを「同じ大きさ」にすると両側に同じ数のゼロを足すため、カーネルの大きさは奇数（3、5、7…）にする必要がありますが、このカーネルは {kernel} です。</translation>
    </message>
    <message>
        <source>The {window} pool window is larger than its {size} input: the output would be empty.</source>
        <translation>{window} のプーリングの窓が {size} の入力より大きいため、出力が空になります。</translation>
    </message>
    <message>
        <source>This Flatten layer does nothing: its input is already a flat row.</source>
        <translation>この Flatten 層は何もしません。入力はすでに 1 列に並んでいます。</translation>
    </message>
    <message>
        <source>Each row of {title} gives {size} values (a number column gives one, a text column one per category); set the input size to {size}.</source>
        <translation>{title} の 1 行からは {size} 個の値ができます（数値の列は 1 つ、文字の列はカテゴリーごとに 1 つ）。入力サイズを {size} にしてください。</translation>
    </message>
    <message>
        <source>One epoch will take about {minutes} minutes: the network does {macs:,} multiply-adds per sample, on {samples:,} samples. Fewer filters or units, or more pooling, make it faster.</source>
        <translation>1 エポックに約 {minutes} 分かかります。1 サンプルあたり {macs:,} 回の積和演算を {samples:,} サンプルに対して行うためです。フィルターやニューロンを減らすか、プーリングを増やすと速くなります。</translation>
    </message>
    <message>
        <source>Training this network will need about {memory} of memory: it may be slow or fail on a small computer. Fewer filters or units, or a smaller batch, need less.</source>
        <translation>このネットワークの学習には約 {memory} のメモリが必要です。小さなコンピューターでは遅くなったり失敗したりするかもしれません。フィルターやニューロンを減らすか、バッチを小さくすると必要なメモリが減ります。</translation>
    </message>
    <message>
        <source>Training this network would need about {memory} of memory, far more than a computer has. Use fewer or smaller layers, or a smaller batch.</source>
        <translation>このネットワークの学習には約 {memory} のメモリが必要で、コンピューターのメモリをはるかに超えます。層を減らすか小さくするか、バッチを小さくしてください。</translation>
    </message>
    <message>
        <source>Insert a Flatten layer</source>
        <translation>Flatten 層を入れる</translation>
    </message>
    <message>
        <source>Set the input shape to {shape}</source>
        <translation>入力の形を {shape} にする</translation>
    </message>
    <message>
        <source>Set the kernel size to {size}</source>
        <translation>カーネルの大きさを {size} にする</translation>
    </message>
    <message>
        <source>Set the stride to 1</source>
        <translation>ストライドを 1 にする</translation>
    </message>
    <message>
        <source>Set the pool size to {size}</source>
        <translation>プーリングの大きさを {size} にする</translation>
    </message>
    <message>
        <source>Remove this pooling layer</source>
        <translation>このプーリング層を削除する</translation>
    </message>
    <message>
        <source>Remove the Flatten layer</source>
        <translation>Flatten 層を削除する</translation>
    </message>
    <message>
        <source>Set units to {units}</source>
        <translation>ニューロン数を {units} にする</translation>
    </message>
    <message>
        <source>Set activation to {activation}</source>
        <translation>活性化関数を {activation} にする</translation>
    </message>
    <message>
        <source>Set the input size to {size}</source>
        <translation>入力のサイズを {size} にする</translation>
    </message>
    <message>
        <source>Switch the loss to cross-entropy</source>
        <translation>損失関数を交差エントロピー誤差にする</translation>
    </message>
    <message>
        <source>Set the learning rate to {lr}</source>
        <translation>学習率を {lr} にする</translation>
    </message>
    <message>
        <source>Set the dropout rate to {rate:g}</source>
        <translation>ドロップアウトの比率を {rate:g} にする</translation>
    </message>
    <message>
        <source>Use Xavier initialization</source>
        <translation>Xavier の初期値を使う</translation>
    </message>
    <message>
        <source>Use He initialization</source>
        <translation>He の初期値を使う</translation>
    </message>
    <message>
        <source>Set the batch size to {batch}</source>
        <translation>バッチサイズを {batch} にする</translation>
    </message>
    <message>
        <source>Remove the fixed weights</source>
        <translation>固定した重みを削除する</translation>
    </message>
    <message>
        <source>Remove the fixed biases</source>
        <translation>固定したバイアスを削除する</translation>
    </message>
    <message>
        <source>Move the Dropout above the output layer</source>
        <translation>ドロップアウト層を出力層の上に移す</translation>
    </message>
    <message>
        <source>Set the units of layer {layer} to {units}</source>
        <translation>第 {layer} 層のニューロン数を {units} にする</translation>
    </message>
</context>
<context>
    <name>commands</name>
    <message>
        <source>Remove {field}</source>
        <translation>{field}を削除</translation>
    </message>
    <message>
        <source>Rename design to “{name}”</source>
        <translation>設計の名前を「{name}」に変更</translation>
    </message>
    <message>
        <source>Change description</source>
        <translation>説明を変更</translation>
    </message>
    <message>
        <source>Change {field}</source>
        <translation>{field}を変更</translation>
    </message>
    <message>
        <source>Replace layer</source>
        <translation>層を置き換え</translation>
    </message>
    <message>
        <source>Change {field} to {value}</source>
        <translation>{field}を {value} に変更</translation>
    </message>
    <message>
        <source>Add {kind} layer</source>
        <translation>{kind}を追加</translation>
    </message>
    <message>
        <source>Delete {kind} layer</source>
        <translation>{kind}を削除</translation>
    </message>
    <message>
        <source>Duplicate {kind} layer</source>
        <translation>{kind}を複製</translation>
    </message>
    <message>
        <source>Move {kind} layer up</source>
        <translation>{kind}を上へ移動</translation>
    </message>
    <message>
        <source>Move {kind} layer down</source>
        <translation>{kind}を下へ移動</translation>
    </message>
    <message>
        <source>Move {kind} layer to position {position}</source>
        <translation>{kind}を {position} 番目へ移動</translation>
    </message>
    <message>
        <source>Replace design</source>
        <translation>設計を置き換え</translation>
    </message>
</context>
<context>
    <name>data</name>
    <message>
        <source>cannot read the file ({reason})</source>
        <translation>ファイルを読めません ({reason})</translation>
    </message>
    <message>
        <source>is a folder, not a CSV file</source>
        <translation>フォルダーです。CSV ファイルではありません</translation>
    </message>
    <message>
        <source>is {kind}, not a CSV file</source>
        <translation>{kind}です。CSV ファイルではありません</translation>
    </message>
    <message>
        <source>the file is {size} MB; tables up to {most} MB can be used</source>
        <translation>ファイルは {size} MB です。使える表は {most} MB までです</translation>
    </message>
    <message>
        <source>the file is not there (was it moved or renamed?)</source>
        <translation>ファイルがありません（移動したか、名前を変えましたか？）</translation>
    </message>
    <message>
        <source>this is not a text file, so not a CSV table (it holds binary data)</source>
        <translation>テキストファイルではないので、CSV の表ではありません（バイナリデータです）</translation>
    </message>
    <message>
        <source>line {line} is not UTF-8 text; save the table as UTF-8 (in Excel: &quot;CSV UTF-8&quot;)</source>
        <translation>{line} 行目が UTF-8 の文字ではありません。表を UTF-8 で保存してください（Excel では「CSV UTF-8」）</translation>
    </message>
    <message>
        <source>the file is empty: a CSV table needs a header row and rows of data</source>
        <translation>ファイルが空です。CSV の表には見出しの行とデータの行が必要です</translation>
    </message>
    <message>
        <source>row {row} (line {line}) has {count} values, but the header names {columns} columns</source>
        <translation>{row} 行目（ファイルの {line} 行目）に値が {count} 個ありますが、見出しの列は {columns} 個です</translation>
    </message>
    <message>
        <source>the table has more than {most} rows, more than LayerLab trains on</source>
        <translation>表が {most} 行を超えています。LayerLab が学習に使える量を超えています</translation>
    </message>
    <message>
        <source>the table holds more than {most} values (rows times columns), more than LayerLab trains on; leave some rows or columns out</source>
        <translation>表の値が {most} 個（行数 × 列数）を超えています。LayerLab が学習に使える量を超えているので、行か列を減らしてください</translation>
    </message>
    <message>
        <source>line {line} cannot be read as CSV ({reason})</source>
        <translation>{line} 行目を CSV として読めません ({reason})</translation>
    </message>
    <message>
        <source>the table has {count} columns, more than the {most} LayerLab reads</source>
        <translation>表に {count} 列あります。LayerLab が読めるのは {most} 列までです</translation>
    </message>
    <message>
        <source>the first row holds numbers ({first}...), not column names: add a header row naming each column</source>
        <translation>最初の行が列の名前ではなく数値です ({first}...)。各列の名前を書いた見出しの行を加えてください</translation>
    </message>
    <message>
        <source>the first row holds values ({first}...), not column names: add a header row naming each column</source>
        <translation>最初の行が列の名前ではなく値です ({first}...)。各列の名前を書いた見出しの行を加えてください</translation>
    </message>
    <message>
        <source>column {column} of the header row has no name</source>
        <translation>見出しの行の {column} 番目の列に名前がありません</translation>
    </message>
    <message>
        <source>the name of column {column} is {length} characters long (at most {most})</source>
        <translation>{column} 番目の列の名前が {length} 文字あります（{most} 文字まで）</translation>
    </message>
    <message>
        <source>two columns are called {column}: give each column its own name</source>
        <translation>{column} という名前の列が 2 つあります。列ごとに別の名前を付けてください</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {value} is not a number</source>
        <translation>{row} 行目、{column} 列: {value} は数値ではありません</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {value} is too large a number to compute with</source>
        <translation>{row} 行目、{column} 列: {value} は計算するには大きすぎる数です</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {value} is not a number (the column&apos;s other values are numbers)</source>
        <translation>{row} 行目、{column} 列: {value} は数値ではありません（この列のほかの値は数値です）</translation>
    </message>
    <message>
        <source>there is no column called {target} to take the classes from; the columns are: {columns}</source>
        <translation>クラスを取り出す {target} という列がありません。列は {columns} です</translation>
    </message>
    <message>
        <source>there is no column called {target} to take the classes from (did you mean {near}?); the columns are: {columns}</source>
        <translation>クラスを取り出す {target} という列がありません（{near} のことですか？）。列は {columns} です</translation>
    </message>
    <message>
        <source>there is no column called {column} (named in features)</source>
        <translation>{column} という列がありません（features に書かれています）</translation>
    </message>
    <message>
        <source>{column} is the target column; it cannot be a feature too</source>
        <translation>{column} はクラスの列なので、入力の列にはできません</translation>
    </message>
    <message>
        <source>the table has no column besides {target}, so there is nothing to learn the classes from</source>
        <translation>表に {target} 以外の列がないので、クラスを学ぶ手がかりがありません</translation>
    </message>
    <message>
        <source>column {column} holds {count} different texts, too many to learn from as categories (at most {most}); leave it out of the features</source>
        <translation>{column} 列には {count} 種類の文字があり、カテゴリーとして学ぶには多すぎます（{most} 種類まで）。入力の列から外してください</translation>
    </message>
    <message>
        <source>column {column} holds a text of {length} characters (at most {most})</source>
        <translation>{column} 列に {length} 文字の値があります（{most} 文字まで）</translation>
    </message>
    <message>
        <source>column {column} holds a class name of {length} characters (at most {most})</source>
        <translation>{column} 列に {length} 文字のクラス名があります（{most} 文字まで）</translation>
    </message>
    <message>
        <source>the features make {count} inputs, more than the {most} LayerLab can use; leave some columns out</source>
        <translation>入力の列から {count} 個の入力ができ、LayerLab が使える {most} 個を超えています。いくつかの列を外してください</translation>
    </message>
    <message>
        <source>every row of column {column} holds {value}: one class only, so there is nothing to tell apart; a network needs at least two classes</source>
        <translation>{column} 列はどの行も {value} で、クラスが 1 つしかないので見分けるものがありません。ネットワークには少なくとも 2 つのクラスが必要です</translation>
    </message>
    <message>
        <source>column {column} holds {count} different classes (at most {most}); is it the right target column?</source>
        <translation>{column} 列に {count} 種類のクラスがあります（{most} 種類まで）。クラスの列はこれで正しいですか？</translation>
    </message>
    <message>
        <source>the table has a header but no rows of data</source>
        <translation>表に見出しはありますが、データの行がありません</translation>
    </message>
    <message>
        <source>the table has only {count} row(s) of data; a network needs at least {least} rows to learn from</source>
        <translation>表にはデータが {count} 行しかありません。ネットワークが学ぶには少なくとも {least} 行が必要です</translation>
    </message>
    <message>
        <source>only {count} of {rows} rows have no gaps; a network needs at least {least} rows to learn from</source>
        <translation>{rows} 行のうち欠けた値のない行は {count} 行だけです。ネットワークが学ぶには少なくとも {least} 行が必要です</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {value} is not a number; {count} of {rows} rows have gaps like this. Fill them in, or set &quot;missing&quot; to &quot;drop&quot; to leave those rows out</source>
        <translation>{row} 行目、{column} 列: {value} は数値ではありません。{rows} 行のうち {count} 行にこのような欠けた値があります。値を埋めるか、&quot;missing&quot; を &quot;drop&quot; にしてその行を除いてください</translation>
    </message>
    <message>
        <source>row {row}, column {column}: the value is missing; {count} of {rows} rows have gaps like this. Fill them in, or set &quot;missing&quot; to &quot;drop&quot; to leave those rows out</source>
        <translation>{row} 行目、{column} 列: 値がありません。{rows} 行のうち {count} 行にこのような欠けた値があります。値を埋めるか、&quot;missing&quot; を &quot;drop&quot; にしてその行を除いてください</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {value} marks a missing value; {count} of {rows} rows have gaps like this. Fill them in, or set &quot;missing&quot; to &quot;drop&quot; to leave those rows out</source>
        <translation>{row} 行目、{column} 列: {value} は値が欠けていることを示します。{rows} 行のうち {count} 行にこのような欠けた値があります。値を埋めるか、&quot;missing&quot; を &quot;drop&quot; にしてその行を除いてください</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {value} is not one of the values the model knows ({known})</source>
        <translation>{row} 行目、{column} 列: {value} はモデルの知っている値（{known}）のどれでもありません</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {value} is not a class the model knows ({known})</source>
        <translation>{row} 行目、{column} 列: {value} はモデルの知っているクラス（{known}）ではありません</translation>
    </message>
    <message>
        <source>the model reads column {column}, which this table does not have</source>
        <translation>モデルは {column} 列を読みますが、この表にはその列がありません</translation>
    </message>
    <message>
        <source>every row has a gap, so no row is left</source>
        <translation>どの行にも欠けた値があり、使える行が残りません</translation>
    </message>
    <message>
        <source>the table has a header but no rows to classify</source>
        <translation>表に見出しはありますが、分類する行がありません</translation>
    </message>
    <message>
        <source>cannot read the folder ({reason})</source>
        <translation>フォルダーを読めません ({reason})</translation>
    </message>
    <message>
        <source>the folder is not there (was it moved or renamed?)</source>
        <translation>フォルダーがありません（移動したか、名前を変えましたか？）</translation>
    </message>
    <message>
        <source>is a file, not a folder: an image dataset is a folder with one sub-folder of pictures per class</source>
        <translation>フォルダーではなくファイルです。画像のデータセットは、クラスごとに画像のサブフォルダーがあるフォルダーです</translation>
    </message>
    <message>
        <source>the folder is empty: put the pictures of each class in a sub-folder named after it</source>
        <translation>フォルダーが空です。各クラスの画像を、クラスの名前を付けたサブフォルダーに入れてください</translation>
    </message>
    <message>
        <source>the folder holds more than {most} files, more than LayerLab reads</source>
        <translation>フォルダーに {most} 個を超えるファイルがあります。LayerLab が読める数を超えています</translation>
    </message>
    <message>
        <source>there are {count} class folders, more than the {most} LayerLab tells apart</source>
        <translation>クラスのフォルダーが {count} 個あります。LayerLab が見分けられるのは {most} クラスまでです</translation>
    </message>
    <message>
        <source>the folder holds {count} file(s) but no sub-folders: put the pictures of each class in a sub-folder named after it (for example cats/ and dogs/)</source>
        <translation>フォルダーにファイルが {count} 個ありますが、サブフォルダーがありません。各クラスの画像を、クラスの名前を付けたサブフォルダー（たとえば cats/ と dogs/）に入れてください</translation>
    </message>
    <message>
        <source>there is only one class folder ({name}): a network needs at least two classes to tell apart; add a sub-folder for each other class</source>
        <translation>クラスのフォルダーが 1 つ（{name}）しかありません。ネットワークが見分けるには少なくとも 2 つのクラスが必要です。ほかのクラスのサブフォルダーを加えてください</translation>
    </message>
    <message>
        <source>the class folders hold no files: put the pictures of each class in its folder</source>
        <translation>クラスのフォルダーにファイルがありません。各クラスの画像をそのフォルダーに入れてください</translation>
    </message>
    <message>
        <source>none of the {count} files in the class folders is a picture LayerLab can read (PNG, JPEG, BMP or GIF)</source>
        <translation>クラスのフォルダーにある {count} 個のファイルのどれも、LayerLab が読める画像（PNG、JPEG、BMP、GIF）ではありません</translation>
    </message>
    <message>
        <source>the files in the class folders are not pictures LayerLab can read (PNG, JPEG, BMP or GIF)</source>
        <translation>クラスのフォルダーにあるファイルは、LayerLab が読める画像（PNG、JPEG、BMP、GIF）ではありません</translation>
    </message>
    <message>
        <source>test/{name} is a class that train/ does not have</source>
        <translation>test/{name} は train/ にないクラスです</translation>
    </message>
    <message>
        <source>{name} is not a class the model knows ({known})</source>
        <translation>{name} はモデルの知っているクラス（{known}）ではありません</translation>
    </message>
    <message>
        <source>{count} pictures of {height}x{width} would take {memory} GB of memory, more than the {most} GB LayerLab allows; choose a smaller size</source>
        <translation>{height}×{width} の画像 {count} 枚には {memory} GB のメモリーが必要で、LayerLab が使える {most} GB を超えます。小さいサイズを選んでください</translation>
    </message>
    <message>
        <source>the class folder {name} holds no picture LayerLab can read</source>
        <translation>クラスのフォルダー {name} に LayerLab が読める画像がありません</translation>
    </message>
    <message>
        <source>train/{name} holds no picture LayerLab can read</source>
        <translation>train/{name} に LayerLab が読める画像がありません</translation>
    </message>
    <message>
        <source>test/ holds no picture LayerLab can read</source>
        <translation>test/ に LayerLab が読める画像がありません</translation>
    </message>
    <message>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <source>reading the data was cancelled</source>
        <translation>データの読み込みを中止しました</translation>
    </message>
</context>
<context>
    <name>digits</name>
    <message>
        <source>cannot read the image ({reason})</source>
        <translation>画像を読めません ({reason})</translation>
    </message>
    <message>
        <source>is a folder, not an image</source>
        <translation>フォルダーです。画像ではありません</translation>
    </message>
    <message>
        <source>the file is {size} MB; pictures up to {most} MB can be opened</source>
        <translation>ファイルが {size} MB あります。開ける画像は {most} MB までです</translation>
    </message>
    <message>
        <source>the picture is {width}x{height} pixels, too large to open (at most {most} megapixels)</source>
        <translation>画像が {width}x{height} ピクセルあり、大きすぎて開けません (最大 {most} メガピクセル)</translation>
    </message>
    <message>
        <source>not enough memory to open the picture</source>
        <translation>画像を開くためのメモリが足りません</translation>
    </message>
    <message>
        <source>the picture is too large to open</source>
        <translation>画像が大きすぎて開けません</translation>
    </message>
    <message>
        <source>not a picture LayerLab can read (use PNG, JPEG, BMP or GIF)</source>
        <translation>LayerLab で読める画像ではありません (PNG、JPEG、BMP、GIF のいずれかを使ってください)</translation>
    </message>
    <message>
        <source>the picture is damaged or truncated ({reason})</source>
        <translation>画像が壊れているか、途中で切れています ({reason})</translation>
    </message>
    <message>
        <source>is {kind}, not a picture file</source>
        <translation>{kind}です。画像ファイルではありません</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>LayerLab files (*.json *.npz)</source>
        <translation>LayerLab のファイル (*.json *.npz)</translation>
    </message>
    <message>
        <source>Designs (*.json)</source>
        <translation>設計 (*.json)</translation>
    </message>
    <message>
        <source>Trained models (*.npz)</source>
        <translation>学習済みモデル (*.npz)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>すべてのファイル (*)</translation>
    </message>
    <message>
        <source>{name} does not exist or is not a file.</source>
        <translation>{name} は存在しないか、ファイルではありません。</translation>
    </message>
    <message>
        <source>{name} cannot be read: {reason}</source>
        <translation>{name} を読み込めません: {reason}</translation>
    </message>
    <message>
        <source>{name} is too large to be a design ({size} MB).</source>
        <translation>{name} は設計ファイルとしては大きすぎます ({size} MB)。</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… ほか {count} 件</translation>
    </message>
    <message>
        <source>{name} is not a design LayerLab can open:</source>
        <translation>{name} は LayerLab で開ける設計ではありません:</translation>
    </message>
    <message>
        <source>{name} is not a trained model LayerLab can open:</source>
        <translation>{name} は LayerLab で開ける学習済みモデルではありません:</translation>
    </message>
    <message>
        <source>{name} cannot be written: {reason}</source>
        <translation>{name} に書き込めません: {reason}</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <source>a pipe (FIFO)</source>
        <translation>パイプ (FIFO)</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>ソケット</translation>
    </message>
    <message>
        <source>a special file</source>
        <translation>特殊なファイル</translation>
    </message>
</context>
<context>
    <name>names</name>
    <message>
        <source>Dense</source>
        <translation>全結合層</translation>
    </message>
    <message>
        <source>Every input feeds every unit</source>
        <translation>全入力が全ニューロンにつながる</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>ドロップアウト層</translation>
    </message>
    <message>
        <source>Drops random values in training</source>
        <translation>学習中にランダムに値を無効にする</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>None (linear)</source>
        <translation>なし(恒等関数)</translation>
    </message>
    <message>
        <source>max(0, x): fast and the usual choice for hidden layers</source>
        <translation>max(0, x): 速く、隠れ層ではふつうこれを選びます</translation>
    </message>
    <message>
        <source>Like ReLU, but lets a little through below zero</source>
        <translation>ReLU に似ていますが、0 より小さい値も少しだけ通します</translation>
    </message>
    <message>
        <source>Squeezes values into 0..1; learns slowly in deep stacks</source>
        <translation>値を 0~1 に押し込めます。層が深いと学習が遅くなります</translation>
    </message>
    <message>
        <source>Squeezes values into -1..1</source>
        <translation>値を −1~1 に押し込めます</translation>
    </message>
    <message>
        <source>Turns the last layer&apos;s outputs into class probabilities</source>
        <translation>最後の層の出力をクラスの確率に変えます</translation>
    </message>
    <message>
        <source>Passes values through unchanged</source>
        <translation>値をそのまま通します</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>交差エントロピー誤差</translation>
    </message>
    <message>
        <source>Mean squared error</source>
        <translation>二乗和誤差</translation>
    </message>
    <message>
        <source>The usual loss for classification, paired with softmax</source>
        <translation>分類問題でふつう使う損失関数。Softmax と組み合わせます</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>ニューロン数</translation>
    </message>
    <message>
        <source>&amp;Units</source>
        <translation>ニューロン数(&amp;U)</translation>
    </message>
    <message>
        <source>How many neurons this layer has: the size of its output</source>
        <translation>この層のニューロンの数(出力のサイズ)</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <source>&amp;Activation</source>
        <translation>活性化関数(&amp;A)</translation>
    </message>
    <message>
        <source>The function applied to each unit&apos;s output</source>
        <translation>各ニューロンの出力にかける関数</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比率</translation>
    </message>
    <message>
        <source>&amp;Rate</source>
        <translation>比率(&amp;R)</translation>
    </message>
    <message>
        <source>The share of values switched off at random during training (0.2 to 0.5 is usual)</source>
        <translation>学習中にランダムに無効にする値の割合(0.2~0.5 がふつう)</translation>
    </message>
    <message>
        <source>Conv2D</source>
        <translation>畳み込み層</translation>
    </message>
    <message>
        <source>Small filters slide over the image</source>
        <translation>小さなフィルターが画像の上をスライドする</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>フィルター数</translation>
    </message>
    <message>
        <source>&amp;Filters</source>
        <translation>フィルター数(&amp;F)</translation>
    </message>
    <message>
        <source>How many kernels slide over the input: each one makes a feature map (a channel of the output)</source>
        <translation>入力の上をスライドするカーネルの数です。カーネルごとに特徴マップ（出力のチャンネル）が 1 枚できます</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>カーネルの大きさ</translation>
    </message>
    <message>
        <source>&amp;Kernel size</source>
        <translation>カーネルの大きさ(&amp;K)</translation>
    </message>
    <message>
        <source>The height and width of each kernel, in pixels (3 × 3 is usual)</source>
        <translation>各カーネルの高さと幅（ピクセル単位、3 × 3 がふつうです）</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>ストライド</translation>
    </message>
    <message>
        <source>&amp;Stride</source>
        <translation>ストライド(&amp;S)</translation>
    </message>
    <message>
        <source>How many pixels the kernel moves at each step: stride 2 halves the height and width</source>
        <translation>カーネルが 1 回に動くピクセル数です。ストライド 2 で高さと幅が半分になります</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>パディング</translation>
    </message>
    <message>
        <source>&amp;Padding</source>
        <translation>パディング(&amp;P)</translation>
    </message>
    <message>
        <source>Rows and columns of zeros added around the input; &quot;same&quot; keeps its height and width (stride 1)</source>
        <translation>入力のまわりに足すゼロの行と列の数です。「同じ大きさ」にすると高さと幅が変わりません（ストライド 1 のとき）</translation>
    </message>
    <message>
        <source>MaxPool2D</source>
        <translation>最大プーリング層</translation>
    </message>
    <message>
        <source>Keeps the largest value of each patch</source>
        <translation>各区画の最大値だけを残す</translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation>プーリングの大きさ</translation>
    </message>
    <message>
        <source>&amp;Pool size</source>
        <translation>プーリングの大きさ(&amp;P)</translation>
    </message>
    <message>
        <source>The height and width of each window that becomes one number (2 × 2 halves the image)</source>
        <translation>1 つの数にまとめる窓の高さと幅です（2 × 2 で画像が半分の大きさになります）</translation>
    </message>
    <message>
        <source>How many pixels the window moves at each step; by default as many as the pool is wide, so windows do not overlap</source>
        <translation>窓が 1 回に動くピクセル数です。指定しなければプーリングの大きさと同じだけ動くので、窓は重なりません</translation>
    </message>
    <message>
        <source>same as the pool</source>
        <translation>プーリングと同じ</translation>
    </message>
    <message>
        <source>AvgPool2D</source>
        <translation>平均プーリング層</translation>
    </message>
    <message>
        <source>Keeps the average of each patch</source>
        <translation>各区画の平均値を残す</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>平坦化層</translation>
    </message>
    <message>
        <source>Turns an image into one long row</source>
        <translation>画像を 1 列の長い並びにする</translation>
    </message>
    <message>
        <source>The average squared difference from the one-hot target</source>
        <translation>ワンホット表現の教師データとの差の二乗(の平均)</translation>
    </message>
    <message>
        <source>ReLU passes positive sums on unchanged and turns negative ones into 0.</source>
        <translation>ReLU は、正の和はそのまま通し、負の和は 0 にします。</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>The sigmoid function squashes each weighted sum into a value between 0 and 1.</source>
        <translation>シグモイド関数は、各重み付き和を 0 から 1 の間の値に押し込めます。</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>tanh squashes each weighted sum into a value between −1 and 1.</source>
        <translation>Tanh は、各重み付き和を −1 から 1 の間の値に押し込めます。</translation>
    </message>
    <message>
        <source>Leaky ReLU passes positive sums on unchanged and shrinks negative ones to a small slope.</source>
        <translation>Leaky ReLU は、正の和はそのまま通し、負の和は小さな傾きで縮めます。</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Softmax turns the outputs into probabilities: all positive, adding up to 1.</source>
        <translation>Softmax は出力を確率に変えます: すべて正の値で、合計は 1 になります。</translation>
    </message>
    <message>
        <source>no activation</source>
        <translation>活性化関数なし</translation>
    </message>
    <message>
        <source>No activation: the output is the weighted sum itself.</source>
        <translation>活性化関数なし: 出力は重み付き和そのものです。</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交差エントロピー誤差</translation>
    </message>
    <message>
        <source>Cross-entropy: minus the log of the output for the right class (t is 1 there and 0 elsewhere, so only that term counts). A confident right answer costs almost nothing, a confident wrong one a lot.</source>
        <translation>交差エントロピー誤差: 正解クラスの出力の対数にマイナスを付けたもの(t は正解クラスだけ 1、ほかは 0 なので、その項だけが残ります)。自信を持った正解はほとんど損失にならず、自信を持った不正解は大きな損失になります。</translation>
    </message>
    <message>
        <source>squared error</source>
        <translation>二乗和誤差</translation>
    </message>
    <message>
        <source>Squared error: half the sum of the squared differences between the outputs y and the target t (1 for the right class, 0 for the others).</source>
        <translation>二乗和誤差: 出力 y と教師データ t(正解クラスは 1、ほかは 0)の差の二乗の和の半分です。</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <source>AdaGrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <source>RMSProp</source>
        <translation>RMSProp</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>Normal (small random)</source>
        <translation>正規分布(小さな乱数)</translation>
    </message>
    <message>
        <source>Image set</source>
        <translation>画像のデータセット</translation>
    </message>
    <message>
        <source>Toy 2-D set</source>
        <translation>2 次元のおもちゃのデータ</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV の表</translation>
    </message>
    <message>
        <source>Classes from</source>
        <translation>クラスの列</translation>
    </message>
    <message>
        <source>The column that says each row&apos;s class: what the network learns to tell</source>
        <translation>各行のクラスが書かれた列です。ネットワークはこれを見分けることを学びます</translation>
    </message>
    <message>
        <source>Columns to learn from</source>
        <translation>入力にする列</translation>
    </message>
    <message>
        <source>The columns the network reads; every column but the classes, unless you choose</source>
        <translation>ネットワークが読む列です。選ばなければ、クラスの列以外のすべての列です</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>テスト用の割合</translation>
    </message>
    <message>
        <source>The share of each class kept aside to test the trained network on</source>
        <translation>学習したネットワークを試すために、各クラスから取り分けておく割合です</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>欠けた値</translation>
    </message>
    <message>
        <source>What to do with rows where a value is missing (empty, NA, ?)</source>
        <translation>値が欠けている行（空欄、NA、? など）をどう扱うか</translation>
    </message>
    <message>
        <source>Stop and say where they are</source>
        <translation>止めて場所を知らせる</translation>
    </message>
    <message>
        <source>Leave those rows out</source>
        <translation>その行を除く</translation>
    </message>
    <message>
        <source>Folder of pictures</source>
        <translation>画像のフォルダー</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>画像のサイズ</translation>
    </message>
    <message>
        <source>Every picture is resized to this height and width</source>
        <translation>どの画像もこの高さと幅に縮小・拡大します</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>色</translation>
    </message>
    <message>
        <source>Grayscale gives one value per pixel, colour three (red, green, blue)</source>
        <translation>グレースケールは 1 ピクセルに 1 つの値、カラーは 3 つ（赤・緑・青）の値になります</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>グレースケール</translation>
    </message>
    <message>
        <source>Colour (RGB)</source>
        <translation>カラー (RGB)</translation>
    </message>
    <message>
        <source>Files that are not pictures</source>
        <translation>画像でないファイル</translation>
    </message>
    <message>
        <source>What to do with files LayerLab cannot read as pictures</source>
        <translation>LayerLab が画像として読めないファイルをどう扱うか</translation>
    </message>
    <message>
        <source>Skip and count them</source>
        <translation>飛ばして数える</translation>
    </message>
    <message>
        <source>Stop and say which</source>
        <translation>止めてファイルを知らせる</translation>
    </message>
    <message>
        <source>SGD: w ← w − η·∂L/∂w. Every step is the gradient times the learning rate η.</source>
        <translation>SGD: w ← w − η·∂L/∂w。各ステップは勾配に学習率 η を掛けたものです。</translation>
    </message>
    <message>
        <source>Momentum: v ← 0.9·v − η·∂L/∂w; w ← w + v. Rolls like a ball, keeping speed in a steady direction.</source>
        <translation>Momentum: v ← 0.9·v − η·∂L/∂w; w ← w + v。ボールが転がるように、同じ方向には勢いを保ちます。</translation>
    </message>
    <message>
        <source>AdaGrad: h ← h + (∂L/∂w)²; w ← w − η·∂L/∂w / √h. Weights that have moved a lot take smaller steps.</source>
        <translation>AdaGrad: h ← h + (∂L/∂w)²; w ← w − η·∂L/∂w / √h。大きく動いた重みほど、ステップが小さくなります。</translation>
    </message>
    <message>
        <source>RMSProp: like AdaGrad, but h forgets old gradients, so the steps do not shrink for ever.</source>
        <translation>RMSProp: AdaGrad に似ていますが、h が古い勾配を忘れていくので、ステップが小さくなり続けることはありません。</translation>
    </message>
    <message>
        <source>Adam: Momentum and RMSProp together, with a correction for the first steps.</source>
        <translation>Adam: Momentum と RMSProp を組み合わせ、最初のステップの偏りを補正したもの。</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>一定</translation>
    </message>
    <message>
        <source>The learning rate stays the same for every epoch.</source>
        <translation>学習率はどのエポックでも同じです。</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>ステップ減衰</translation>
    </message>
    <message>
        <source>Step decay: the learning rate is multiplied by γ every few epochs, so it drops in steps: lr = η · γ^⌊epoch / step⌋.</source>
        <translation>ステップ減衰: 数エポックごとに学習率を γ 倍するので、階段状に下がります: lr = η · γ^⌊epoch / step⌋。</translation>
    </message>
    <message>
        <source>Factor γ</source>
        <translation>係数 γ</translation>
    </message>
    <message>
        <source>γ: what the learning rate is multiplied by each time (0.5 halves it; 1 keeps it).</source>
        <translation>γ: 1 回ごとに学習率に掛ける数（0.5 なら半分、1 なら変わりません）。</translation>
    </message>
    <message>
        <source>Epochs per step</source>
        <translation>減衰間隔</translation>
    </message>
    <message>
        <source>How many epochs each learning rate lasts before it is multiplied by γ.</source>
        <translation>同じ学習率を何エポック続けてから γ 倍するか。</translation>
    </message>
    <message>
        <source>Exponential decay</source>
        <translation>指数減衰</translation>
    </message>
    <message>
        <source>Exponential decay: after every epoch the learning rate is multiplied by γ: lr = η · γ^epoch.</source>
        <translation>指数減衰: エポックが終わるたびに学習率を γ 倍します: lr = η · γ^epoch。</translation>
    </message>
    <message>
        <source>Cosine decay</source>
        <translation>コサイン減衰</translation>
    </message>
    <message>
        <source>Cosine decay: the learning rate glides from η down towards 0 along half a cosine over the run&apos;s epochs: big steps first, small ones at the end. lr = η · (1 + cos(π · epoch / epochs)) / 2.</source>
        <translation>コサイン減衰: 学習の全エポックをかけて、学習率が η から 0 近くまでコサインの半周期に沿ってなめらかに下がります。最初は大きな歩幅、最後は小さな歩幅です。lr = η · (1 + cos(π · epoch / epochs)) / 2。</translation>
    </message>
    <message>
        <source>units</source>
        <translation>ニューロン数</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <source>dropout rate</source>
        <translation>ドロップアウトの比率</translation>
    </message>
    <message>
        <source>fixed weights</source>
        <translation>固定した重み</translation>
    </message>
    <message>
        <source>fixed biases</source>
        <translation>固定したバイアス</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>description</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>データセット</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失関数</translation>
    </message>
    <message>
        <source>input size</source>
        <translation>入力のサイズ</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>learning-rate schedule</source>
        <translation>学習率スケジュール</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>Momentum の係数</translation>
    </message>
    <message>
        <source>decay</source>
        <translation>減衰率</translation>
    </message>
    <message>
        <source>beta1</source>
        <translation>beta1</translation>
    </message>
    <message>
        <source>beta2</source>
        <translation>beta2</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <source>validation split</source>
        <translation>検証データの割合</translation>
    </message>
    <message>
        <source>initialization</source>
        <translation>重みの初期値</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>乱数シード</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>ノイズ</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>サンプル数</translation>
    </message>
    <message>
        <source>same</source>
        <translation>同じ大きさ</translation>
    </message>
    <message>
        <source>class {number}</source>
        <translation>クラス {number}</translation>
    </message>
    <message>
        <source>{value} {unit}</source>
        <translation>{value} {unit}</translation>
    </message>
    <message>
        <source>{value} bytes</source>
        <translation>{value} バイト</translation>
    </message>
    <message>
        <source>MNIST</source>
        <translation>MNIST</translation>
    </message>
    <message>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <source>T-shirt/top</source>
        <translation>Tシャツ/トップス</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>ズボン</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>プルオーバー</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>ドレス</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>コート</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>サンダル</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>シャツ</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>スニーカー</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>バッグ</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>アンクルブーツ</translation>
    </message>
    <message>
        <source>Spirals</source>
        <translation>らせん</translation>
    </message>
    <message>
        <source>class 0</source>
        <translation>クラス 0</translation>
    </message>
    <message>
        <source>class 1</source>
        <translation>クラス 1</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心円</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>XOR</translation>
    </message>
    <message>
        <source>Moons</source>
        <translation>三日月</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>線形</translation>
    </message>
</context>
<context>
    <name>spec</name>
    <message>
        <source>not a UTF-8 text file</source>
        <translation>UTF-8 のテキストファイルではありません</translation>
    </message>
    <message>
        <source>{name} is not a UTF-8 text file</source>
        <translation>{name} は UTF-8 のテキストファイルではありません</translation>
    </message>
    <message>
        <source>not valid JSON (line {line}, column {column}: {detail})</source>
        <translation>JSON として読めません（{line} 行目、{column} 列目: {detail}）</translation>
    </message>
    <message>
        <source>not valid JSON (nested too deeply)</source>
        <translation>JSON として読めません（入れ子が深すぎます）</translation>
    </message>
    <message>
        <source>not valid JSON ({detail})</source>
        <translation>JSON として読めません（{detail}）</translation>
    </message>
    <message>
        <source>cannot read {file}: {reason}</source>
        <translation>{file} を読めません: {reason}</translation>
    </message>
    <message>
        <source>must be an object, got {got}</source>
        <translation>オブジェクトにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>unknown key (allowed: {allowed})</source>
        <translation>不明なキーです（使えるキー: {allowed}）</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>必須の項目です</translation>
    </message>
    <message>
        <source>must be an integer, got {got}</source>
        <translation>整数にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be an integer between {lo} and {hi}, got {got}</source>
        <translation>{lo} 以上 {hi} 以下の整数にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a non-negative integer, got {got}</source>
        <translation>0 以上の整数にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a non-negative integer between {lo} and {hi}, got {got}</source>
        <translation>{lo} 以上 {hi} 以下の整数にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a positive integer, got {got}</source>
        <translation>正の整数にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be at most {most}, got {got}</source>
        <translation>{most} 以下にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a number, got {got}</source>
        <translation>数値にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be in {range}, got {got}</source>
        <translation>{range} の範囲にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a string, got {got}</source>
        <translation>文字列にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be at most {most} characters long, got {length}</source>
        <translation>{most} 文字以内にしてください（いまの長さ: {length} 文字）</translation>
    </message>
    <message>
        <source>must be valid text (it holds an unpaired UTF-16 surrogate, which cannot be saved)</source>
        <translation>正しいテキストにしてください（対になっていない UTF-16 サロゲートを含んでいて、保存できません）</translation>
    </message>
    <message>
        <source>must be one of {choices}, got {got}</source>
        <translation>{choices} のいずれかにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be &quot;{format}&quot;, got {got}</source>
        <translation>&quot;{format}&quot; にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>this file is format version {version}, but this LayerLab reads version {supported} at most; please update LayerLab</source>
        <translation>このファイルは形式バージョン {version} ですが、この LayerLab が読めるのはバージョン {supported} までです。LayerLab を更新してください</translation>
    </message>
    <message>
        <source>must be a dataset name of letters, digits, &apos;-&apos; and &apos;_&apos;, got {got}</source>
        <translation>英字・数字・「-」・「_」からなるデータセット名にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a language code such as &quot;ja&quot;</source>
        <translation>&quot;ja&quot; のような言語コードにしてください</translation>
    </message>
    <message>
        <source>must be a list of 1 to 3 positive integers, got {got}</source>
        <translation>1〜3 個の正の整数のリストにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a list, got {got}</source>
        <translation>リストにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must hold at most {most} layers, got {count}</source>
        <translation>レイヤーは {most} 個までにしてください（いまの数: {count}）</translation>
    </message>
    <message>
        <source>must be a non-empty list of numbers, got {got}</source>
        <translation>空でない数値のリストにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a non-empty list of rows, got {got}</source>
        <translation>空でない行のリストにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>rows must all have the same length</source>
        <translation>行の長さをすべてそろえてください</translation>
    </message>
    <message>
        <source>must be {rows} rows of {columns} numbers (inputs x units), got {got_rows} x {got_columns}</source>
        <translation>{columns} 個の数値からなる行を {rows} 行（入力数 × ユニット数）にしてください（いまは {got_rows} × {got_columns}）</translation>
    </message>
    <message>
        <source>must hold {units} numbers (one per unit), got {count}</source>
        <translation>数値を {units} 個（ユニットごとに 1 個）にしてください（いまの数: {count}）</translation>
    </message>
    <message>
        <source>{file} is {kind}, not a design file</source>
        <translation>{file} は{kind}です。設計ファイルではありません</translation>
    </message>
    <message>
        <source>{file} is {size} MB, too large to be a design (at most {most} MB)</source>
        <translation>{file} は {size} MB あり、設計ファイルとしては大きすぎます（最大 {most} MB）</translation>
    </message>
    <message>
        <source>the design is {size} MB, too large (at most {most} MB)</source>
        <translation>設計が {size} MB あり、大きすぎます（最大 {most} MB）</translation>
    </message>
    <message>
        <source>must hold at most {most} languages, got {count}</source>
        <translation>言語は {most} 個までにしてください（いまの数: {count}）</translation>
    </message>
    <message>
        <source>the fixed weights and biases hold {count} numbers; a design may fix at most {most}</source>
        <translation>固定した重みとバイアスが {count} 個あります。設計で固定できるのは {most} 個までです</translation>
    </message>
    <message>
        <source>must be a positive integer or a list of two, [height, width], got {got}</source>
        <translation>正の整数か、[高さ, 幅] の 2 つの数のリストにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must be a non-negative integer or &quot;same&quot;, got {got}</source>
        <translation>0 以上の整数か &quot;same&quot; にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>a {title} layer needs format version {needed} or later, but the file says version {version}: set &quot;version&quot; to {newest}</source>
        <translation>{title} 層にはファイル形式のバージョン {needed} 以降が必要ですが、このファイルはバージョン {version} です。&quot;version&quot; を {newest} にしてください</translation>
    </message>
    <message>
        <source>a learning-rate schedule needs format version {needed} or later, but the file says version {version}: set &quot;version&quot; to {newest}</source>
        <translation>学習率スケジュールにはファイル形式のバージョン {needed} 以降が必要ですが、このファイルはバージョン {version} です。&quot;version&quot; を {newest} にしてください</translation>
    </message>
    <message>
        <source>must be a dataset name or an object such as {{&quot;type&quot;: &quot;csv&quot;, &quot;path&quot;: ...}}, got {got}</source>
        <translation>データセットの名前か、{{&quot;type&quot;: &quot;csv&quot;, &quot;path&quot;: ...}} のようなオブジェクトにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must name a file or folder, got {got}</source>
        <translation>ファイルかフォルダーを指定してください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>must name a column, got an empty string</source>
        <translation>列の名前を指定してください（いまの値は空の文字列です）</translation>
    </message>
    <message>
        <source>must be a list of 1 to {most} column names, got {got}</source>
        <translation>1〜{most} 個の列の名前のリストにしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>names column {name} a second time</source>
        <translation>列 {name} が 2 回書かれています</translation>
    </message>
    <message>
        <source>must be [height, width], two positive integers, got {got}</source>
        <translation>[高さ, 幅] の 2 つの正の整数にしてください（いまの値: {got}）</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>リスト</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <source>a number with more than 100 digits</source>
        <translation>100 桁を超える数</translation>
    </message>
</context>
<context>
    <name>training</name>
    <message>
        <source>Training stopped.</source>
        <translation>学習を止めました。</translation>
    </message>
    <message>
        <source>Training stopped: the loss became infinite or not a number (NaN) at epoch {epoch}, batch {batch}, so the weights were flying off.</source>
        <translation>学習を止めました: エポック {epoch}、バッチ {batch} で損失が無限大か非数 (NaN) になり、重みが発散していました。</translation>
    </message>
    <message>
        <source>Training stopped: the loss exploded. Epoch {epoch} averaged {loss}, more than {factor} times the {start} it started at, so the weights were thrown far off.</source>
        <translation>学習を止めました: 損失が爆発しました。エポック {epoch} の平均は {loss} で、始めの {start} の {factor} 倍を超えています。重みが大きく外れてしまいました。</translation>
    </message>
    <message>
        <source>Training stopped: the network has gone dead. After epoch {epoch}, every unit of layer {layer} outputs 0 whatever the input, so no gradient gets through it and the network gives the same answer to everything (training accuracy {accuracy}, no better than guessing).</source>
        <translation>学習を止めました: ネットワークが死んでしまいました。エポック {epoch} の後、第 {layer} 層のどのニューロンも入力にかかわらず 0 を出力するため、勾配がそこを通らず、ネットワークは何を見ても同じ答えを返します (訓練の正解率 {accuracy}、当てずっぽうと変わりません)。</translation>
    </message>
    <message>
        <source>Training stopped: the network has gone dead. After epoch {epoch} it gives the same answer whatever the input (training accuracy {accuracy}, no better than guessing).</source>
        <translation>学習を止めました: ネットワークが死んでしまいました。エポック {epoch} の後、入力にかかわらず同じ答えを返します (訓練の正解率 {accuracy}、当てずっぽうと変わりません)。</translation>
    </message>
    <message>
        <source>The learning rate ({lr}) is probably too high: try {lower}.</source>
        <translation>学習率 ({lr}) が高すぎる可能性があります。{lower} を試してください。</translation>
    </message>
    <message>
        <source>The learning rate ({lr}) is probably too high: one big step can push every ReLU unit below zero, where it stops learning. Try {lower}, or the Adam optimizer.</source>
        <translation>学習率 ({lr}) が高すぎる可能性があります。大きな 1 歩で ReLU のニューロンがすべて 0 より下に押しやられると、そこで学習が止まってしまいます。{lower} か、最適化手法 Adam を試してください。</translation>
    </message>
    <message>
        <source>The weights from epoch {kept}, the last good one, were kept.</source>
        <translation>最後にうまくいったエポック {kept} の重みを残してあります。</translation>
    </message>
    <message>
        <source>No epoch finished cleanly, so there is no trained model to keep.</source>
        <translation>うまく終わったエポックがないため、残せる学習済みモデルはありません。</translation>
    </message>
    <message>
        <source>Training diverged.</source>
        <translation>学習が発散しました。</translation>
    </message>
    <message>
        <source>Training blew up: the loss exploded.</source>
        <translation>学習が破綻しました: 損失が爆発しました。</translation>
    </message>
    <message>
        <source>Training stopped: the network went dead.</source>
        <translation>学習を止めました: ネットワークが死んでしまいました。</translation>
    </message>
    <message>
        <source>Training went wrong.</source>
        <translation>学習がうまくいきませんでした。</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>{name} を読み込んでいます…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>学習中…</translation>
    </message>
    <message>
        <source>Scoring on the test set…</source>
        <translation>テストデータで採点しています…</translation>
    </message>
    <message>
        <source>Compiling the fast training code (only the first time after installing: about half a minute)…</source>
        <translation>高速に学習するためのコードをコンパイルしています（インストール後の初回だけ、30 秒ほどかかります）…</translation>
    </message>
</context>
</TS>
