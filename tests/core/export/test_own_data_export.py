"""Models of the user's own data, exported: a penguins table model and a UCI-digits picture
model, each trained briefly on the shared data. The ONNX graph standardises a table's
columns itself and says which input is which; the PyTorch script reads the same CSV or
folder as LayerLab (the same rows and pictures, the same test split, the same classes),
gives LayerLab's probabilities, trains, and writes model files LayerLab opens."""
from __future__ import annotations

import copy
import json
import os
import shutil

import numpy as np
import pytest

from core.data.catalog import dataset_info
from core.data.datasets import load_dataset
from core.design import spec
from core.export.formats import FORMATS
from core.export.source import from_bundle
from core.io.bundle import load_bundle, save_bundle
from tests.core.export.script_helpers import script_for
from tests.core.export.test_pytorch_export import TOLERANCE, run_main
from tests.designer.pages.test_own_data_pages import EXAMPLES


def _trained(name: str, data, tmp_path_factory, epochs: int):
    """The example `name` pointed at the shared data, trained for `epochs`, saved and opened again."""
    from core.data.datasets import fit_to_data
    from core.train.loop import train_design

    d = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    d["dataset"]["path"] = str(data)
    d["training"]["epochs"] = epochs
    design = spec.from_dict(d)
    dataset = load_dataset(design.dataset, seed=design.training.seed)
    design = fit_to_data(design, dataset)
    run = train_design(design, dataset, evaluate_test=False)
    assert run.result.status == "completed"
    path = tmp_path_factory.mktemp(name) / f"{name}.npz"
    save_bundle(path, design=design, weights=run.model.get_weights(), history=run.result.history.as_dict(),
                normalisation=dict(run.normalisation))
    return path, dataset


@pytest.fixture(scope="module")
def penguins(datasets_dir, tmp_path_factory):
    return _trained("penguins", datasets_dir / "penguins" / "penguins.csv", tmp_path_factory, 10)


@pytest.fixture(scope="module")
def digits(datasets_dir, tmp_path_factory):
    return _trained("uci_digits_cnn", datasets_dir / "uci-digits", tmp_path_factory, 2)


@pytest.mark.parametrize("which", ["penguins", "digits"])
def test_onnxruntime_gives_layerlabs_probabilities_for_the_raw_test_samples(which, request, onnxruntime, tmp_path):
    path, dataset = request.getfixturevalue(which)
    source = from_bundle(load_bundle(path))
    FORMATS["onnx"].write(source, tmp_path / "m.onnx")
    session = onnxruntime.InferenceSession(str(tmp_path / "m.onnx"), providers=["CPUExecutionProvider"])
    raw = dataset.x_test.astype(np.float32)  # the table's values / the pixels, as read: the graph normalises them
    ours = source.predict(raw)
    theirs = session.run(["probabilities"], {"input": raw})[0]
    assert np.abs(theirs - ours).max() < 1e-5
    assert float((theirs.argmax(axis=1) == dataset.y_test).mean()) > 0.5  # a model that learnt, not noise
    meta = session.get_modelmeta().custom_metadata_map
    assert json.loads(meta["layerlab.class_names"]) == list(dataset.class_names)


def test_the_onnx_graph_standardises_the_table_and_says_which_input_is_which(penguins, onnxruntime, tmp_path):
    import onnx
    from onnx import numpy_helper

    path, dataset = penguins
    bundle = load_bundle(path)
    FORMATS["onnx"].write(from_bundle(bundle), tmp_path / "p.onnx")
    model = onnx.load(str(tmp_path / "p.onnx"))
    assert [n.op_type for n in model.graph.node[:2]] == ["Mul", "Add"]
    constants = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    scale, offset = constants[model.graph.node[0].input[1]], constants[model.graph.node[1].input[1]]
    numeric = dataset.table.numeric
    standardised = dataset.x_train[:, numeric] * scale[numeric] + offset[numeric]  # the training rows: mean 0, deviation 1
    assert np.abs(standardised.mean(axis=0)).max() < 1e-4 and np.abs(standardised.std(axis=0) - 1).max() < 1e-4
    assert (scale[~numeric] == 1).all() and (offset[~numeric] == 0).all()  # one-hot inputs pass unchanged
    table = json.loads({p.key: p.value for p in model.metadata_props}["layerlab.table"])
    assert table["target"] == "species"
    assert table["inputs"] == dataset.table.input_names()
    assert table["inputs"][:3] == ["island = Biscoe", "island = Dream", "island = Torgersen"]
    assert "bill_length_mm" in table["inputs"] and "sex = female" in table["inputs"]
    assert "island = Biscoe" in model.graph.input[0].doc_string


