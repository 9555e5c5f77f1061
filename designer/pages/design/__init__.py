"""The Design page: palette, layer stack, properties, findings."""
