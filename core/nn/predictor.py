"""From a trained bundle and a picture to class probabilities.

The CLI's `predict` and the GUI's drawing canvas both go through `Predictor`, so
the same image gets the same answer wherever it is classified.

One picture at a time (the canvas, while the user draws) runs its matrix products in
the calling thread: for a convolution's products on one sample, OpenBLAS would wake its
worker threads, and on a busy 2-core machine (a CNN training in the app) waiting for
them took 20-40 ms per drawing instead of about 1 ms (benchmarks/bench_draw_predict.py).
The limit is process-wide while it lasts (a millisecond), so a training thread's
products run on one thread for that moment too.
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from functools import cache

import numpy as np

from core.data.digits import prepare_digit, to_white_on_black
from core.data.normalisation import normalise, normalise_pixels
from core.io.bundle import Bundle
from core.nn.model import build_model

MNIST_SIDE = 28


class PredictionStopped(Exception):
    """`should_stop` said so: `dataset_probabilities` ended early, without a result."""


class Predictor:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.design = bundle.design
        self.model = build_model(bundle.design, rng=np.random.default_rng(0))
        self.model.set_weights(bundle.weights)

    @property
    def gives_probabilities(self) -> bool:
        """True when the outputs are class probabilities (the last layer is softmax); otherwise
        they are scores, the largest one the answer, which must not be shown as probabilities."""
        from core.nn.activations import ACTIVATIONS

        activation = ACTIVATIONS.get(getattr(self.design.layers[-1], "activation", None) or "")
        return activation is not None and activation.family == "output"

    @property
    def takes_images(self) -> bool:
        """True when the network's input is a 28x28 picture (MNIST-style)."""
        return math.prod(self.design.input_shape) == MNIST_SIDE * MNIST_SIDE

    def normalise(self, pixels01: np.ndarray) -> np.ndarray:
        """Pixels in 0..1 -> the network's input scale, as its training data was (core.data.normalisation)."""
        return normalise_pixels(pixels01, self.bundle.normalisation)

    def input_for_image(self, image: np.ndarray, *, white_on_black: bool = False) -> np.ndarray:
        """Any grey picture -> the 28x28 (0..1) image the network sees, MNIST-style.

        Pictures are turned white-on-black when they look dark-on-light, unless the
        caller knows they already are (the drawing canvas: a scribble over most of
        its edge must not flip it).
        """
        return prepare_digit(image if white_on_black else to_white_on_black(image))

    def probabilities(self, digit28: np.ndarray) -> np.ndarray:
        """Class probabilities for one prepared 28x28 image (values 0..1)."""
        x = self.normalise(digit28.reshape(1, -1))
        with one_blas_thread():
            return self.model.predict_proba(x)[0]

    def classify(self, image: np.ndarray, *, white_on_black: bool = False) -> tuple[int, np.ndarray, np.ndarray]:
        """(label, probabilities, the 28x28 input) for a picture of any size."""
        digit = self.input_for_image(image, white_on_black=white_on_black)
        probs = self.probabilities(digit)
        return int(np.argmax(probs)), probs, digit

    def dataset_probabilities(
        self, raw: np.ndarray, chunk: int = 2048, *, should_stop: Callable[[], bool] | None = None,
    ) -> np.ndarray:
        """Probabilities for rows of a dataset as stored (uint8 pixels), normalised as in training.

        Used on whole test sets, so it works chunk by chunk and never converts them wholesale.
        `should_stop` is asked before every chunk; when it returns True, PredictionStopped is raised.
        """
        raw = np.asarray(raw)
        rows = raw.reshape(len(raw), -1)
        parts = []
        for i in range(0, len(rows), chunk):
            if should_stop is not None and should_stop():
                raise PredictionStopped("stopped before the whole dataset was classified")
            parts.append(self.model.predict_proba(normalise(rows[i : i + chunk], self.bundle.normalisation)))
        if not parts:
            return np.zeros((0, self.design.layers[-1].units), dtype=np.float32)
        return np.concatenate(parts)


@cache
def _blas_controller():
    """threadpoolctl's view of the loaded BLAS libraries (finding them takes a few ms: once)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which NumPy's matrix products run in the calling thread only (see the module doc)."""
    controller = _blas_controller()
    if not controller.select(user_api="blas"):
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")
