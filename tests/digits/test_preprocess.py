"""Preprocessing against hand-made cases: centring, scaling, aspect, inversion, modes, bad input."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from playground.digits.preprocess import DrawingError, EmptyDrawing, prepare


def sketch(size=400, box=(120, 60, 200, 300), width=24, mode="RGBA") -> Image.Image:
    """A black '1'-like stroke with a foot, on a transparent (or white) canvas."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = box
    draw.line([(x0, y0 + 30), ((x0 + x1) // 2, y0), ((x0 + x1) // 2, y1)], fill=(0, 0, 0, 255), width=width)
    draw.line([(x0, y1), (x1, y1)], fill=(0, 0, 0, 255), width=width)
    if mode == "RGBA":
        return image
    white = Image.alpha_composite(Image.new("RGBA", image.size, (255, 255, 255, 255)), image)
    return white.convert(mode)


def centre_of_mass(a: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(a.shape)
    return (ys * a).sum() / a.sum(), (xs * a).sum() / a.sum()


def bbox(a: np.ndarray) -> tuple[int, int]:
    rows, cols = np.flatnonzero(a.any(1) > 0), np.flatnonzero(a.any(0) > 0)
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def test_digit_is_scaled_to_20_pixels_and_centred_by_mass():
    out = prepare(sketch()).image
    assert out.shape == (28, 28) and out.dtype == np.uint8 and out.max() == 255
    cy, cx = centre_of_mass(out.astype(float))
    assert abs(cy - 14) < 0.6 and abs(cx - 14) < 0.6
    height, width = bbox(out > 30)
    assert 19 <= height <= 21


def test_position_on_the_canvas_does_not_matter():
    left = prepare(sketch(box=(20, 20, 100, 260))).image.astype(float)
    right = prepare(sketch(box=(280, 120, 360, 360))).image.astype(float)
    assert np.abs(left - right).mean() < 8


def test_aspect_ratio_is_kept():
    image = Image.new("L", (300, 300), 255)
    ImageDraw.Draw(image).rectangle([140, 20, 160, 280], fill=0)  # a bar 21 wide, 261 tall
    out = prepare(image).image
    height, width = bbox(out > 30)
    assert 19 <= height <= 21 and width <= 5


def test_white_on_black_is_inverted():
    black_on_white = sketch(mode="L")
    white_on_black = Image.eval(black_on_white, lambda v: 255 - v)
    a, b = prepare(black_on_white), prepare(white_on_black)
    assert not a.inverted and b.inverted
    assert np.abs(a.image.astype(int) - b.image.astype(int)).max() <= 2


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "L", "P", "LA", "1"])
def test_every_image_mode_gives_the_same_digit(mode):
    reference = prepare(sketch()).image.astype(int)
    image = sketch() if mode in ("RGBA", "LA") else sketch(mode="RGB")
    image = image.convert(mode)
    assert np.abs(prepare(image).image.astype(int) - reference).mean() < 6


def test_a_real_mnist_digit_comes_back_as_itself(mnist_root):
    from playground.data.images import load_split

    digit = load_split("mnist", "test", mnist_root).images[0, 0].numpy()
    out = prepare(Image.fromarray(digit)).image  # white ink on black, as MNIST is
    assert np.corrcoef(out.ravel(), digit.ravel())[0, 1] > 0.9


def test_thin_and_thick_pens_are_brought_towards_mnist_stroke_width():
    thin, thick = prepare(sketch(width=3)).image, prepare(sketch(width=70)).image
    normal = prepare(sketch(width=24)).image
    ink = [(img > 127).sum() for img in (thin, normal, thick)]
    assert ink[0] > 0.4 * ink[1] and ink[2] < 2.5 * ink[1]


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("image", [Image.new("RGBA", (800, 800), (0, 0, 0, 0)), Image.new("RGB", (800, 800), "white")])
def test_empty_canvas_is_a_prompt_not_an_error(image):
    with pytest.raises(EmptyDrawing):
        prepare(png(image))


def test_a_lone_dot():
    image = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse([400, 400, 412, 412], fill=(0, 0, 0, 255))
    with pytest.raises(DrawingError, match="dot, not a digit"):
        prepare(image)


def test_a_canvas_filled_with_ink():
    with pytest.raises(DrawingError, match="mostly ink"):
        prepare(Image.new("RGBA", (800, 800), (0, 0, 0, 255)))  # every pixel painted
    photo = Image.new("RGB", (800, 800), "white")
    ImageDraw.Draw(photo).rectangle([20, 20, 780, 780], fill="black")
    with pytest.raises(DrawingError, match="mostly ink"):
        prepare(photo)


def test_huge_upload_is_refused_before_decoding(tmp_path):
    path = tmp_path / "huge.png"
    Image.new("L", (5000, 5000), 255).save(path)  # 25 megapixels, small on disk
    with pytest.raises(DrawingError, match="25.0 megapixels; the limit is 20"):
        prepare(path)


def test_not_an_image(tmp_path):
    path = tmp_path / "digit.png"
    path.write_text("this is a text file with an image's name")
    with pytest.raises(DrawingError, match="not an image"):
        prepare(path)


def test_corrupt_image(tmp_path):
    path = tmp_path / "digit.png"
    path.write_bytes(png(sketch())[:300])  # cut short
    with pytest.raises(DrawingError, match="damaged or cut short"):
        prepare(path)
