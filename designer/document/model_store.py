"""The one trained model the app is using right now.

The test page classifies with it; the training page replaces it when a run ends;
opening a model file replaces it too. Pages never hold a model of their own, so they
can't disagree about which network is being tested.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ModelStore(QObject):
    #: the new core.io.bundle.Bundle (or None), and where it came from, e.g. "bundled", "trained", a file path
    modelChanged = Signal(object, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._bundle = None
        self._origin = ""

    @property
    def bundle(self):
        return self._bundle

    @property
    def origin(self) -> str:
        return self._origin

    def set_bundle(self, bundle, origin: str) -> None:
        self._bundle = bundle
        self._origin = origin
        self.modelChanged.emit(bundle, origin)
