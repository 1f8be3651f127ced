"""What the Training tab shows: status, evaluation tables, galleries. No gradio here."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import torch

from playground.train import engine
from playground.train.classify import Evaluation, TrainedModel


def duration(seconds: float) -> str:
    if not np.isfinite(seconds):
        return "—"
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else f"{seconds // 60}:{seconds % 60:02d}"


def status_html(device: str, event: engine.Event | None = None, *, note: str = "", kind: str = "info",
                epochs: int | None = None) -> str:
    """The status panel: device, a progress bar while training, and one line of news."""
    parts = [f'<div class="pg-device">Device: <b>{html.escape(device)}</b></div>']
    if isinstance(event, engine.Step):
        share = event.step / max(event.total_steps, 1)
        parts.append(
            f'<div class="pg-progress"><div style="width:{100 * share:.1f}%"></div></div>'
            f'<div class="pg-line">Epoch {event.epoch}/{epochs or "?"} · step {event.step:,}/{event.total_steps:,} · '
            f"loss {event.losses[-1]:.4f} · {event.images_per_s:,.0f} images/s · lr {event.lr:.2e} · "
            f"{duration(event.elapsed)} elapsed · ETA {duration(event.eta)}</div>"
        )
    if note:
        parts.append(f'<div class="pg-status pg-{kind}">{html.escape(note)}</div>')
    return f'<div class="pg-train-status">{"".join(parts)}</div>'


def model_line(trained: TrainedModel | None) -> str:
    if trained is None:
        return "No trained model in this session yet."
    last = trained.history.epochs[-1] if trained.history.epochs else None
    val = f", validation accuracy {last['val_acc']:.2%}" if last and last.get("val_acc") is not None else ""
    return f"This session's model: trained on {trained.dataset} for {trained.steps:,} steps{val}."


def evaluation_html(ev: Evaluation) -> str:
    wrong = int((ev.labels != ev.predictions).sum())
    return (
        '<div class="pg-cards">'
        f'<div class="pg-card"><div class="pg-card-value">{ev.accuracy:.2%}</div><div class="pg-card-label">test accuracy</div></div>'
        f'<div class="pg-card"><div class="pg-card-value">{ev.loss:.4f}</div><div class="pg-card-label">test loss</div></div>'
        f'<div class="pg-card"><div class="pg-card-value">{wrong:,} / {len(ev.labels):,}</div><div class="pg-card-label">mistakes</div></div>'
        f'<div class="pg-card"><div class="pg-card-value">{ev.seconds:.1f} s</div><div class="pg-card-label">evaluation time</div></div>'
        "</div>"
    )


def report_frame(ev: Evaluation) -> pd.DataFrame:
    """scikit-learn's classification report as a table: one row per class, then the averages."""
    rows = []
    for name in [*ev.classes, "macro avg", "weighted avg"]:
        r = ev.report[name]
        rows.append([name, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1-score']:.3f}", f"{int(r['support']):,}"])
    return pd.DataFrame(rows, columns=["class", "precision", "recall", "F1", "support"])


def confusion_styler(ev: Evaluation) -> pd.io.formats.style.Styler:
    """The confusion matrix as a heat-coloured table: rows true class, columns predicted; click a cell."""
    labels = [c if len(c) <= 12 else c[:11] + "…" for c in ev.classes]
    frame = pd.DataFrame(ev.confusion, columns=labels)
    frame.insert(0, "true ↓ / predicted →", labels)
    row_totals = ev.confusion.sum(1, keepdims=True).clip(min=1)
    share = ev.confusion / row_totals

    def colour(row: pd.Series) -> list[str]:
        i = row.name
        out = ["font-weight: 600"]
        for j in range(len(ev.classes)):
            s = float(share[i, j])
            if i == j:
                out.append(f"background-color: rgba(37, 99, 235, {0.15 + 0.6 * s:.2f})")
            elif ev.confusion[i, j]:
                out.append(f"background-color: rgba(220, 38, 38, {min(0.1 + 3 * s, 0.85):.2f})")
            else:
                out.append("color: #bbb")
        return out

    return frame.style.apply(colour, axis=1)


def upscale(images: torch.Tensor, side: int = 84) -> list[np.ndarray]:
    """uint8 (n, C, H, W) -> HWC arrays scaled up with nearest neighbours, so pixels stay crisp."""
    out = []
    for img in images:
        arr = img.permute(1, 2, 0).numpy()
        factor = max(1, side // arr.shape[0])
        arr = arr.repeat(factor, 0).repeat(factor, 1)
        out.append(arr[..., 0] if arr.shape[2] == 1 else arr)
    return out
