"""MNIST-style preprocessing of drawings and pictures."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.data import digits, pictures
from core.data.digits import (
    DigitError,
    center_of_mass,
    load_image,
    looks_dark_on_light,
    prepare_digit,
    to_white_on_black,
)
from core.data.idx import read_idx


def canvas(draw, size: int = 280) -> np.ndarray:
    """A white-on-black drawing as the GUI's canvas gives it: float32 in 0..1."""
    im = Image.new("L", (size, size), 0)
    draw(ImageDraw.Draw(im))
    return np.asarray(im, dtype=np.float32) / 255


def ink_box(img: np.ndarray, threshold: float = 0.1) -> tuple[int, int]:
    """(height, width) of the ink's bounding box."""
    rows = np.flatnonzero((img > threshold).any(axis=1))
    cols = np.flatnonzero((img > threshold).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


@pytest.fixture(scope="module")
def mnist_test(datasets_dir):
    x = read_idx(datasets_dir / "mnist" / "t10k-images-idx3-ubyte.gz")[:1000]
    y = read_idx(datasets_dir / "mnist" / "t10k-labels-idx1-ubyte.gz")[:1000]
    return x, y


def test_small_off_centre_digit_is_scaled_to_20_pixels_and_centred():
    # a small "7" in the top-left corner of the canvas
    img = canvas(lambda d: d.line([(20, 20), (60, 20), (35, 80)], fill=255, width=6))
    out = prepare_digit(img)
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert 0.0 <= out.min() and out.max() <= 1.0
    assert max(ink_box(out, 0.05)) in (20, 21)  # the long side fills the 20x20 box
    cy, cx = center_of_mass(out)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5


@pytest.mark.parametrize("height, width", [(200, 100), (60, 240), (100, 100)])
def test_aspect_ratio_is_kept(height, width):
    img = canvas(lambda d: d.rectangle([30, 20, 30 + width - 1, 20 + height - 1], fill=255))
    h, w = ink_box(prepare_digit(img), 0.5)
    expected = (20 * height / max(height, width), 20 * width / max(height, width))
    assert abs(h - expected[0]) <= 1 and abs(w - expected[1]) <= 1


def test_a_thin_stroke_survives():
    out = prepare_digit(canvas(lambda d: d.line([(140, 10), (140, 270)], fill=255, width=3)))
    assert ink_box(out, 0.05)[0] == 20 and out.sum() > 1


@pytest.mark.parametrize("blank", [np.zeros((280, 280), np.float32), np.zeros((28, 28), np.uint8), np.full((50, 50), 0.04, np.float32), np.ones((40, 40))])
def test_empty_canvas_gives_zeros(blank):
    out = prepare_digit(blank)
    assert out.shape == (28, 28) and out.dtype == np.float32 and not out.any()


def test_uint8_and_float_inputs_agree():
    img = canvas(lambda d: d.ellipse([80, 60, 200, 230], outline=255, width=14))
    as_bytes = np.round(img * 255).astype(np.uint8)
    np.testing.assert_allclose(prepare_digit(as_bytes), prepare_digit(img), atol=1e-5)


def test_rejects_colour_arrays():
    with pytest.raises(ValueError, match="2-D"):
        prepare_digit(np.zeros((28, 28, 3)))


def test_dark_on_light_is_detected_and_inverted():
    white_on_black = canvas(lambda d: d.line([(140, 40), (140, 240)], fill=255, width=16))
    paper = 1.0 - white_on_black
    assert not looks_dark_on_light(white_on_black)
    assert looks_dark_on_light(paper)
    assert to_white_on_black(white_on_black) is white_on_black
    np.testing.assert_allclose(to_white_on_black(paper), white_on_black, atol=1e-6)
    paper_bytes = np.round(paper * 255).astype(np.uint8)
    assert looks_dark_on_light(paper_bytes)
    back = to_white_on_black(paper_bytes)
    assert back.dtype == np.uint8 and back.max() == 255 and back[0, 0] == 0


def test_grey_paper_and_faint_ink_look_like_a_clean_drawing():
    clean = canvas(lambda d: d.line([(90, 60), (190, 60), (120, 230)], fill=255, width=18))
    photo = 0.85 - 0.6 * clean  # grey pencil on off-white paper
    photo += np.random.default_rng(0).normal(0, 0.01, photo.shape).astype(np.float32)
    a, b = prepare_digit(clean), prepare_digit(to_white_on_black(photo))
    assert ink_box(a) == ink_box(b)
    # the paper's noise nudges the centre of mass, so allow the rounding to land one pixel off
    shifted = [np.roll(b, (dy, dx), axis=(0, 1)) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    cosine = max((a * s).sum() / np.sqrt((a * a).sum() * (s * s).sum()) for s in shifted)
    assert cosine > 0.95


def test_real_mnist_digits_pass_through_nearly_unchanged(mnist_test):
    x, y = mnist_test
    original = x.astype(np.float32) / 255
    prepared = np.stack([prepare_digit(img) for img in x])
    # MNIST digits are already 20 pixels tall or wide and centred by mass, so little changes
    worst = np.abs(prepared - original).reshape(len(x), -1).max(axis=1)
    assert (worst <= 0.1).mean() >= 0.97
    assert np.abs(prepared - original).mean() < 0.005
    coms = np.array([center_of_mass(p) for p in prepared])
    assert np.abs(coms - 14).max() <= 0.5 + 1e-9
    # and a simple classifier (nearest class mean) gives the same answers before and after
    means = np.stack([original[y == k].mean(axis=0) for k in range(10)]).reshape(10, -1)

    def nearest(images):
        flat = images.reshape(len(images), -1)
        return ((flat[:, None, :] - means[None]) ** 2).sum(axis=2).argmin(axis=1)

    assert (nearest(prepared) == nearest(original)).mean() >= 0.99


def test_prepare_digit_is_idempotent(mnist_test):
    x, _ = mnist_test
    for img in x[:50]:
        once = prepare_digit(img)
        np.testing.assert_allclose(prepare_digit(once), once, atol=1e-6)


# --------------------------------------------------------------------------- files


def test_png_round_trip(tmp_path):
    arr = np.random.default_rng(0).integers(0, 256, size=(37, 53), dtype=np.uint8)
    Image.fromarray(arr).save(tmp_path / "x.png")
    loaded = load_image(tmp_path / "x.png")
    assert loaded.dtype == np.float32 and loaded.shape == (37, 53)
    np.testing.assert_array_equal(loaded, arr.astype(np.float32) / np.float32(255))


def test_colour_and_transparent_pictures(tmp_path):
    rgb = np.zeros((20, 30, 3), np.uint8)
    rgb[5:15, 10:20] = (255, 255, 255)
    Image.fromarray(rgb).save(tmp_path / "rgb.jpg", quality=95)
    loaded = load_image(tmp_path / "rgb.jpg")
    assert loaded.shape == (20, 30) and loaded[10, 15] > 0.9 and loaded[0, 0] < 0.1

    # black strokes on a transparent sheet: read as dark ink on white paper
    rgba = np.zeros((20, 30, 4), np.uint8)
    rgba[5:15, 10:20] = (0, 0, 0, 255)
    Image.fromarray(rgba, "RGBA").save(tmp_path / "strokes.png")
    loaded = load_image(tmp_path / "strokes.png")
    assert loaded[0, 0] == 1.0 and loaded[10, 15] == 0.0
    assert looks_dark_on_light(loaded)


def test_unreadable_files_name_the_file(tmp_path):
    missing = tmp_path / "missing.png"
    with pytest.raises(DigitError, match="missing.png"):
        load_image(missing)
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    with pytest.raises(DigitError, match="notes.png.*not a picture"):
        load_image(text)
    good = tmp_path / "good.png"
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (64, 64), dtype=np.uint8)).save(good)
    cut = tmp_path / "cut.png"
    cut.write_bytes(good.read_bytes()[:200])
    with pytest.raises(DigitError, match="cut.png.*damaged or truncated"):
        load_image(cut)
    with pytest.raises(DigitError, match="folder"):
        load_image(tmp_path)


