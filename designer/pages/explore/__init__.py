"""The Explore page and its panels: inspector, gradient check, race, playground, loss, weights."""
