"""core.data.normalisation: the one x * scale + offset, for batches, single pictures and tables."""
import numpy as np
import pytest

from core.data.normalisation import IDENTITY_NORMALISATION, IMAGE_NORMALISATION, normalise, normalise_pixels


def test_pixels_become_0_to_1_in_float32():
    x = np.array([[0, 51, 255]], dtype=np.uint8)
    out = normalise(x, IMAGE_NORMALISATION)
    assert out.dtype == np.float32 and out[0].tolist() == pytest.approx([0.0, 0.2, 1.0])


def test_scale_and_offset_are_applied_in_that_order():
    x = np.array([1.0, 2.0, 3.0])
    assert normalise(x, {"scale": 2.0, "offset": -1.0}).tolist() == [1.0, 3.0, 5.0]


def test_a_table_has_a_scale_and_offset_per_column():
    """Own-data CSV tables standardise every number column with its own mean and deviation."""
    rows = np.array([[10.0, 100.0], [20.0, 300.0]])
    mean, std = rows.mean(axis=0), rows.std(axis=0)
    out = normalise(rows, {"scale": 1 / std, "offset": -mean / std}, dtype=np.float64)
    np.testing.assert_allclose(out, (rows - mean) / std, atol=1e-12)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)


def test_identity_only_converts():
    x = np.arange(4, dtype=np.float32)
    assert normalise(x, IDENTITY_NORMALISATION) is x
    assert normalise(x.astype(np.int64), IDENTITY_NORMALISATION).dtype == np.float32


def test_a_picture_in_0_to_1_is_first_put_in_the_stored_units():
    """A drawing (0..1) and the same picture stored as uint8 pixels give the network the same numbers."""
    stored = np.array([[0, 128, 255]], dtype=np.uint8)
    for norm in (IMAGE_NORMALISATION, {"scale": 1 / 127.5, "offset": -1.0}):
        np.testing.assert_allclose(normalise_pixels(stored / 255.0, norm), normalise(stored, norm), rtol=1e-6)
    exact = normalise_pixels(np.array([0.5]), {"scale": 0.1, "offset": 0.25}, dtype=np.float64)
    assert exact.dtype == np.float64 and exact[0] == pytest.approx(0.5 * 255 * 0.1 + 0.25, abs=1e-12)
