"""Turn a drawing, photo or scan of a digit into a 28×28 MNIST-standard image.

The MNIST recipe (LeCun et al.): the digit's bounding box is scaled to fit 20×20,
aspect ratio kept, anti-aliased, and placed in a 28×28 field so that its centre of
mass sits at the centre. Ink is white on black, as in MNIST.

Before that, any input is brought to "ink = darkness": transparency is composited
onto white (a browser canvas arrives with a transparent or an opaque white
background), any mode becomes grayscale, and a white-on-black image is inverted.
Strokes far thinner or thicker than MNIST's are brought back towards MNIST's
width, so a fine pen or a fat finger both survive the reduction to 28×28.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

from playground.errors import UserError

MAX_PIXELS = 20_000_000  # uploads above 20 megapixels are refused before they are decoded
MAX_BYTES = 30 * 1024 * 1024
WORK_BOX = 100  # the cropped digit is reduced to at most this size before the stroke work: fast, and plenty
INK_LEVEL = 0.2  # ink below this share of the darkest stroke is background (paper grain, JPEG noise)
# MNIST strokes are about 2–3 px wide in the 20 px box: roughly this share of the box's longer side
STROKE_TARGET = (0.08, 0.22)


class DrawingError(UserError, ValueError):
    """The input cannot be read as a digit; the message says why in plain words."""


class EmptyDrawing(DrawingError):
    """Nothing drawn yet: the page shows a friendly prompt, not an error."""


@dataclass(frozen=True)
class Prepared:
    """A digit ready for a model."""

    image: np.ndarray  # (28, 28) uint8, white ink on black, MNIST-centred
    inverted: bool  # the input was white ink on a dark background


def open_image(source: str | Path | bytes | Image.Image) -> Image.Image:
    """Open an upload safely: size checked from the header before decoding; clear messages."""
    if isinstance(source, Image.Image):
        image = source
    else:
        if isinstance(source, (str, Path)):
            path = Path(source)
            if path.stat().st_size > MAX_BYTES:
                raise DrawingError(f"that file is larger than {MAX_BYTES // 2**20} MB; upload a smaller picture")
            data = path.read_bytes()
        else:
            data = source
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise DrawingError("that file is not an image: upload a PNG, JPEG or similar picture of a digit") from None
        except Exception as exc:
            raise DrawingError(f"that image could not be read ({type(exc).__name__})") from None
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise DrawingError(
            f"that image is {pixels / 1e6:.1f} megapixels; the limit is {MAX_PIXELS / 1e6:.0f}. "
            "A photo of one digit needs far less: crop or shrink it"
        )
    try:
        image.load()
    except Exception:
        raise DrawingError("that image is damaged or cut short and could not be decoded") from None
    return image


@dataclass(frozen=True)
class Ink:
    """How much ink each pixel holds, in [0, 1], over the part of the picture that matters."""

    values: np.ndarray  # (h, w) float32; possibly a crop of the picture, possibly reduced
    scale: int  # picture pixels per pixel of values (1 unless reduced)
    picture: tuple[int, int]  # (height, width) of the whole picture, for the size checks
    inverted: bool  # the picture was white ink on a dark background


def to_ink(image: Image.Image) -> Ink:
    """Ink from any mode: a canvas's strokes over white, or a photo's dark (or, inverted, light) marks."""
    if image.format == "JPEG":
        image.draft("L", (1200, 1200))  # JPEG decodes straight to a smaller size: photos need no more
        image = ImageOps.exif_transpose(image)
    if image.mode == "P":
        image = image.convert("RGBA")
    picture = (image.height, image.width)
    transparent = image.mode in ("RGBA", "LA", "PA") or (image.mode in ("RGB", "L") and "transparency" in image.info)
    if transparent:
        # a canvas: ink is darkness over white = opacity × (1 - luma); only the drawn region is read
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        bbox = rgba.getchannel("A").getbbox()
        if bbox is None:
            raise EmptyDrawing("nothing is drawn yet")
        region = rgba.crop(bbox)
        ink = ImageChops.multiply(region.getchannel("A"), ImageOps.invert(region.convert("L")))
        factor = max(1, max(ink.size) // (2 * WORK_BOX))
        if factor > 1:
            ink = ink.reduce(factor)
        return Ink(np.asarray(ink, dtype=np.float32) * (1.0 / 255.0), factor, picture, False)
    if max(image.size) > 1200:
        image = image.copy()
        image.thumbnail((1200, 1200), Image.Resampling.BOX)
    factor = round(picture[1] / image.width)
    gray = np.asarray(image.convert("L"), dtype=np.float32) * (1.0 / 255.0)
    if gray.size == 0:
        raise EmptyDrawing("the picture is empty")
    # The background is what the border mostly is: a dark border means white ink on black.
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    inverted = float(np.median(border)) < 0.5
    ink = gray if inverted else 1.0 - gray
    background = float(np.median(border if inverted else 1.0 - border))
    return Ink(np.clip(ink - background, 0, None), factor, picture, inverted)  # paper not quite white


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels: area / half the perimeter (a stroke is a long thin shape)."""
    area = mask.sum()
    if area == 0:
        return 0.0
    padded = np.pad(mask, 1)
    edges = (padded[1:-1, 1:-1] & ~(padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:])).sum()
    return float(2 * area / max(edges, 1))


