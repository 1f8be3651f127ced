"""What the Training tab shows: status, live plots, evaluation tables, galleries; a run as page updates.

No gradio here: updates are dicts keyed by name, and the tab maps names to its components.
"""

from __future__ import annotations

import copy
import html
import logging
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd
import torch

from playground.cnn.layers import SpecError
from playground.cnn.spec import set_arg
from playground.cnn.summary import summarize
from playground.data.images import DATASETS, title_key
from playground import i18n
from playground.errors import UserError
from playground.i18n import t
from playground.train import checkpoint, engine
from playground.train.classify import ClassifierTraining
from playground.train.estimate import estimate_epoch_seconds
from playground.train.evaluation import Evaluation, evaluate, test_split_images
from playground.train.settings import TrainSettings
from playground.train.history import History
from playground.train.trained import TrainedModel
from playground.views.common import export_file, sentence, upscale_all
from playground.views.live import Pace
from playground.views.plots import accuracy_figure, lines_svg, loss_figure

log = logging.getLogger("playground.views")


def duration(seconds: float) -> str:
    if not np.isfinite(seconds):
        return "—"
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else f"{seconds // 60}:{seconds % 60:02d}"


def abbr(term_key: str, definition_key: str) -> str:
    """A term with its one-line definition on hover (and long press), both from the tables."""
    return f'<abbr title="{html.escape(t(definition_key))}">{html.escape(t(term_key))}</abbr>'  # i18n: not text


def unit(name: str) -> str:
    """A batch unit ("images", "tokens") in the page's language."""
    key = f"training.unit_{name}"
    return t(key) if i18n.has(key) else name


def resting_html(device: str, note: str) -> str:
    """The status panel as the page is built, outside any request: ``note`` is trusted (a text the page
    translates), not escaped."""
    return (f'<div class="pg-train-status"><div class="pg-device"><b>{html.escape(device)}</b></div>'
            f'<div class="pg-status pg-info">{note}</div></div>')


def status_html(device: str, event: engine.Event | None = None, *, note: str = "", kind: str = "info",
                epochs: int | None = None) -> str:
    """The status panel: device, a progress bar while training, and one line of news."""
    parts = [f'<div class="pg-device">{html.escape(t("common.device"))}: <b>{html.escape(device)}</b></div>']
    if isinstance(event, engine.Step):
        share = event.step / max(event.total_steps, 1)
        line = t("training.progress", epoch=event.epoch, epochs=epochs or "?", step=event.step,
                 total=event.total_steps, loss=abbr("training.word_loss", "training.def_loss"),
                 value=event.losses[-1], rate=event.samples_per_s, unit=html.escape(unit(event.unit)), lr=event.lr,
                 lr_term=abbr("training.word_lr", "training.def_lr"),
                 elapsed=duration(event.elapsed), eta=duration(event.eta))
        parts.append(f'<div class="pg-progress"><div style="width:{100 * share:.1f}%"></div></div>'  # i18n: not text
                     f'<div class="pg-line">{line}</div>')
    if note:
        parts.append(f'<div class="pg-status pg-{kind}">{html.escape(note)}</div>')  # i18n: not text
    return f'<div class="pg-train-status">{"".join(parts)}</div>'


def model_line(trained: TrainedModel | None) -> str:
    if trained is None:
        return t("training.no_model")
    acc = trained.history.last_val_acc
    val = t("training.model_val", acc=acc) if acc is not None else ""
    return t("training.model", dataset=trained.dataset, steps=trained.steps, val=val)


def evaluation_html(ev: Evaluation) -> str:
    wrong = int((ev.labels != ev.predictions).sum())
    cards = [(f"{ev.accuracy:.2%}", abbr("training.card_accuracy", "training.def_accuracy")),
             (f"{ev.loss:.4f}", abbr("training.card_loss", "training.def_loss")),
             (f"{wrong:,} / {len(ev.labels):,}", html.escape(t("training.card_mistakes"))),
             (f"{ev.seconds:.1f} s", html.escape(t("training.card_seconds")))]
    return '<div class="pg-cards">' + "".join(
        f'<div class="pg-card"><div class="pg-card-value">{value}</div><div class="pg-card-label">{label}</div></div>'
        for value, label in cards) + "</div>"


