"""The Training page: hyperparameters, the run, live curves."""
