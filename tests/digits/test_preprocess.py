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


def test_photos_under_uneven_light_come_out_clean_and_centred(mnist_root):
    """Dark real digits on grey, noisy paper lit strongly from one side: the paper goes, the digit stays."""
    from scipy import ndimage

    from playground.data.images import load_split
    from playground.digits import predict
    from tests.digits.pictures import lit_photo

    held_out = load_split("mnist", "test", mnist_root)  # digits the default model never trained on
    model = predict.default_model()
    rng = np.random.default_rng(0)
    read = 0
    for i in range(10):
        digit = held_out.images[i, 0].numpy()
        out = prepare(lit_photo(digit, rng)).image
        clean = prepare(Image.fromarray(digit)).image  # the same digit straight from MNIST
        # the background is black: nothing lies more than 2 px away from the strokes (a grey blob would)
        strokes = ndimage.binary_dilation(out > 64, iterations=2)
        assert out[~strokes].max() < 10 and np.median(out) == 0, i
        assert np.corrcoef(out.ravel(), clean.ravel())[0, 1] > 0.7, i  # and it is this digit
        # the digit itself fills the 20 px box, centred: a blob around it would shrink and shift it
        height, width = bbox(out > 64)
        assert max(height, width) >= 18, i
        cy, cx = centre_of_mass(out.astype(float))
        assert abs(cy - 14) < 1 and abs(cx - 14) < 1
        rows, cols = np.flatnonzero((out > 64).any(1)), np.flatnonzero((out > 64).any(0))
        assert abs((rows[0] + rows[-1]) / 2 - 14) < 3 and abs((cols[0] + cols[-1]) / 2 - 14) < 3, i
        read += int(predict.probabilities(model, out).argmax() == held_out.labels[i])
    assert read >= 9


def test_a_lighting_gradient_alone_is_not_ink():
    from tests.digits.pictures import lit_photo

    with pytest.raises(EmptyDrawing):
        prepare(lit_photo(np.zeros((28, 28), np.uint8), np.random.default_rng(1)))


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # PIL warns; we refuse
@pytest.mark.parametrize("width, height, megapixels", [(15000, 15000, "225.0"), (10000, 10000, "100.0"),
                                                       (5000, 4200, "21.0")])
def test_every_image_over_the_limit_gets_the_same_message(width, height, megapixels):
    # 225 MP is past PIL's own decompression-bomb limit, which refuses it while opening
    from tests.digits.pictures import png_header

    with pytest.raises(DrawingError) as refused:
        prepare(png_header(width, height))
    assert str(refused.value).startswith(f"that image is {megapixels} megapixels; the limit is 20")
    assert "Error" not in str(refused.value)  # no exception class names


@pytest.mark.parametrize("size, words", [((1, 1), "1×1 pixel,"), ((3, 40), "3×40 pixels,")])
def test_a_tiny_image_is_too_small_to_hold_a_digit(size, words):
    with pytest.raises(DrawingError, match=f"{words} too small to hold a digit") as refused:
        prepare(png(Image.new("L", size, 0)))
    assert not isinstance(refused.value, EmptyDrawing)


def test_empty_pictures_say_what_they_are():
    with pytest.raises(EmptyDrawing) as transparent:
        prepare(png(Image.new("RGBA", (64, 64), (255, 0, 0, 0))))
    assert str(transparent.value.what) == "blank (fully transparent)"  # words for a message about an upload
    assert transparent.value.what.message("es") == "está en blanco (totalmente transparente)"
    with pytest.raises(EmptyDrawing) as blank:
        prepare(png(Image.new("RGB", (64, 64), (200, 200, 200))))
    assert str(blank.value.what) == "blank"


def test_dark_ink_on_paper_darker_than_mid_grey_is_not_taken_for_white_ink(mnist_root):
    # the border is mostly below 50% grey here, yet the ink is what departs from the paper: darker
    from playground.data.images import load_split
    from tests.digits.pictures import lit_photo

    held_out = load_split("mnist", "test", mnist_root)
    rng = np.random.default_rng(3)
    for i in range(5):
        digit = held_out.images[i, 0].numpy()
        out = prepare(lit_photo(digit, rng, paper=(0.2, 0.65)))
        assert not out.inverted, i
        assert np.corrcoef(out.image.ravel(), prepare(Image.fromarray(digit)).image.ravel())[0, 1] > 0.6, i
