"""Explore → Inside a convolution: feature maps and kernels (`panel`), the im2col lens
(`lens_view`), and the grid of maps both draw on (`map_grid`)."""
