"""Data drawn: the Train page's live curves (`live_plot`, its axis numbers and series), the
schedule's drawing, the probability bars, the colours they share, and the look of the
Explore page's pyqtgraph plots (`plot_style`)."""