def report_frame(ev: Evaluation) -> pd.DataFrame:
    """scikit-learn's classification report as a table: one row per class, then the averages."""
    rows = []
    averages = {"macro avg": t("training.macro_avg"), "weighted avg": t("training.weighted_avg")}
    for name in [*ev.classes, *averages]:
        r = ev.report[name]
        rows.append([averages.get(name, name), f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1-score']:.3f}",
                     f"{int(r['support']):,}"])
    columns = [t(f"training.col_{c}") for c in ("class", "precision", "recall", "f1", "support")]
    return pd.DataFrame(rows, columns=columns)


def confusion_styler(ev: Evaluation) -> pd.io.formats.style.Styler:
    """The confusion matrix as a heat-coloured table: rows true class, columns predicted; click a cell."""
    labels = [c if len(c) <= 12 else c[:11] + "…" for c in ev.classes]
    frame = pd.DataFrame(ev.confusion, columns=labels)
    frame.insert(0, t("training.cm_corner"), labels)
    row_totals = ev.confusion.sum(1, keepdims=True).clip(min=1)
    share = ev.confusion / row_totals

    def colour(row: pd.Series) -> list[str]:
        i = row.name
        out = ["font-weight: 600"]
        for j in range(len(ev.classes)):
            s = float(share[i, j])
            if i == j:
                out.append(f"background-color: rgba(37, 99, 235, {0.15 + 0.6 * s:.2f})")  # i18n: not text
            elif ev.confusion[i, j]:
                out.append(f"background-color: rgba(220, 38, 38, {min(0.1 + 3 * s, 0.85):.2f})")  # i18n: not text
            else:
                out.append("color: #bbb")
        return out

    return frame.style.apply(colour, axis=1)


def network_line(spec: dict, dataset: str | None = None) -> str:
    """One line (Markdown) about the builder's network, above the training controls; a mismatch is flagged."""
    s = summarize(spec)
    if not s.ok:
        return t("training.net_broken")
    facts = {"layers": len(spec["layers"]), "params": s.trainable_params, "shape": "×".join(map(str, spec["input"])),
             "classes": s.num_classes}
    if any(r.fix == "append_linear" for r in s.rows):
        return t("training.net_line_outputs", **facts) + "\n\n" + t("training.net_no_linear")
    line = t("training.net_line", **facts)
    wanted = class_count_fix(spec, dataset)
    if wanted is not None:
        line += "\n\n" + t("training.net_mismatch", title=t(title_key(dataset)), wanted=wanted, classes=s.num_classes)
    return line


def class_count_fix(spec: dict, dataset: str | None) -> int | None:
    """The dataset's class count where the network's output differs from it (and a last Linear can be set), else None."""
    if dataset not in DATASETS:
        return None
    s = summarize(spec)
    wanted = DATASETS[dataset].num_classes
    if not s.ok or s.num_classes == wanted or not any(layer["type"] == "Linear" for layer in spec["layers"]) \
            or any(r.fix == "append_linear" for r in s.rows):  # no final Linear to set: the builder's fix comes first
        return None
    return wanted


def with_class_count(spec: dict, classes: int) -> dict:
    """The network with its last Linear's out_features set to ``classes``."""
    last = max(i for i, layer in enumerate(spec["layers"]) if layer["type"] == "Linear")
    return set_arg(spec, last, "out_features", classes)


def estimate_line(seconds: float, images: int, device_name: str) -> str:
    """The cost of an epoch before training, from one measured step; a warning when it is long."""
    text = t("training.estimate", time=duration(seconds), images=images, device=device_name)
    if seconds > 300:
        text = "⚠ " + text + " " + t("training.estimate_slow")
    return text


def mistake_captions(ev: Evaluation, indices) -> list[str]:
    """'true → predicted (confidence)' for gallery captions."""
    return [f"{ev.classes[ev.labels[i]]} → {ev.classes[ev.predictions[i]]} ({ev.confidence[i]:.0%})" for i in indices]


