"""The open design and trained model: the Document, undo commands, files, autosave, recent files."""
