"""Background work off the GUI thread: one helper (task.py) that runs plain functions and shuts down cleanly."""
