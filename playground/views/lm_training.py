"""What the Next-word tab shows of training a language model: the status line, the live curves (SVG) and
the hoverable ones (plotly) with the n-gram baselines, the parameter line, a Train or Compare job
(``text.job``) as page updates by name, and the trained model as a file. No gradio here."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import plotly.graph_objects as go

from playground import i18n
from playground.errors import UserError
from playground.i18n import t
from playground.text.data import TextData
from playground.config import TrainLimits
from playground.text import store
from playground.text.job import (DEFAULTS_BEAT_BIGRAM, Budget, LMJobResult, ModelChoice, RunEvent, TextChoice,
                                 is_default_run, size_plan, train_models)
from playground.train import engine
from playground.train.history import History
from playground.views.common import export_file, sentence
from playground.views.live import Pace
from playground.views.plots import lines_svg
from playground.views.training import duration

_PLAIN = {"template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white"}


def curves_figure(runs: dict[str, History], baselines: dict[str, float]) -> go.Figure:
    """Validation loss per step of each run, with the n-gram baselines as horizontal lines (same tokens, split)."""
    data = []
    for i, (name, history) in enumerate(runs.items()):
        colour = COLOURS[i % len(COLOURS)]
        data.append({"type": "scatter", "x": np.asarray(history.steps), "y": np.asarray(history.smoothed),
                     "mode": "lines", "name": t("lm.trace_train_smoothed", name=name),
                     "line": {"color": colour, "width": 1}, "opacity": 0.5})
        data.append({"type": "scatter", "x": [e["step"] for e in history.epochs], "y": [e["val_loss"] for e in history.epochs],
                     "mode": "lines+markers", "name": t("lm.trace_validation", name=name),
                     "line": {"color": colour, "width": 2.5}})
    for j, (name, ppl) in enumerate(baselines.items()):
        data.append({"type": "scatter", "x": [0, max([max(h.steps, default=1) for h in runs.values()] or [1])],
                     "y": [math.log(ppl)] * 2, "mode": "lines", "name": baseline_label(name, ppl),
                     "line": {"dash": "dash", "color": ["#999", "#666", "#333"][j % 3], "width": 1.5}})
    return go.Figure(data=data, layout={
        **_PLAIN, "height": 360, "title": {"text": t("lm.curves_title"), "x": 0.02, "font": {"size": 13}},
        "xaxis": {"title": {"text": t("lm.axis_step")}, "gridcolor": "#eee"},
        "yaxis": {"title": {"text": t("lm.axis_loss")}, "gridcolor": "#eee"},
        "legend": {"orientation": "h", "y": -0.25, "yanchor": "top"}, "margin": {"l": 50, "r": 20, "t": 40, "b": 90},
        "uirevision": "keep"})


def baseline_label(name: str, ppl: float) -> str:
    """A baseline's legend entry, its name in the page's language ("interpolated bigram (ppl 126)")."""
    key = "lm.baseline_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return t("lm.trace_baseline", name=t(key) if i18n.has(key) else name, ppl=ppl)


# the words of the status explained where they first appear: (key of the word, key of its definition)
TERMS = (("lm.term_perplexity", "lm.def_perplexity"), ("lm.term_bigram", "lm.def_bigram"),
         ("lm.term_validation", "lm.def_validation"), ("lm.term_context", "lm.def_context"),
         ("lm.term_vocabulary", "lm.def_vocabulary"), ("lm.term_budget", "lm.def_budget"),
         ("lm.term_bits", "lm.def_bits"), ("lm.term_top1", "lm.def_top1"))


def glossed(text: str) -> str:
    """HTML-escaped ``text`` with the first use of each term of ``TERMS`` (in the page's language) in an
    ``<abbr>`` whose title is its one-line definition; what a person reads is unchanged."""
    words = {t(term).lower(): t(meaning) for term, meaning in TERMS}
    pattern = "|".join(re.escape(html.escape(w)) for w in sorted(words, key=len, reverse=True))
    seen: set[str] = set()

    def explain(match: re.Match) -> str:
        word = html.unescape(match.group(0)).lower()
        if word in seen:
            return match.group(0)
        seen.add(word)
        return f'<abbr title="{html.escape(words[word])}">{match.group(0)}</abbr>'  # i18n: not text

    return re.sub(rf"(?<![\w-])(?:{pattern})(?![\w-])", explain, html.escape(text), flags=re.IGNORECASE)


def beat_estimate(event: engine.Step, beat_at: int | None) -> str:
    """How long this machine needs, at the speed measured so far, to reach the step where the default run passes
    the bigram ("" when that step is passed, unknown, or too few steps have been timed)."""
    if not beat_at or event.step < 5 or event.step >= beat_at or event.elapsed <= 0:
        return ""
    left = (beat_at - event.step) * event.elapsed / event.step
    return f'<div class="pg-line">{html.escape(t("lm.beat_estimate", step=beat_at, time=duration(left)))}</div>'


def lm_status(event: engine.Event | None, device_name: str, note: str = "", kind: str = "info",
              beat_at: int | None = None) -> str:
    """The training status line: progress, tokens/s, ETA, the last validation perplexity; ``beat_at``: the step
    where the default run passes the bigram (a run with the defaults), for an estimate on this machine."""
    parts = [f'<div class="pg-device">{html.escape(t("common.device"))}: <b>{html.escape(device_name)}</b></div>']
    if isinstance(event, engine.Step):
        share = event.step / max(event.total_steps, 1)
        line = t("lm.progress", step=event.step, total=event.total_steps, loss=event.losses[-1],
                 speed=event.samples_per_s, elapsed=duration(event.elapsed), eta=duration(event.eta))
        bar = f'<div class="pg-progress"><div style="width:{100 * share:.1f}%"></div></div>'  # i18n: not text
        parts.append(f'{bar}<div class="pg-line">{html.escape(line)}</div>' + beat_estimate(event, beat_at))
    if note:
        parts.append(f'<div class="pg-status pg-{kind}">{glossed(str(note))}</div>')  # i18n: not text
    return f'<div class="pg-train-status">{"".join(parts)}</div>'


def ready_note() -> str:
    """What the status says before a run: what to do, and how long the defaults take to pass the bigram."""
    return " ".join([t("lm.ready", **DEFAULTS_BEAT_BIGRAM), t("lm.why_bigram")])


def param_line(count: int, cap: int) -> str:
    return t("lm.param_line_over" if count > cap else "lm.param_line", count=count, cap=cap)


def params_markdown(count: int, cap: int, vocab: int, real: bool, notes: list, problem: str | UserError = "") -> str:
    """The parameter line under the training controls: the count, the vocabulary (the text's own once it is
    read, else an estimate), and how training will adapt to the text (``notes``: sentences or ``Note``s; a
    ``problem`` given as the UserError itself reads in the page's language)."""
    vocabulary = glossed(t("lm.vocab_real" if real else "lm.vocab_estimate", vocab=vocab))
    if isinstance(problem, UserError):
        problem = problem.message()
    items = [f"- {glossed(str(note))}" for note in notes]
    items += [f"- ⚠ {html.escape(sentence(problem))}"] if problem else []
    line = param_line(count, cap)
    line = line[:-1] if line.endswith(".") else line  # "**5,000 parameters** (vocabulary 2,000)"
    return "\n\n".join([line + f" ({vocabulary})"] + (["\n".join(items)] if items else []))


def params_line(text: TextChoice, model: ModelChoice, data_dir: str | Path, cap: int) -> str:
    """The parameter line for the controls as they are (text.job.size_plan); a shape that cannot be built says
    why instead."""
    try:
        plan = size_plan(text, model, data_dir)
    except UserError as exc:
        return f"⚠ {exc.message()}"
    return params_markdown(plan.params, cap, plan.vocab, plan.real, list(plan.notes), plan.problem or "")


def reading_status(device_name: str) -> str:
    """The status while a job reads its text, before the first step."""
    return lm_status(None, device_name, t("next_word.reading"))


def job_updates(text: TextChoice, model: ModelChoice, archs: list[str], budget: Budget, kept: dict | None,
                data_dir: str | Path, device: Any, device_name: str, should_stop: Callable[[], bool], pace: Pace,
                limits: TrainLimits) -> Iterator[dict[str, Any]]:
    """A Train or Compare job from the controls, as ``training_updates`` gives it; its "runs" (the session's
    curves) come as {"text": the text's key, "runs": {arch: History}}, and ``kept`` (the last "runs") is drawn
    beside the new ones when it was on the same text and tokens."""
    data = text.read(data_dir)
    configs = [model.config(data.tokenizer.vocab_size, arch=arch) for arch in archs]
    job = train_models(data, configs, budget, device, should_stop, limits.max_params, limits.max_seconds)
    same = kept["runs"] if kept and kept.get("text") == text.key else None
    beat_at = DEFAULTS_BEAT_BIGRAM["steps"] if is_default_run(text, model, archs, budget) else None
    for update in training_updates(job, device_name, data, text.kind, same, pace, beat_at):
        if "runs" in update:
            update["runs"] = {"text": text.key, "runs": update["runs"]}
        yield update


def model_file(lm: store.LanguageModel) -> str:
    """The session's model as a .safetensors file to download ("next-word-lstm.safetensors")."""
    return export_file(f"next-word-{lm.config.arch}.safetensors", store.to_bytes(lm.model, lm.tokenizer, lm.info))


def training_updates(events: Iterable[RunEvent | LMJobResult], device_name: str, data: TextData, kind: str,
                     kept: dict[str, History] | None, pace: Pace, beat_at: int | None = None
                     ) -> Iterator[dict[str, Any]]:
    """A Train or Compare job as page updates by name: status, curves, and at the end model and runs.

    ``kept``: the session's earlier runs on the same text and tokens, drawn beside the new ones
    (a new run of the same architecture replaces its old curve).
    """
    runs = dict(kept or {})
    for item in events:
        if isinstance(item, LMJobResult):
            runs.update(item.runs)
            yield {"status": lm_status(None, device_name, result_note(item, data, kind),
                                       "error" if item.done.reason in engine.FAILED else "info"),
                   "curves": curves_figure(runs, data.baselines), "model": item.model, "runs": runs}
            continue
        runs[item.arch] = item.history
        if isinstance(item.event, engine.Done):  # at once, while the model is scored
            note = t("lm.scoring", done=sentence(item.event.message))
            yield {"live": lm_status(None, device_name, note) + curves_svg(runs, data.baselines)}
        elif pace.due():
            yield {"live": lm_status(item.event, device_name, beat_at=beat_at) + curves_svg(runs, data.baselines)}
        else:
            yield {}  # nothing to show: the caller may still check on the page (a closed tab ends the run)


COLOURS = ["#4C78A8", "#E45756", "#54A24B", "#B279A2"]


def curves_svg(runs: dict[str, History], baselines: dict[str, float]) -> str:
    """The runs' loss curves as a picture while training (the plotly figure comes when it ends)."""
    series = []
    for i, (name, history) in enumerate(runs.items()):
        colour = COLOURS[i % len(COLOURS)]
        series.append((t("lm.trace_train", name=name), history.steps, history.smoothed, colour))
        series.append((t("lm.trace_validation", name=name), [e["step"] for e in history.epochs],
                       [e["val_loss"] for e in history.epochs], colour))
    end = max([max(h.steps, default=1) for h in runs.values()] or [1])
    for name, ppl in list(baselines.items())[:2]:
        series.append((baseline_label(name, ppl), [0, end], [math.log(ppl)] * 2, "#999"))
    return lines_svg(series, t("lm.curves_caption"), width=560, height=200)


RARE_SHARE = 0.10  # from this share of <unk> in validation on, the result says so and scores the known words


def result_note(result: LMJobResult, data: TextData, kind: str) -> str:
    """What a finished job says: how it ended, how it adapted to the text, the validation scores against the
    bigram (and over the known words, where many were too rare to learn), what the perplexity means and whether
    it beat the bigram, where the model is."""
    done, scores, cfg = result.done, result.scores, result.config
    rare = data.unk_share >= RARE_SHARE and scores.known_perplexity is not None
    known = t("lm.known_only", ppl=scores.known_perplexity) if rare else ""
    bigram = data.baselines["interpolated bigram"]
    # perplexity compares models with the same tokens; bits per character compares across tokenizers too
    tokens = t(f"lm.tokens_{kind}") if i18n.has(f"lm.tokens_{kind}") else kind
    parts = [sentence(done.message), *map(str, result.notes),
             t("lm.scores", arch=cfg.arch, kind=tokens, block=cfg.block_size, ppl=scores.perplexity, known=known,
               bpc=scores.bits_per_char, top1=scores.top1, bigram=bigram)]
    if math.isfinite(scores.perplexity):
        unit = t(f"lm.unit_{kind}") if i18n.has(f"lm.unit_{kind}") else t("lm.unit_word")
        parts += [t("lm.ppl_means", ppl=scores.perplexity, unit=unit),
                  t("lm.beats_bigram" if scores.perplexity < bigram else "lm.misses_bigram")]
    if len(result.runs) > 1:
        parts.append(t("lm.same_budget"))
    if rare:
        parts.append(t("lm.rare", share=data.unk_share))
    parts += [str(data.split_note), t("lm.session_model")]
    return " ".join(parts)
