"""Files LayerLab writes and reads back: atomic writes, model bundles, shipped resources."""