@pytest.mark.parametrize("which", ["penguins", "digits"])
def test_the_script_reads_the_same_data_and_gives_layerlabs_probabilities(which, request, torch, tmp_path):
    path, dataset = request.getfixturevalue(which)
    bundle = load_bundle(path)
    source = from_bundle(bundle)
    net_py = script_for(source, tmp_path)
    x_train, y_train, x_test, y_test = net_py.load_data()  # where LayerLab found it
    assert np.array_equal(x_train, dataset.x_train) and np.array_equal(y_train, dataset.y_train)
    assert np.array_equal(x_test, dataset.x_test) and np.array_equal(y_test, dataset.y_test)
    assert net_py.CLASS_NAMES == tuple(dataset.class_names)
    net = net_py.load_layerlab(path)
    assert np.abs(net_py.predict_proba(net, x_test) - source.predict(x_test)).max() < TOLERANCE


@pytest.mark.parametrize("which", ["penguins", "digits"])
def test_the_script_trains_and_its_model_file_opens_in_layerlab_with_the_datas_classes(which, request, torch, tmp_path, monkeypatch):
    path, dataset = request.getfixturevalue(which)
    net_py = script_for(from_bundle(load_bundle(path)), tmp_path)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    place = dataset.origin.path
    (shutil.copy if os.path.isfile(place) else shutil.copytree)(place, folder / os.path.basename(place))
    code, err = run_main(net_py, "--data-dir", folder, "--epochs", "2", "--out", tmp_path / "again.npz")
    assert code == 0, err
    again = load_bundle(tmp_path / "again.npz")
    info = dataset_info(again.design.dataset)
    assert info.class_names == tuple(dataset.class_names)
    if dataset.table is not None:
        assert info.table == dataset.table  # the columns and categories travel, so prediction needs no data
    assert len(again.history["loss"]) == 2
    scored = from_bundle(again).predict(dataset.x_test).argmax(axis=1)
    assert float((scored == dataset.y_test).mean()) > 0.5


def test_the_scripts_table_reader_names_the_row_that_is_wrong(penguins, torch, tmp_path):
    path, dataset = penguins
    net_py = script_for(from_bundle(load_bundle(path)), tmp_path)
    lines = open(dataset.origin.path, encoding="utf-8").read().splitlines()
    ragged = copy.copy(lines)
    ragged[5] += ",surplus"
    (tmp_path / "penguins.csv").write_text("\n".join(ragged) + "\n", encoding="utf-8")
    code, err = run_main(net_py, "--data-dir", tmp_path, "--out", tmp_path / "m.npz")
    assert code == 2 and err.startswith(f"error: {tmp_path / 'penguins.csv'}: row 5 has 9 values") and err.count("\n") == 1
    bad = copy.copy(lines)
    bad[3] = bad[3].replace("Torgersen", "Atlantis", 1)
    (tmp_path / "penguins.csv").write_text("\n".join(bad) + "\n", encoding="utf-8")
    code, err = run_main(net_py, "--data-dir", tmp_path, "--out", tmp_path / "m.npz")
    assert code == 2 and 'row 3, column island: "Atlantis" is not one of the values the model knows' in err
    assert not (tmp_path / "m.npz").exists()
