"""The network in NumPy: layers, activations, losses, optimizers, initializers, the model, gradient checks."""
