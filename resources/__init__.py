"""LayerLab's shipped files (example designs, trained models, translations), installed as package data."""
