"""The one picture reader: the formats allow-list (no decoder that runs a program), the
size and pixel caps, files that are not files, the first frame only."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import EpsImagePlugin, Image

from core.data import pictures
from core.data.pictures import PictureError, grey_array, open_picture, read_grey, rgb_array

from tests.conftest import ROOT

#: a real EPS that asks the PostScript interpreter to write a file
EPS = b"""%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 28 28
%%EndComments
(PWNED) print
/f (OUT) (w) file def f (written by PostScript) writestring f closefile
showpage
%%EOF
"""


def _eps(tmp_path, name="digit.png"):
    path = tmp_path / name
    path.write_bytes(EPS.replace(b"OUT", str(tmp_path / "written-by-gs").encode()))
    return path


@pytest.fixture
def no_programs(monkeypatch):
    """Fail the test if anything starts a process or reaches Pillow's Ghostscript code."""
    started = []

    def refuse(*args, **kwargs):
        started.append(args)
        raise AssertionError(f"a process was started: {args!r}")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", refuse)
    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", refuse)
    return started


def test_pillow_on_its_own_would_take_the_eps_for_what_it_is(tmp_path):
    # Why the allow-list exists: the name says PNG, the content says EPS, Pillow believes the content.
    with Image.open(_eps(tmp_path)) as im:
        assert im.format == "EPS"


def test_an_eps_named_png_is_refused_and_no_process_is_started(tmp_path, no_programs):
    path = _eps(tmp_path)
    with pytest.raises(PictureError, match="digit.png: not a picture LayerLab can read \\(use PNG, JPEG, BMP or GIF\\)") as info:
        open_picture(path)
    assert info.value.code == "not_image" and info.value.params["path"] == str(path)
    with pytest.raises(PictureError, match="not a picture"):
        open_picture(path.read_bytes())
    assert no_programs == []
    assert not (tmp_path / "written-by-gs").exists()


def _fake_ghostscript(tmp_path) -> dict:
    """An environment whose PATH starts with a `gs` that leaves a mark when it runs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mark = tmp_path / "gs-ran"
    gs = bin_dir / "gs"
    gs.write_text(f"#!/bin/sh\ntouch {mark}\nexit 1\n")
    gs.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONPATH": str(ROOT)}
    return {"env": env, "mark": mark}


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for Ghostscript")
def test_predict_on_an_eps_named_png_never_runs_ghostscript(tmp_path):
    fake = _fake_ghostscript(tmp_path)
    path = _eps(tmp_path)
    # The test can fail: without LayerLab's reader, Pillow runs whatever `gs` is first on PATH.
    subprocess.run([sys.executable, "-c", f"from PIL import Image; Image.open({str(path)!r}).load()"], env=fake["env"], capture_output=True, timeout=60)
    assert fake["mark"].exists()
    fake["mark"].unlink()

    model = ROOT / "resources" / "models" / "mnist_mlp.npz"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "predict", str(model), str(path)], env=fake["env"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"error: {path}: not a picture LayerLab can read (use PNG, JPEG, BMP or GIF)"]
    assert not fake["mark"].exists()
    assert not (tmp_path / "written-by-gs").exists()


@pytest.mark.parametrize("fmt", pictures.FORMATS)
def test_every_allowed_format_opens(fmt, tmp_path, no_programs):
    a = np.random.default_rng(0).integers(0, 256, (12, 9), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, fmt)
    grey = grey_array(open_picture(buf.getvalue(), name=f"x.{fmt.lower()}"))
    assert grey.shape == (12, 9) and grey.dtype == np.float32
    if fmt != "JPEG":  # lossy
        np.testing.assert_array_equal(grey, a / np.float32(255))


def test_only_the_first_frame_of_an_animation_is_read(tmp_path):
    frames = [Image.new("L", (10, 10), v) for v in (0, 255, 128)]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    with Image.open(path) as im:
        assert im.n_frames == 3
    assert read_grey(path).max() == 0.0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev")
@pytest.mark.parametrize("make, code", [
    (lambda tmp_path: (os.mkfifo(tmp_path / "pipe.png"), tmp_path / "pipe.png")[1], "not_regular"),
    (lambda tmp_path: "/dev/zero", "not_regular"),
    (lambda tmp_path: "/dev/urandom", "not_regular"),
    (lambda tmp_path: tmp_path, "folder"),
    (lambda tmp_path: tmp_path / "missing.png", "cannot_read"),
])
def test_paths_that_are_not_picture_files_are_refused_unread(tmp_path, make, code):
    with pytest.raises(PictureError) as info:
        open_picture(make(tmp_path))
    assert info.value.code == code


def test_caps_apply_before_decoding(tmp_path):
    path = tmp_path / "wide.png"
    Image.new("L", (400, 300)).save(path)
    with pytest.raises(PictureError, match="400x300 pixels, too large") as info:
        open_picture(path, max_pixels=100_000)
    assert info.value.code == "too_many_pixels"
    with pytest.raises(PictureError) as info:
        open_picture(path, max_bytes=100)
    assert info.value.code == "file_too_large"
    with pytest.raises(PictureError) as info:
        open_picture(path.read_bytes(), max_bytes=100, name="given.png")
    assert info.value.code == "file_too_large" and info.value.params["path"] == "given.png"
    assert open_picture(path, max_pixels=120_000).size == (400, 300)


def test_pillows_own_bomb_limit_is_obeyed(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    path = tmp_path / "bomb.png"
    Image.new("L", (40, 40)).save(path)  # 1,600 pixels: over Pillow's (lowered) warning limit
    with pytest.raises(PictureError) as info:
        open_picture(path)
    assert info.value.code == "too_large"


def test_max_side_shrinks_keeping_the_aspect_ratio(tmp_path):
    path = tmp_path / "big.png"
    Image.new("RGBA", (3000, 1500), (255, 0, 0, 128)).save(path)
    im = open_picture(path, max_side=1000)
    assert im.size == (1000, 500) and im.mode == "RGBA"


def test_rgb_array_puts_transparency_on_white():
    im = Image.new("RGBA", (4, 3), (0, 0, 0, 0))
    im.putpixel((1, 1), (10, 20, 30, 255))
    a = rgb_array(im)
    assert a.shape == (3, 4, 3) and a.dtype == np.uint8
    assert tuple(a[0, 0]) == (255, 255, 255) and tuple(a[1, 1]) == (10, 20, 30)


def test_an_exif_rotated_photo_is_turned_upright(tmp_path):
    im = Image.new("L", (20, 10), 0)
    im.paste(255, (0, 0, 5, 10))  # a bright strip on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to view"
    path = tmp_path / "photo.jpg"
    im.save(path, exif=exif, quality=95)
    upright = read_grey(path)
    assert upright.shape == (20, 10)
    assert upright[:5].mean() > 0.9 and upright[10:].mean() < 0.1  # the strip is now at the top
