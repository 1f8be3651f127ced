"""Does the drawing look like a digit at all? An answer, and whether to trust it.

A classifier gives every input one of its classes, so a dot or a line gets a confident
"6". Two cheap checks say when the answer should be shown as a guess:

1. **Shape** (models of the ten digits only), on the prepared 28×28: a digit is strokes,
   so it is neither far wider than tall (a line: the width over the height of its ink
   above MAX_ASPECT) nor solid (a dot, a blob, a scribbled-over patch: the mean ink
   thickness, twice the mean distance of an ink pixel to the paper, over the digit's
   longer side, above MAX_THICKNESS).
2. **Agreement under small changes**: the digit as drawn and four slightly changed views
   (turned 10° either way, shrunk and grown by 10%), in one batch of five, must give the
   answer's class a mean probability of at least MIN_VIEW_CONFIDENCE. A real digit keeps
   its class when nudged; a shape the model does not know, or reads wrongly, often flips.
   (Nine views, shifts of 1.5 px in four directions added, flagged about as many real
   drawings and wrong answers at a matching threshold, for twice the model's time.)

Calibration (``flag_rates``), on the 2,000 held-out MNIST test digits 8,000–9,999 (never
trained on by the default model) as browser drawings (``drawings.drawing_set``, seed 0),
read by the default model: 31 of 2,000 (1.55%) are flagged, so 98.45% of real drawings
are not; by check: 0 too wide, 0 too solid, 31 whose views disagree. The shape thresholds
sit above every real drawing (widest 1.82, most solid 0.189). The flagged include 17 of
the model's 41 wrong answers on these drawings. Of pad-like non-digits (800×800, the
pad's 56 px brush; 10 of each kind), all dots, horizontal lines, filled blobs and
back-and-forth scribbles are flagged; loose tangles of random strokes only sometimes
(2 in 10): some of them look like a digit to anyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import torch
import torch.nn.functional as F

from playground.devices import evaluating
from playground.train.trained import TrainedModel

MAX_ASPECT = 2.0  # ink width / height: real drawings reach 1.82, a horizontal line 5 and more
MAX_THICKNESS = 0.2  # mean ink thickness / the longer side: real drawings reach 0.189, a dot 0.33
MIN_VIEW_CONFIDENCE = 0.55  # the answer's mean probability over the five views
# (dx, dy in pixels of the 28×28, degrees, scale): the digit as drawn first
VIEWS = [(0, 0, 0, 1.0), (0, 0, 10, 1.0), (0, 0, -10, 1.0), (0, 0, 0, 0.9), (0, 0, 0, 1.1)]
DIGITS = [str(d) for d in range(10)]


def _affine(views: list[tuple[float, float, float, float]], side: int = 28) -> torch.Tensor:
    """affine_grid matrices (output -> input coordinates) for shifts, turns and scalings of a side×side image."""
    rows = []
    for dx, dy, degrees, scale in views:
        a = math.radians(degrees)
        c, s = math.cos(a) / scale, math.sin(a) / scale
        rows.append([[c, -s, -dx * 2 / side], [s, c, -dy * 2 / side]])
    return torch.tensor(rows, dtype=torch.float32)


THETA = _affine(VIEWS)


@dataclass(frozen=True)
class Guess:
    """A model's answer for one prepared digit, and whether it is only a guess."""

    probs: np.ndarray  # softmax over the classes, for the digit as drawn
    view_confidence: float  # the answer's mean probability over the changed views
    reason: str = ""  # why the answer is uncertain: a key of the draw table (plain words); "" when it is not

    @property
    def uncertain(self) -> bool:
        return bool(self.reason)

    @property
    def top(self) -> int:
        return int(self.probs.argmax())


def views(digit: np.ndarray) -> torch.Tensor:
    """(28, 28) uint8 -> (len(VIEWS), 1, 28, 28) uint8: the digit as drawn, then its changed views."""
    x = torch.from_numpy(np.ascontiguousarray(digit)).float().view(1, 1, *digit.shape).expand(len(VIEWS), -1, -1, -1)
    grid = F.affine_grid(THETA, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False).round_().clamp_(0, 255).to(torch.uint8)


def shape_doubt(digit: np.ndarray) -> str:
    """Why a prepared 28×28 digit is not shaped like one (a line, a dot, a blob): a key of the draw table, or ""."""
    ink = digit > 127
    if not ink.any():
        return "draw.doubt_no_ink"
    rows, cols = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    if width / height > MAX_ASPECT:
        return "draw.doubt_wide"
    from scipy import ndimage  # here, not at the top: the app's start (the Draw tab imports this file) skips scipy

    thickness = 2 * float(ndimage.distance_transform_edt(ink)[ink].mean()) / max(height, width)
    if thickness > MAX_THICKNESS:
        return "draw.doubt_solid"
    return ""


def guess(trained: TrainedModel, digit: np.ndarray) -> Guess:
    """The model's answer for a prepared digit, with the shape and view checks above (one batched pass)."""
    with evaluating(trained.cpu_module()) as module:
        logits = module(trained.adapter(views(digit)))
    probs = logits.float().softmax(1)
    top = int(probs[0].argmax())
    confidence = float(probs[:, top].mean())
    reason = shape_doubt(digit) if trained.classes == DIGITS else ""
    if not reason and confidence < MIN_VIEW_CONFIDENCE:
        reason = "draw.doubt_views"
    return Guess(probs[0].numpy(), confidence, reason)


def flag_rates(trained: TrainedModel, digits: Iterable[np.ndarray]) -> dict[str, float]:
    """For calibration: how many prepared digits are flagged, in all and by check."""
    counts = {"n": 0, "flagged": 0, "too wide": 0, "too solid": 0, "views disagree": 0}
    for digit in digits:
        found = guess(trained, digit)
        counts["n"] += 1
        counts["flagged"] += found.uncertain
        counts["too wide"] += found.reason == "draw.doubt_wide"
        counts["too solid"] += found.reason == "draw.doubt_solid"
        counts["views disagree"] += found.reason == "draw.doubt_views"
    return {key: value / max(counts["n"], 1) if key != "n" else value for key, value in counts.items()}
