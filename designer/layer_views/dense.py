"""Dense layers on screen: blue cards, "64 units · ReLU", and the inspector's words for
the weighted sum, the activation and the gradients."""
from __future__ import annotations

from designer.layer_views.base import LayerView
from designer.layer_views.registry import register_view
from designer.text import names


class DenseView(LayerView):
    kind = "dense"
    glyph = "network"
    color = "#3b6cf6"

    def detail(self, layer) -> str:
        return self.tr("{units} units · {activation}").format(
            units=names.format_count(layer.units), activation=names.activation_title(layer.activation))

    def note(self, layer, *, is_output: bool) -> str:
        if is_output:
            return self.tr("This is the output layer: one unit per class, softmax turns them into probabilities.")
        return self.tr("A hidden layer: ReLU is the usual activation.")

    def step_title(self, step, n, activation, *, first):
        k = step.kind
        if k == "weighted_sum":
            return self.tr("Layer {n}: weighted sum z").format(n=n)
        if k == "activation":
            return self.tr("Layer {n}: activation a = {act}(z)").format(n=n, act=activation)
        if k == "activation_gradient":
            if step.fused:
                return self.tr("Layer {n}: ∂L/∂z (softmax with cross-entropy)").format(n=n)
            return self.tr("Layer {n}: ∂L/∂z back through {act}").format(n=n, act=activation)
        if k == "weight_gradient":
            return self.tr("Layer {n}: ∂L/∂W and ∂L/∂b").format(n=n)
        if k == "input_gradient":
            if first:
                return self.tr("Layer {n}: ∂L/∂x, for the input").format(n=n)
            return self.tr("Layer {n}: ∂L/∂x, passed down").format(n=n)
        return super().step_title(step, n, activation, first=first)

    def explanation(self, step, *, first):
        k, act = step.kind, step.activation
        if k == "weighted_sum":
            return self.tr(
                "Each neuron multiplies every input by its weight, adds them up and adds its bias. "
                "For all neurons at once this is one matrix product: the input row x times the weight matrix W, "
                "which has one row per input and one column per neuron.")
        if k == "activation":
            return names.activation_explanation(act)
        if k == "activation_gradient":
            if step.fused:
                return self.tr("With softmax and cross-entropy together, the chain rule collapses to something simple: the gradient of the weighted sums is the output minus the target.")
            return self.tr("Chain rule: the gradient arriving from above, ∂L/∂a, times the activation's own slope at z.")
        if k == "weight_gradient":
            return self.tr(
                "How much the loss changes when each weight changes: the input that flowed through the weight times the "
                "gradient at the neuron it feeds. A bias is a weight on a constant input of 1, so ∂L/∂b is ∂L/∂z. "
                "Training moves every weight a small step against its gradient.")
        if k == "input_gradient":
            if first:
                return self.tr("The gradient for the input itself: which inputs would change the loss most. Training does not need it (inputs are not learnt), but it shows what the network looks at.")
            return self.tr("The gradient passed down to the layer below: each input's weights times the gradients of the neurons it feeds, added up.")
        return ""

    def brief(self, layer) -> str:
        return f"{self.title()} {names.format_count(layer.units)}"

    def summary(self, layer) -> str:
        return self.tr("Dense {units}, {act}").format(units=layer.units, act=names.activation_title(layer.activation))

    def box(self, lt, activation):
        return self.tr("Dense {units}, {act}").format(units=lt.a.size, act=activation)


DENSE_VIEW = register_view(DenseView())