def prepare(source: str | Path | bytes | Image.Image) -> Prepared:
    """Any picture of one digit -> the 28×28 image a model trained on MNIST expects."""
    found = to_ink(open_image(source))
    ink, inverted = found.values, found.inverted
    peak = float(ink.max())
    if peak < 0.08:
        raise EmptyDrawing("nothing is drawn yet")
    mask = ink >= INK_LEVEL * peak
    h, w = found.picture
    if mask.sum() * found.scale**2 > 0.6 * h * w:
        raise DrawingError("the picture is mostly ink: clear the canvas and draw one digit")
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    box = max(bottom - top, right - left)
    if box * found.scale < max(4, 0.04 * max(h, w)):
        raise DrawingError("that is a dot, not a digit: draw the digit larger")
    crop = ink[top:bottom, left:right] * (mask[top:bottom, left:right] / peak)
    crop_img = Image.fromarray(np.uint8(np.round(np.clip(crop, 0, 1) * 255)), "L")
    if box > WORK_BOX:  # the rest works at a modest size: fast, and far more detail than 20 px keeps
        factor = WORK_BOX / box
        crop_img = crop_img.resize((max(1, round(crop_img.width * factor)), max(1, round(crop_img.height * factor))),
                                   Image.Resampling.BOX)
        box = WORK_BOX

    # bring the stroke width towards MNIST's, relative to the digit's size
    width = stroke_width(np.asarray(crop_img) > 127)
    share = width / box
    if share < STROKE_TARGET[0]:
        grow = int(round((STROKE_TARGET[0] * 1.25 * box - width) / 2))
        if grow > 0:
            crop_img = ImageOps.expand(crop_img, grow, 0).filter(ImageFilter.MaxFilter(2 * grow + 1))
    elif share > STROKE_TARGET[1]:
        shrink = int(round((width - STROKE_TARGET[1] * 0.8 * box) / 2))
        if shrink > 0:
            thinner = crop_img.filter(ImageFilter.MinFilter(2 * shrink + 1))
            if np.asarray(thinner).max() > 0:
                crop_img = thinner

    # fit the longer side to 20 px, keep the aspect ratio, anti-aliased
    cw, ch = crop_img.size
    scale = 20.0 / max(cw, ch)
    size = (max(1, round(cw * scale)), max(1, round(ch * scale)))
    small = np.asarray(crop_img.resize(size, Image.Resampling.LANCZOS), dtype=np.float32).clip(0, 255)

    # paste into 28×28 so the centre of mass lands at the centre
    total = small.sum()
    ys, xs = np.indices(small.shape)
    cy, cx = (ys * small).sum() / total, (xs * small).sum() / total
    field = np.zeros((28, 28), np.float32)
    oy, ox = int(round(14 - cy)), int(round(14 - cx))  # MNIST digits have their centre of mass at (14, 14)
    oy = min(max(oy, 0), 28 - small.shape[0])
    ox = min(max(ox, 0), 28 - small.shape[1])
    field[oy : oy + small.shape[0], ox : ox + small.shape[1]] = small
    field *= 255.0 / max(field.max(), 1e-6)
    return Prepared(np.uint8(np.round(field)), inverted)