def cell_of(index, row_count: int) -> tuple[int, int]:
    """(true, predicted) class of a click on the confusion table at ``index`` ((row, column) or row).

    Column 0 holds the class names: a click there shows the correct ones of that row.
    """
    row, col = index if isinstance(index, (list, tuple)) else (index, 0)
    row, col = int(row), int(col)
    if col == 0:
        col = row + 1
    if not (0 <= row < row_count and 1 <= col <= row_count):
        raise ValueError(f"no confusion-matrix cell at {index!r}")
    return row, col - 1


def done_note(event: engine.Done) -> tuple[str, str]:
    """(sentence, kind) for the status panel when a run ends."""
    kind = "error" if event.reason in engine.FAILED else "info"
    rate = f"{event.samples_per_s:,.0f} {unit(event.unit)}/s"
    note = f"{sentence(event.message)[:-1]} ({duration(event.seconds)}, {rate})."
    return note, kind


def evaluation_values(trained: TrainedModel, data_dir: Path | str, device: torch.device) -> dict[str, Any]:
    """What an evaluation shows, by name: evaluation, eval_summary, report, confusion, mistakes (image, caption)."""
    ev = evaluate(trained, data_dir, device)
    wrong = ev.confident_mistakes()
    images = upscale_all(test_split_images(trained, data_dir, wrong)) if len(wrong) else []
    return {
        "evaluation": ev, "eval_summary": evaluation_html(ev), "report": report_frame(ev),
        "confusion": confusion_styler(ev), "mistakes": list(zip(images, mistake_captions(ev, wrong))),
    }


def cell_gallery(ev: Evaluation, trained: TrainedModel, index, data_dir: Path | str) -> tuple[list, str]:
    """The test images of the confusion-table cell clicked at ``index`` (most confident first, each captioned
    as the mistakes are) and the gallery's label: "True 3, predicted 5: 12 images" (and "none" where empty)."""
    true, predicted = cell_of(index, len(ev.classes))
    idx = ev.cell(true, predicted)
    label = t("training.cell", true=ev.classes[true], predicted=ev.classes[predicted],
              count=int(ev.confusion[true, predicted]))
    if not len(idx):
        return [], label + t("training.cell_none")
    images = upscale_all(test_split_images(trained, data_dir, idx))
    return list(zip(images, mistake_captions(ev, idx))), label


def loaded_weights(spec: dict, data: bytes, device_name: str) -> tuple[dict[str, Any], str]:
    """A weights file read for the builder's network ``spec``: the page's values by name (trained, model_info,
    evaluation, status) and the sentence that says what was loaded. A network the builder cannot build is a
    UserError that says to fix it first; a file that does not fit, checkpoint's own."""
    try:
        loaded = checkpoint.from_bytes(data, copy.deepcopy(spec))
    except SpecError as exc:
        raise UserError("training.fix_first", problem=exc) from None
    note = t("training.loaded", dataset=loaded.dataset)
    return {"trained": loaded, "model_info": model_line(loaded), "evaluation": None,
            "status": status_html(device_name, note=note)}, note


def weights_file(trained: TrainedModel | None) -> str | None:
    """The session model's weights as a file to download ("cnn-mnist-1875steps.safetensors"); None without one."""
    if trained is None:
        return None
    return export_file(f"cnn-{trained.dataset}-{trained.steps}steps.safetensors", checkpoint.to_bytes(trained))


def estimate_for(spec: dict, values: dict[str, Any], device: torch.device, data_dir: Path | str,
                 device_name: str) -> str:
    """The estimate line for the settings by name (dataset, batch_size, optimizer, precision, val_fraction): one
    training step measured on ``device``; "" for a network that cannot train (the network line says why)."""
    try:
        seconds, images = estimate_epoch_seconds(spec, TrainSettings.from_values(values), device, data_dir)
    except (UserError, SpecError) as exc:  # a network or setting the page already explains: one line
        log.info("no epoch estimate: %s", exc)
        return ""
    except Exception as exc:  # a bug: logged in full, and the page goes on without an estimate
        log.exception("no epoch estimate: %s", exc)  # ERROR, with the traceback
        return ""
    return estimate_line(seconds, images, device_name)


