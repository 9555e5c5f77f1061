"""Widgets shared by several pages: icons, plots, arrays, the drawing canvas, dialogs."""
