"""Data: the dataset catalog, finding, downloading and reading files (IDX, pictures), toy sets."""
