"""Explore → Inspector: one sample's forward and backward pass step by step (`panel`), each
step's formula and numbers (`trace_view`), and the network drawn as neurons (`neuron_diagram`)."""
