"""The window's pages, one package each: design, train, test, explore."""
