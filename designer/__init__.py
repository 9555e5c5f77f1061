"""LayerLab's Qt application: windows, widgets, undo commands, the training worker."""
