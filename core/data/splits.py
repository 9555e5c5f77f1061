"""Holding out a test set from the user's own data: a seeded share of every class."""
from __future__ import annotations

import numpy as np


def stratified_split(labels: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) row indices, each in order: `fraction` of each class's rows, drawn with
    `seed`, are the test rows (rounded; a class keeps at least one row for training), and at
    least one row is a test row in all. The same labels, fraction and seed give the same split,
    so a model file's test set can be found again."""
    labels = np.asarray(labels, dtype=np.int64)
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[2])
    test: list[int] = []
    for k in np.unique(labels):
        rows = np.flatnonzero(labels == k)
        n = min(int(round(len(rows) * fraction)), len(rows) - 1)
        test.extend(rng.permutation(rows)[:n].tolist())
    if not test and len(labels) > 1:
        biggest = int(np.bincount(labels).argmax())
        test.append(int(rng.choice(np.flatnonzero(labels == biggest))))
    test_idx = np.array(sorted(test), dtype=np.int64)
    train_idx = np.setdiff1d(np.arange(len(labels)), test_idx)
    return train_idx, test_idx


__all__ = ["stratified_split"]
