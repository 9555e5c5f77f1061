"""From a trained bundle and a picture (or a table's rows) to class probabilities.

The CLI's `predict` and the GUI's drawing canvas both go through `Predictor`, so
the same image gets the same answer wherever it is classified.

What a model reads depends on its data's kind (core.data.catalog.DatasetKind): MNIST-like
models take pictures prepared as MNIST's digits were (cropped, centred, 28x28); models of
a folder of pictures take any picture resized to their input size, as their own pictures
were; table models take rows, encoded with the columns and categories the model file keeps.

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

from core.data.catalog import class_names_for, dataset_info, dataset_kind
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
        self.normalisation = bundle.normalisation
        self.kind = dataset_kind(bundle.design.dataset)

    @property
    def gives_probabilities(self) -> bool:
        """True when the outputs are class probabilities (the last layer is softmax); otherwise
        they are scores, the largest one the answer, which must not be shown as probabilities."""
        from core.nn.activations import ACTIVATIONS

        activation = ACTIVATIONS.get(getattr(self.design.layers[-1], "activation", None) or "")
        return activation is not None and activation.family == "output"

    @property
    def class_names(self) -> tuple[str, ...]:
        """One name per output (in English): the data's classes, else "class i"."""
        return class_names_for(self.design.dataset, int(self.model.output_size))

    @property
    def takes_images(self) -> bool:
        """True when the network reads pictures: MNIST-style 28x28 digits, or a picture folder's
        pictures of its own size (see `picture_shape`)."""
        if self.kind is not None:
            return self.kind.samples == "pictures"
        return math.prod(self.design.input_shape) == MNIST_SIDE * MNIST_SIDE

    @property
    def takes_rows(self) -> bool:
        """True when the network reads the rows of a table (`table` says their columns)."""
        return self.kind is not None and self.kind.samples == "rows" and self.table is not None

    @property
    def table(self):
        """The model's table columns (core.data.tables.TableEncoding), or None."""
        info = dataset_info(self.design.dataset)
        return info.table if info is not None else None

    @property
    def digit_style(self) -> bool:
        """Pictures are prepared as MNIST's digits were (cropped, scaled into 20x20, centred)."""
        return (self.kind is None or self.kind.digit_style) and math.prod(self.design.input_shape) == MNIST_SIDE * MNIST_SIDE

    @property
    def picture_shape(self) -> tuple[int, int, int]:
        """(channels, height, width) of the pictures the network reads."""
        source = self.design.dataset
        natural = source.natural_shape() if hasattr(source, "natural_shape") else None
        if natural is not None and len(natural) == 3:
            return tuple(natural)
        info = dataset_info(source)
        if info is not None and len(info.input_shape) == 3:
            return tuple(info.input_shape)
        return (1, MNIST_SIDE, MNIST_SIDE)

    def normalise(self, pixels01: np.ndarray) -> np.ndarray:
        """Pixels in 0..1 -> the network's input scale, as its training data was (core.data.normalisation)."""
        return normalise_pixels(pixels01, self.normalisation)

    def input_for_image(self, image: np.ndarray, *, white_on_black: bool = False) -> np.ndarray:
        """Any grey picture -> the image (0..1) the network sees: MNIST-style 28x28 for digit
        models, else the picture resized to the model's height and width (a picture folder's
        pictures were only resized).

        Pictures for digit models are turned white-on-black when they look dark-on-light,
        unless the caller knows they already are (the drawing canvas: a scribble over most
        of its edge must not flip it).
        """
        if self.digit_style:
            return prepare_digit(image if white_on_black else to_white_on_black(image))
        from core.data.digits import resized

        _, height, width = self.picture_shape
        return resized(image, height, width)

    def probabilities(self, digit28: np.ndarray) -> np.ndarray:
        """Class probabilities for one prepared image (values 0..1): a grey (H, W) image is
        given every channel the model reads."""
        image = np.asarray(digit28, dtype=np.float32)
        channels = self.picture_shape[0]
        if image.ndim == 2 and channels > 1 and image.size * channels == math.prod(self.design.input_shape):
            image = np.repeat(image[None], channels, axis=0)
        x = self.normalise(image.reshape(1, -1))
        with one_blas_thread():
            return self.model.predict_proba(x.reshape(1, *self.design.input_shape))[0]

    def picture_file(self, path) -> tuple[int, np.ndarray, np.ndarray]:
        """(label, probabilities, the image seen, (H, W) grey in 0..1) for a picture file: read as
        the model's own pictures were (a picture folder's resized in colour), or MNIST-style."""
        if self.kind is None or self.kind.digit_style:
            from core.data.digits import load_image

            return self.classify(load_image(path))
        from core.data.image_folder import read_picture

        channels, height, width = self.picture_shape
        pixels = read_picture(path, (height, width), "rgb" if channels == 3 else "grayscale")
        probs = self.model.predict_proba(normalise(pixels[None], self.normalisation).reshape(1, *self.design.input_shape))[0]
        seen = pixels.mean(axis=0).astype(np.float32) / np.float32(255)
        return int(np.argmax(probs)), probs, seen

    def rows_probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Class probabilities for table rows already encoded (core.data.tables.TableEncoding.encode)."""
        x = normalise(np.asarray(rows, dtype=np.float32), self.normalisation)
        return self.model.predict_proba(x.reshape(len(x), *self.design.input_shape))

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
            part = normalise(rows[i : i + chunk], self.normalisation)
            parts.append(self.model.predict_proba(part.reshape(len(part), *self.design.input_shape)))
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
