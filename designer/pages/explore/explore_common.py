"""What the Explore page's panels share: which model to look at, datasets, colours.

- `model_for(design, bundle, trained=...)`: the network to inspect, with the trained
  weights from the ModelStore's bundle (or a shipped model's) when they fit the design, else with the very
  initial weights training would start from (the design's seed or fixed weights);
  `trained_if_it_fits` keeps a panel's trained/initial choice honest, and `PanelModel`
  holds a panel's model, rebuilt only when something it depends on changed.
- `RefreshWhenShown`: a panel that puts off costly refreshes while it is hidden.
- `DataProvider`: datasets by design, cached; image sets load in a background thread.
- `diverging_rgb` / `sequential_rgb` / `rgb_qimage`: arrays as coloured pictures.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QImage

from core.design import spec
from core.nn.model import build_model
from designer.tasks.task import TaskRunner
from designer.widgets.plots.colours import (  # the Training page's plot colours, here too
    BLUE,
    GREY,
    ORANGE,
    TEXT,
)


# --------------------------------------------------------------------------- which model


def bundle_fits(design: spec.Design, bundle) -> bool:
    """True when trained weights for a network like `design` are at hand (see trained_bundle)."""
    return trained_bundle(design, bundle) is not None


def trained_bundle(design: spec.Design, bundle):
    """The bundle whose trained weights belong to a network like `design`
    (core.layer_types.walk.signature): the ModelStore's, else a shipped model's, else None.

    The Test page starts with the best shipped model (the CNN) while the Design page opens
    the MNIST MLP: the Explore panels then look at the shipped MLP's weights, not at an
    untrained network."""
    from core.layer_types.walk import signature
    from designer.document.bundled_model import shipped_bundle_for

    if bundle is not None and signature(bundle.design) == signature(design):
        return bundle
    return shipped_bundle_for(design)


def initial_rng(design: spec.Design) -> np.random.Generator:
    """The generator core.train.loop.train_design draws the initial weights from."""
    from core.train.loop import weights_rng

    return weights_rng(design.training.seed)


def model_for(design: spec.Design, bundle=None, *, trained: bool = True, dtype=np.float64):
    """(model, "trained" or "initial"). Raises ValueError when the design cannot be built."""
    return _built(design, trained_bundle(design, bundle) if trained else None, dtype)


def _built(design: spec.Design, source, dtype):
    model = build_model(design, rng=initial_rng(design), dtype=dtype)
    if source is None:
        return model, "initial"
    model.set_weights(source.weights)
    return model, "trained"


class PanelModel:
    """The network a panel looks at, as its ("trained", "initial") combo box says: rebuilt
    only when the design, the trained weights' source or the choice changes.

    `source` is the bundle whose weights are in use (None for initial weights); `fits`
    says whether any trained weights fit the design (the panel's words depend on it)."""

    def __init__(self, weights_combo, dtype=np.float64):
        self.weights_combo = weights_combo
        self.dtype = dtype
        self.model = None
        self.origin = ""
        self.source = None
        self.fits = False
        self._key = None

    def update(self, design: spec.Design, bundle):
        """The model for `design`, with the ModelStore's `bundle` if it fits. Raises ValueError
        when the design cannot be built (the panel then has no model)."""
        try:
            found = trained_bundle(design, bundle)
            self.fits = found is not None
            source = found if trained_if_it_fits(self.weights_combo, self.fits) else None
            key = (spec.dumps(design), id(source))
            if key != self._key:
                self.model, self.origin = _built(design, source, self.dtype)
                self.source, self._key = source, key
        except Exception:
            self.model, self.origin, self.source, self._key = None, "", None, None  # no model: none stale
            raise
        return self.model


def trained_if_it_fits(weights_combo, fits: bool) -> bool:
    """For a combo box of ("trained", "initial") weights: offer "trained" only when a trained
    model `fits` the design, else quietly switch to "initial" -- and back to "trained" once
    one fits again, unless the user chose "initial" themselves. True when "trained" is chosen."""
    weights_combo.model().item(0).setEnabled(fits)
    switch_to = None
    if not fits and weights_combo.currentData() == "trained":
        switch_to = 1
    elif fits and weights_combo.currentData() == "initial" and weights_combo.property("autoInitial"):
        switch_to = 0
    if switch_to is not None:
        weights_combo.blockSignals(True)
        weights_combo.setCurrentIndex(switch_to)
        weights_combo.blockSignals(False)
        weights_combo.setProperty("autoInitial", switch_to == 1)
    return weights_combo.currentData() == "trained"


def is_two_d(design: spec.Design) -> bool:
    return math.prod(design.input_shape) == 2


# --------------------------------------------------------------------------- refreshing


class RefreshWhenShown:
    """For a panel (a QWidget with a `refresh()`) too costly to refresh for every edit made on
    another page: a change while it is hidden only marks it stale, and it refreshes when it is
    shown again. Connect the change signals to `refresh_when_seen`; `refresh()` clears `_stale`."""

    _stale = False

    @Slot()
    def refresh_when_seen(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()


# --------------------------------------------------------------------------- datasets


def load_image_set(state, name, data_dir, seed: int = 0):
    """core.data.datasets.load_dataset as a background task (designer.tasks.task; a file being
    read cannot be interrupted, so `state` is not asked). `name` may be the user's own data, whose
    test split follows `seed`. A missing dataset is said in the user's language when it is not
    English (the core's message is English, written for the command line); so is a problem
    with the user's own data."""
    from core.data.datasets import DataError, DatasetNotFound, load_dataset
    from designer.text.names import dataset_title, ui_language

    try:
        return load_dataset(name, data_dir, seed=seed)
    except DataError as e:
        from designer.text.messages import data_error_text

        raise DataError(data_error_text(e), e.code, e.params, e.reason) from e
    except DatasetNotFound as e:
        if not ui_language():
            raise
        message = QCoreApplication.translate(
            "DataProvider", "The {name} dataset was not found on this computer (looked in: {places}). Press Train on the "
            "Training page to download it, or put its files in one of those folders.").format(
            name=dataset_title(name), places="; ".join(map(str, e.searched)))
        raise DatasetNotFound(message, e.searched) from e


class DataProvider(QObject):
    """Datasets for the panels. Toy sets are generated at once; image sets are read in the
    background (`load_image_set`, one designer.tasks.task.TaskRunner per dataset being read),
    then `ready(key)` is emitted (or `failed(key, message)`)."""

    ready = Signal(object)
    failed = Signal(object, str)

    def __init__(self, data_dir=None, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self._cache: dict[tuple, object] = {}
        self._loading: dict[tuple, TaskRunner] = {}
        self._errors: dict[tuple, str] = {}

    @staticmethod
    def key(design: spec.Design) -> tuple:
        from core.data.catalog import DataSource
        from core.data.datasets import canonical_name, is_toy

        if isinstance(design.dataset, DataSource):  # the user's own data: its test split follows the seed
            return (design.dataset, design.training.seed)
        name = canonical_name(design.dataset)
        if is_toy(name):
            return (name, tuple(sorted(design.dataset_options.items())), design.training.seed)
        return (name,)

    def dataset(self, design: spec.Design):
        """The design's dataset if it is at hand (toy sets always are), else None."""
        from core.data.datasets import DatasetError, is_toy, load_dataset

        key = self.key(design)
        if key not in self._cache and is_toy(key[0]):
            try:
                self._cache[key] = load_dataset(key[0], options=design.dataset_options, seed=design.training.seed)
            except DatasetError as e:
                self._errors[key] = str(e)
                return None
        return self._cache.get(key)

    def error(self, design: spec.Design) -> str:
        return self._errors.get(self.key(design), "")

    def is_loading(self, design: spec.Design) -> bool:
        return self.key(design) in self._loading

    def request(self, design: spec.Design) -> bool:
        """Make sure the dataset is coming: True if it is here already, else load it in the background."""
        if self.dataset(design) is not None:
            return True
        key = self.key(design)
        if key in self._loading or key in self._errors:
            return False
        runner = TaskRunner(self, name=f"loading {key[0]}")
        runner.setProperty("dataset_key", key)
        runner.done.connect(self._on_loaded)
        runner.failed.connect(self._on_failed)
        self._loading[key] = runner
        own = len(key) == 2 and not isinstance(key[0], str)  # the user's own data: (source, seed)
        runner.start(load_image_set, key[0], self.data_dir, **({"seed": key[1]} if own else {}))
        return False

    def retry(self, design: spec.Design) -> None:
        self._errors.pop(self.key(design), None)
        self.request(design)

    def put(self, design: spec.Design, dataset) -> None:
        self._cache[self.key(design)] = dataset

    def _take(self) -> tuple | None:
        """The key of the runner that sent the signal, forgotten (its thread has ended)."""
        runner = self.sender()
        for key, r in list(self._loading.items()):
            if r is runner:
                del self._loading[key]
                runner.deleteLater()
                return key
        return None

    @Slot(object)
    def _on_loaded(self, dataset) -> None:
        key = self._take()
        if key is not None:
            self._cache[key] = dataset
            self.ready.emit(key)

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        key = self._take()
        if key is not None:
            self._errors[key] = message
            self.failed.emit(key, message)

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Wait for loads under way (they cannot be interrupted; they take a second or two);
        True when none runs. A load still running is kept (its thread must not be destroyed)."""
        done = True
        for key, runner in list(self._loading.items()):
            if runner.shutdown(timeout_ms):
                del self._loading[key]
            else:
                done = False
        return done


# --------------------------------------------------------------------------- colours

NAN_GREY = np.array([236, 236, 236], dtype=np.float64)
_NEG = np.array([33, 102, 172], dtype=np.float64)  # blue
_POS = np.array([178, 24, 43], dtype=np.float64)  # red
_INK = np.array([20, 40, 80], dtype=np.float64)  # dark navy


def diverging_rgb(a: np.ndarray, vmax: float | None = None) -> np.ndarray:
    """Negative blue, zero white, positive red (uint8 RGB); NaN light grey."""
    a = np.asarray(a, dtype=np.float64)
    finite = np.isfinite(a)
    if vmax is None:
        vmax = float(np.abs(a[finite]).max()) if finite.any() else 1.0
    vmax = vmax or 1.0
    v = np.clip(np.where(finite, a, 0.0) / vmax, -1.0, 1.0)[..., None]
    white = np.full(3, 255.0)
    rgb = np.where(v < 0, white + (-v) * (_NEG - white), white + v * (_POS - white))
    rgb = np.where(finite[..., None], rgb, NAN_GREY)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def sequential_rgb(a: np.ndarray, vmax: float | None = None) -> np.ndarray:
    """0 white to the largest value dark navy, like ink on paper (uint8 RGB); NaN light grey."""
    a = np.asarray(a, dtype=np.float64)
    finite = np.isfinite(a)
    if vmax is None:
        vmax = float(a[finite].max()) if finite.any() else 1.0
    vmax = vmax or 1.0
    v = np.clip(np.where(finite, a, 0.0) / vmax, 0.0, 1.0)[..., None]
    rgb = 255.0 + v * (_INK - 255.0)
    rgb = np.where(finite[..., None], rgb, NAN_GREY)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def rgb_qimage(rgb: np.ndarray) -> QImage:
    """An (h, w, 3) uint8 array as a QImage that owns its bytes."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


__all__ = [
    "BLUE", "ORANGE", "GREY", "TEXT",
    "bundle_fits", "initial_rng", "model_for", "PanelModel", "trained_bundle", "trained_if_it_fits", "is_two_d",
    "RefreshWhenShown", "DataProvider", "diverging_rgb", "sequential_rgb", "rgb_qimage",
]
