"""How training's numbers are computed fast, beside the textbook maths of `core.nn`:
compiled element-wise loops (`kernels`) and both CPU cores for one step (`cores`)."""
