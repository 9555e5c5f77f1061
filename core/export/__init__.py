"""Export: the same network on other engines — ONNX, and a PyTorch script — and back.

Each layer type, activation, loss, optimizer and initializer carries its own export
piece (`core.export.parts` says what a piece is); the exporters here only walk the
design and ask the records. `core.export.formats` lists the formats (the CLI's
``--to`` and the app's Export… dialog read it). Importing this package imports
neither onnx nor torch: each exporter imports its engine when it runs.
"""
