"""LayerLab's engine: a neural network in plain NumPy, built from a design spec.

Nothing in this package imports Qt; it can be used from a script or the CLI.
"""
