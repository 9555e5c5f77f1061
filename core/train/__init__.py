"""The training loop: mini-batches, pause/stop, divergence, events for the CLI and the GUI."""
