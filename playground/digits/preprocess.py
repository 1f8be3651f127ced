"""Turn a drawing, photo or scan of a digit into a 28×28 MNIST-standard image.

The MNIST recipe (LeCun et al.): the digit's bounding box is scaled to fit 20×20,
aspect ratio kept, anti-aliased, and placed in a 28×28 field so that its centre of
mass sits at the centre. Ink is white on black, as in MNIST.

Before that, any input is brought to "ink = darkness": transparency is composited
onto white (a browser canvas arrives with a transparent or an opaque white
background), any mode becomes grayscale, and a white-on-black image is inverted.
A photo's paper is brought to zero everywhere, whatever its grey and however
unevenly lit (a plane fitted to the border, divided out), and its grain is cleared.
Strokes far thinner or thicker than MNIST's are brought back towards MNIST's
width, so a fine pen or a fat finger both survive the reduction to 28×28.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

from playground.errors import UserError

MAX_PIXELS = 20_000_000  # uploads above 20 megapixels are refused before they are decoded
MAX_BYTES = 30 * 1024 * 1024
MIN_SIDE = 8  # pixels: MNIST digits are 28×28; a picture smaller than this cannot hold one
WORK_BOX = 100  # the cropped digit is reduced to at most this size before the stroke work: fast, and plenty
PHOTO_SIDE = 1200  # photos and scans are read at most this large
LIGHT_RING = 0.03  # the border ring, as a share of the picture's shorter side, that the paper's lighting is fitted to
NOISE_FLOOR = 3.0  # ink within this many noise deviations of the paper is paper
INK_LEVEL = 0.2  # ink below this share of the darkest stroke is background (paper grain, JPEG noise)
# MNIST strokes are about 2–3 px wide in the 20 px box: roughly this share of the box's longer side
STROKE_TARGET = (0.08, 0.22)


class DrawingError(UserError, ValueError):
    """The input cannot be read as a digit; its key (of the draw table) says why in plain words."""


class EmptyDrawing(DrawingError):
    """Nothing drawn yet: the pad shows a friendly prompt, not an error; an upload says what it was."""

    def __init__(self, transparent: bool = False) -> None:
        # "blank", or "blank (fully transparent)": words for a message about an upload
        self.what = UserError("draw.blank_transparent" if transparent else "draw.blank")
        super().__init__("draw.empty", what=self.what)


@dataclass(frozen=True)
class Prepared:
    """A digit ready for a model."""

    image: np.ndarray  # (28, 28) uint8, white ink on black, MNIST-centred
    inverted: bool  # the input was white ink on a dark background


def _too_large(pixels: float) -> DrawingError:
    return DrawingError("draw.too_large", mp=pixels / 1e6, limit=MAX_PIXELS / 1e6)


def _bomb_pixels(exc: Exception) -> float:
    """The pixel count PIL names when it refuses an image as a decompression bomb (its own limit if unnamed)."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    return float(found.group(1)) if found else 2.0 * (Image.MAX_IMAGE_PIXELS or MAX_PIXELS)