def _with_abbr(text: str, term_key: str, definition_key: str) -> str:
    """``text`` (escaped) with its first use of a term marked with the term's definition."""
    term = t(term_key)
    escaped = html.escape(text)
    at = escaped.lower().find(term.lower())
    if at < 0:
        return escaped
    marked = f'<abbr title="{html.escape(t(definition_key))}">{escaped[at:at + len(term)]}</abbr>'  # i18n: not text
    return escaped[:at] + marked + escaped[at + len(term):]


def live_html(device_name: str, history: History, event: engine.Step | None, epochs: int, note: str = "",
              kind: str = "info") -> str:
    """The status panel while a run goes: progress, and the loss and accuracy so far as pictures."""
    validation, epochs_x = t("training.series_validation"), [e["epoch"] for e in history.epochs]
    loss_caption = t("training.live_loss")
    loss = lines_svg([(t("training.series_loss"), history.steps, history.losses, "#c6d4e6"),
                      (t("training.series_smoothed"), history.steps, history.smoothed, "#4C78A8"),
                      (validation, [e["step"] for e in history.epochs], [e["val_loss"] for e in history.epochs],
                       "#E45756")], loss_caption, log_y=True,
                     caption_html=_with_abbr(loss_caption, "training.word_loss", "training.def_loss"))
    accuracy_caption = t("training.live_accuracy")
    accuracy = lines_svg([(t("training.series_train"), epochs_x, [e["train_acc"] for e in history.epochs], "#4C78A8"),
                          (validation, epochs_x, [e["val_acc"] for e in history.epochs], "#E45756")],
                         accuracy_caption, width=300,
                         caption_html=_with_abbr(accuracy_caption, "training.word_accuracy", "training.def_accuracy"))
    return (status_html(device_name, event, note=note, kind=kind, epochs=epochs)
            + f'<div class="pg-live-curves">{loss}{accuracy}</div>')


def run_updates(job: ClassifierTraining, device_name: str, data_dir: Path | str, device: torch.device,
                should_stop: Callable[[], bool], pace: Pace, event_interval: float = 0.1) -> Iterator[dict[str, Any]]:
    """A training run as page updates, by name: "live" (the status panel while it runs, as often as
    ``pace`` says the page can take it), then status, loss, accuracy, trained, model_info, evaluation, ...

    Runs the engine through ``job``; at the end the session's model is the result, and a
    finished run is evaluated on the test set.
    """
    history = job.history
    images = len(job.batches.indices)
    what = (t("training.resuming", step=job.start_step + 1, images=images) if job.start_step
            else t("training.starting", images=images))
    note = " ".join([what, *job.notes])
    kind = "warning" if job.notes else "info"
    yield {"live": live_html(device_name, history, None, job.settings.epochs, note, kind)}
    last_step = None
    for event in job.events(should_stop=should_stop, event_interval=event_interval):
        if isinstance(event, engine.Step):
            last_step = event
        if isinstance(event, engine.Done):
            yield from _finished(job, event, device_name, data_dir, device)
        elif pace.due():
            yield {"live": live_html(device_name, history, last_step, job.settings.epochs)}
        else:
            yield {}  # nothing to show: the caller may still check on the page (a closed tab ends the run)


def _finished(job: ClassifierTraining, event: engine.Done, device_name: str, data_dir: Path | str,
              device: torch.device) -> Iterator[dict[str, Any]]:
    """The end of a run: the session's model, the hoverable curves, and for a finished run the test set's
    verdict."""
    result = job.result()
    note, kind = done_note(event)
    finished = event.reason == "finished"
    yield {"trained": result, "loss": loss_figure(job.history), "accuracy": accuracy_figure(job.history.epochs),
           "model_info": model_line(result), "evaluation": None,
           "status": status_html(device_name, note=note + (t("training.evaluating") if finished else ""),
                                 kind=kind)}
    if finished:
        out = evaluation_values(result, data_dir, device)
        note += t("training.test_accuracy", acc=out["evaluation"].accuracy)
        yield {**out, "status": status_html(device_name, note=note, kind=kind)}
