"""Widgets shared by several pages: icons, arrays, the drawing canvas, spin boxes, dialogs;
the drawings of data in `plots`."""