def open_image(source: str | Path | bytes | Image.Image) -> Image.Image:
    """Open an upload safely: size checked from the header before decoding; clear messages."""
    if isinstance(source, Image.Image):
        image = source
    else:
        if isinstance(source, (str, Path)):
            path = Path(source)
            if path.stat().st_size > MAX_BYTES:
                raise DrawingError("draw.file_too_large", mb=MAX_BYTES // 2**20)
            data = path.read_bytes()
        else:
            data = source
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise DrawingError("draw.not_image") from None
        except Image.DecompressionBombError as exc:  # far over our own limit: the same message as any large image
            raise _too_large(_bomb_pixels(exc)) from None
        except Exception:
            raise DrawingError("draw.unreadable") from None
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise _too_large(pixels)
    if min(image.size) < MIN_SIDE:
        w, h = image.size
        raise DrawingError("draw.too_small" if pixels > 1 else "draw.too_small_one", w=w, h=h, side=MIN_SIDE)
    try:
        image.load()
    except Exception:
        raise DrawingError("draw.damaged") from None
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
            raise EmptyDrawing(transparent=True)
        region = rgba.crop(bbox)
        ink = ImageChops.multiply(region.getchannel("A"), ImageOps.invert(region.convert("L")))
        factor = max(1, max(ink.size) // (2 * WORK_BOX))
        if factor > 1:
            ink = ink.reduce(factor)
        return Ink(np.asarray(ink, dtype=np.float32) * (1.0 / 255.0), factor, picture, False)
    if max(image.size) > PHOTO_SIDE:
        image = image.copy()
        image.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.BOX)
    factor = round(picture[1] / image.width)
    gray = np.asarray(image.convert("L"), dtype=np.float32) * (1.0 / 255.0)
    paper = _paper(gray)
    inverted = _light_ink(gray, paper)
    ink, background = (gray, paper) if inverted else (1.0 - gray, 1.0 - paper)
    return Ink(flatten_lighting(ink, background), factor, picture, inverted)


def _paper(gray: np.ndarray) -> np.ndarray:
    """The paper's brightness everywhere, under uneven lighting: a plane fitted to the picture's border.

    A ring around the picture (a few per cent wide) is where the paper is; a robust least-squares
    plane through it (refitted without what lies far from it: ink that touches the border) is the
    paper everywhere. The border alone decides, so a picture that is mostly ink stays mostly ink.
    """
    h, w = gray.shape
    ring = max(1, round(LIGHT_RING * min(h, w)))
    step = max(1, ring // 4)  # every step-th pixel of the ring: plenty for a plane, and fast
    rows, cols = np.arange(0, h, step), np.arange(0, w, step)
    edge = ((rows < ring) | (rows >= h - ring))[:, None] | ((cols < ring) | (cols >= w - ring))[None, :]
    at_row, at_col = np.nonzero(edge)
    at_row, at_col = rows[at_row], cols[at_col]
    x = np.arange(w, dtype=np.float32) / w - 0.5
    y = np.arange(h, dtype=np.float32) / h - 0.5
    design = np.stack([np.ones(len(at_row), np.float32), x[at_col], y[at_row]], 1)
    values = gray[at_row, at_col]
    keep = np.ones(len(values), bool)
    for _ in range(3):
        coef = np.linalg.lstsq(design[keep], values[keep], rcond=None)[0]
        residual = values - design @ coef
        spread = _deviation(residual[keep]) + 1e-3
        keep = np.abs(residual) < 3 * spread
    return (coef[0] + coef[1] * x[None, :] + coef[2] * y[:, None]).astype(np.float32)


def _deviation(values: np.ndarray) -> float:
    """A standard deviation that ink cannot inflate: from the median absolute deviation."""
    return 1.4826 * float(np.median(np.abs(values - np.median(values))))


def _sample(image: np.ndarray) -> np.ndarray:
    """About 300×300 of a picture's pixels, evenly spread: plenty for its statistics."""
    return image[:: max(1, image.shape[0] // 300), :: max(1, image.shape[1] // 300)]


def _light_ink(gray: np.ndarray, paper: np.ndarray) -> bool:
    """Is the ink lighter than the paper (white on black)? The side on which the picture departs from
    its paper by far more than the grain; where neither does, what the border mostly is (dark: yes)."""
    off = _sample(gray) - _sample(paper)
    floor = NOISE_FLOOR * _deviation(off)
    light, dark = float(np.clip(off - floor, 0, None).sum()), float(np.clip(-off - floor, 0, None).sum())
    if max(light, dark) > 2 * min(light, dark) + 1e-3:
        return light > dark
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    return float(np.median(border)) < 0.5


def flatten_lighting(ink: np.ndarray, background: np.ndarray) -> np.ndarray:
    """A photo's ink with the lighting taken out: paper at 0 everywhere, sensor noise under a floor.

    The paper's own ink level (grey paper, a lighting gradient: see ``_paper``) is taken away and
    the rest divided by what the paper leaves (ink on dim paper shows less contrast); then a light
    blur and a floor of a few noise deviations (measured on the picture) clear the grain.
    """
    from scipy import ndimage  # here, not at the top: the app's start (the Draw tab imports this file) skips scipy

    flat = (ink - background) / np.maximum(1.0 - background, 0.2)
    # a blur of 2 px at the full reading size (1 px at half): grain goes, strokes stay
    flat = ndimage.gaussian_filter(flat, max(1.0, 2 * max(flat.shape) / PHOTO_SIDE), truncate=2.5)
    return np.clip(flat - NOISE_FLOOR * _deviation(_sample(flat)), 0, None)


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
        raise EmptyDrawing()
    mask = ink >= INK_LEVEL * peak
    h, w = found.picture
    if mask.sum() * found.scale**2 > 0.6 * h * w:
        raise DrawingError("draw.mostly_ink")
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    box = max(bottom - top, right - left)
    if box * found.scale < max(4, 0.04 * max(h, w)):
        raise DrawingError("draw.dot")
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
