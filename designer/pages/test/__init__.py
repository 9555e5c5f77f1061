"""The Test page: drawing canvas, probabilities, the test-set browser."""
