"""Background work off the GUI thread: workers, threads, clean shutdown."""