def test_huge_pictures_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    Image.new("L", (300, 200)).save(path)
    monkeypatch.setattr(digits, "MAX_PIXELS", 50_000)
    with pytest.raises(DigitError, match="big.png.*300x200 pixels, too large"):
        load_image(path)
    monkeypatch.setattr(digits, "MAX_FILE_BYTES", 10)
    with pytest.raises(DigitError, match="big.png"):
        load_image(path)


def test_a_loaded_drawing_prepares_like_the_array(tmp_path):
    img = canvas(lambda d: d.line([(140, 40), (100, 240)], fill=255, width=16))
    Image.fromarray(255 - np.round(img * 255).astype(np.uint8)).save(tmp_path / "pen.png")  # dark on light
    loaded = to_white_on_black(load_image(tmp_path / "pen.png"))
    np.testing.assert_allclose(prepare_digit(loaded), prepare_digit(img), atol=1e-5)


def test_sixteen_bit_grey_pictures_keep_their_range(tmp_path):
    a = np.full((8, 8), 30000, np.uint16)
    a[0, 0], a[1, 1] = 0, 65535
    Image.fromarray(a).save(tmp_path / "deep.png")
    loaded = load_image(tmp_path / "deep.png")
    assert loaded.dtype == np.float32 and loaded[0, 0] == 0.0 and loaded[1, 1] == 1.0
    assert loaded[4, 4] == pytest.approx(30000 / 65535, abs=1e-6)


def test_formats_outside_the_allow_list_are_refused(tmp_path):
    # A TIFF decodes fine in Pillow, but LayerLab reads PNG, JPEG, BMP and GIF only.
    Image.fromarray(np.full((8, 8), 0.5, np.float32), "F").save(tmp_path / "float.tif")
    with pytest.raises(DigitError, match="float.tif.*use PNG, JPEG, BMP or GIF") as info:
        load_image(tmp_path / "float.tif")
    assert info.value.code == "not_image"


def test_a_big_photo_is_shrunk_before_it_is_converted(tmp_path):
    img = canvas(lambda d: d.line([(140, 40), (100, 240)], fill=255, width=16))
    big = Image.fromarray(np.round(img * 255).astype(np.uint8)).resize((4000, 4000), Image.Resampling.NEAREST)
    big.save(tmp_path / "photo.jpg", quality=95)
    loaded = load_image(tmp_path / "photo.jpg")
    assert max(loaded.shape) <= digits.MAX_SIDE
    np.testing.assert_allclose(prepare_digit(loaded), prepare_digit(img), atol=0.08)


def test_running_out_of_memory_is_a_digit_error_naming_the_file(tmp_path, monkeypatch):
    path = tmp_path / "x.png"
    Image.new("L", (30, 30)).save(path)

    def no_memory(im):
        raise MemoryError

    monkeypatch.setattr(pictures, "grey_array", no_memory)
    with pytest.raises(DigitError, match="x.png.*not enough memory"):
        load_image(path)
