"""What the Next-word tab shows: the prompt's tokens, next-word bars, coloured generations,
attention and gate heatmaps, training curves with baselines. No gradio here.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any, Iterable, Iterator

import numpy as np
import plotly.graph_objects as go

from playground.text import store
from playground.text.inside import (GATE_HELP, GATE_NAMES, attention_maps, gates_for, nearest_embeddings,
                                    positional_encoding, recurrent_internals)
from playground.text.data import TextData
from playground.text.job import DEFAULTS_BEAT_BIGRAM, LMJobResult, RunEvent
from playground.text.models import LMInputError
from playground.text.sample import generate, next_token_probs, top_k
from playground.train import engine
from playground.train.history import History
from playground.views.common import sentence
from playground.views.live import Pace
from playground.views.plots import lines_svg
from playground.views.training import duration

EMPTY_PROMPT = "Type a few words in the prompt: the model then guesses the word that comes next."
PROMPT_TAIL_WORDS = 40  # a generation shows at most this many of the prompt's last words before the new ones
MAX_PROMPT_CHARS = 2_000  # a prompt is a sentence or two; longer input is cut with a note (the model reads a window)
PLACEHOLDERS = {"en": "To be, or not to be, that is the", "es": "El gato se sentó en el"}
_PLAIN = {"template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white"}


def resolve(name: str, session: store.LanguageModel | None) -> store.LanguageModel:
    """A model by its API name: a shipped one, or "session" (this session's own)."""
    if name == "session":
        if session is None:
            raise LMInputError("this session has no model of its own yet: train one below, or pick a shipped model")
        return session
    return store.shipped(name)


def prompt_ids(lm: store.LanguageModel, prompt: Any) -> tuple[list[int], str]:
    """The prompt's token ids (cut to what the model reads) and a note for the page ("" when nothing to say)."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise LMInputError("type a few words first")
    note = ""
    if len(prompt) > MAX_PROMPT_CHARS:
        prompt, note = prompt[-MAX_PROMPT_CHARS:], f"Only the last {MAX_PROMPT_CHARS:,} characters are read."
    ids = lm.tokenizer.encode(prompt)
    if not ids:
        raise LMInputError("the prompt has no tokens this model knows")
    window = lm.config.block_size if lm.config.arch == "transformer" else 512
    if len(ids) > window:
        ids, note = ids[-window:], f"The model reads the last {window} tokens of the prompt."
    if lm.tokenizer.unk_id is not None and all(i == lm.tokenizer.unk_id for i in ids):
        note = (note + " " if note else "") + "Every word of the prompt is unknown to this model, so it guesses " \
                                              "from nothing but word frequencies."
    return ids, note


def tokens_html(lm: store.LanguageModel, prompt: str) -> str:
    """How the prompt was split: one chip per token, unknown ones marked."""
    chips = []
    for token in lm.tokenizer.tokens(prompt[-MAX_PROMPT_CHARS:])[-200:]:
        known = lm.tokenizer.is_known(token)
        label = html.escape(display_token(token) or "␣")
        title = "" if known else ' title="not in the vocabulary: read as &lt;unk&gt;"'
        chips.append(f'<span class="pg-token{"" if known else " pg-unk"}"{title}>{label}</span>')
    unknown = [t for t in lm.tokenizer.tokens(prompt[-MAX_PROMPT_CHARS:]) if not lm.tokenizer.is_known(t)]
    tail = (f'<div class="pg-unk-note">Unknown to this model: {html.escape(", ".join(dict.fromkeys(unknown)))}</div>'
            if unknown else "")
    return f'<div class="pg-tokens">{"".join(chips)}</div>{tail}'


def next_words(lm: store.LanguageModel, prompt: str, k: int) -> tuple[list[dict], str]:
    """The top-k next tokens as [{"word", "probability"}], best first, and a note."""
    if not isinstance(k, (int, float)) or not 1 <= int(k) <= 100:
        raise LMInputError("k must be between 1 and 100")
    ids, note = prompt_ids(lm, prompt)
    best = top_k(next_token_probs(lm.model, ids), int(k))
    return [{"word": lm.tokenizer.id_to_token(i), "probability": p} for i, p in best], note


def append_choices(words: list[dict]) -> list[tuple[str, str]]:
    """The clickable next words as (label, token): specials by what they stand for, no (rare word) to append."""
    tokens = dict.fromkeys(w["word"] for w in words if w["word"] != "<unk>")
    return [(display_token(t), t) for t in tokens]


def bars_figure(words: list[dict], title: str) -> go.Figure:
    """Horizontal bars, best at the top."""
    labels = [display_token(w["word"]) for w in words][::-1]
    values = [100 * w["probability"] for w in words][::-1]
    return go.Figure(
        data=[{"type": "bar", "orientation": "h", "x": values, "y": labels, "marker": {"color": "#4C78A8"},
               "text": [f"{v:.1f}%" for v in values], "textposition": "outside", "cliponaxis": False,
               "hovertemplate": "%{y}: %{x:.2f}%<extra></extra>"}],
        layout={**_PLAIN, "title": {"text": title, "x": 0.02, "font": {"size": 13}},
                "height": 60 + 26 * max(len(words), 1), "margin": {"l": 90, "r": 50, "t": 36, "b": 30},
                "xaxis": {"title": {"text": "% probability"}, "gridcolor": "#eee", "rangemode": "tozero"},
                "yaxis": {"type": "category", "automargin": True}},
    )


SPECIAL_LABELS = {"<p>": "¶ new paragraph", "<unk>": "(rare word)"}  # what the word tokenizer's specials stand for
SPECIALS_NOTE = ("**¶ new paragraph** is a blank line in the text; **(rare word)** stands for every word the model "
                 "saw too rarely to learn (it reads them all as one).")


def display_token(token: str) -> str:
    """A token as the page shows it: special tokens as what they stand for, a line break as ⏎."""
    return SPECIAL_LABELS.get(token, token.replace("\n", "⏎"))


def is_blank(prompt: Any) -> bool:
    """Whether a prompt has nothing for a model to read (the page then shows EMPTY_PROMPT, not an error)."""
    return not isinstance(prompt, str) or not prompt.strip()


def prompt_tail(prompt: str, words: int = PROMPT_TAIL_WORDS) -> str:
    """The prompt's last ``words`` words, after "… " where it was longer (line breaks kept)."""
    parts = re.split(r"(\s+)", prompt.strip())  # words and the spaces between them, alternately
    if len(parts) <= 2 * words - 1:
        return prompt.strip()
    return "… " + "".join(parts[-(2 * words - 1):])


def generation_html(pieces: list[tuple[str, float]], prompt: str) -> str:
    """The prompt's tail, then each generated token coloured by the probability the model gave it."""
    spans = []
    for token, p in pieces:
        text = "¶\n" if token == "<p>" else SPECIAL_LABELS.get(token, token)
        # light for surprising tokens, strong for confident ones
        alpha = 0.12 + 0.75 * min(max(p, 0.0), 1.0)
        spans.append(f'<span class="pg-gen" style="background: rgba(37,99,235,{alpha:.2f})" '
                     f'title="{p:.1%}">{html.escape(text)}</span>')
    return (f'<div class="pg-generated"><span class="pg-prompt">{html.escape(prompt_tail(prompt))}</span> '
            f'{" ".join(spans)}</div><div class="pg-gen-key">Darker = the model was surer of that word.</div>')


def generate_text(lm: store.LanguageModel, prompt: str, length: int, temperature: float, k: int | None,
                  p: float | None, seed: int, no_rare: bool = False) -> Iterator[tuple[str, list[tuple[str, float]]]]:
    """Stream (text so far, [(token, probability)]) as tokens are drawn; ``no_rare``: never draw <unk>."""
    if not 1 <= int(length) <= 500:
        raise LMInputError("the length must be between 1 and 500 tokens")
    ids, _ = prompt_ids(lm, prompt)
    unk = lm.tokenizer.unk_id
    banned = [unk] if no_rare and unk is not None else []
    pieces: list[tuple[str, float]] = []
    out_ids: list[int] = []
    for token_id, prob in generate(lm.model, ids, int(length), float(temperature), int(k) if k else None,
                                   float(p) if p and p < 1 else None, int(seed), banned=banned):
        out_ids.append(token_id)
        pieces.append((lm.tokenizer.id_to_token(token_id), prob))
        yield lm.tokenizer.decode(out_ids), pieces


def heatmap(z: np.ndarray, x: list[str], y: list[str], title: str, colorscale: str = "Blues",
            zmin: float | None = None, zmax: float | None = None) -> go.Figure:
    return go.Figure(
        data=[{"type": "heatmap", "z": z, "x": x, "y": y, "colorscale": colorscale, "zmin": zmin, "zmax": zmax,
               "hovertemplate": "%{y} ← %{x}: %{z:.3f}<extra></extra>"}],
        layout={**_PLAIN, "title": {"text": title, "x": 0.02, "font": {"size": 13}}, "height": 420,
                "margin": {"l": 90, "r": 20, "t": 40, "b": 90}, "xaxis": {"tickangle": -45, "type": "category"},
                "yaxis": {"autorange": "reversed", "type": "category"}},
    )


def _labels(lm: store.LanguageModel, ids: list[int]) -> list[str]:
    # position numbers keep repeated words apart on a categorical axis
    return [f"{i}:{lm.tokenizer.id_to_token(t)}" for i, t in enumerate(ids)]


def attention_figure(lm: store.LanguageModel, prompt: str, layer: int, head: int) -> go.Figure:
    ids, _ = prompt_ids(lm, prompt)
    maps = attention_maps(lm.model, ids)  # (L, H, T, T)
    layer = min(max(int(layer), 0), maps.shape[0] - 1)
    head = min(max(int(head), 0), maps.shape[1] - 1)
    labels = _labels(lm, ids)
    return heatmap(maps[layer, head].numpy(), labels, labels,
                   f"Attention, layer {layer + 1}, head {head + 1}: each row (a position) over the positions it "
                   "reads; above the diagonal is masked (the future)", zmin=0, zmax=1)


def positions_figure(lm: store.LanguageModel, length: int = 64) -> go.Figure:
    table = positional_encoding(lm.model, min(length, lm.config.block_size)).numpy()  # (T, C)
    return heatmap(table.T, [str(i) for i in range(len(table))], [str(c) for c in range(table.shape[1])],
                   f"Positional encoding ({lm.config.positions}): one column per position, one row per channel",
                   colorscale="RdBu")


SUMMARY_UNITS = 8  # the gate view shows this many units (those that change most) unless all are asked for


def gates_figure(lm: store.LanguageModel, prompt: str, gate: str, layer: int, all_units: bool = False) -> go.Figure:
    """A gate or state along the prompt: the mean over all units, then the SUMMARY_UNITS units that change most
    from token to token (or every unit, ``all_units``); one column per token."""
    ids, _ = prompt_ids(lm, prompt)
    internals = recurrent_internals(lm.model, ids)  # name -> (L, T, H)
    if gate not in internals:
        raise LMInputError(f"a {lm.config.arch.upper()} has no {GATE_NAMES.get(gate, gate)}; "
                           f"choose one of {', '.join(internals)}")
    values = internals[gate]
    layer = min(max(int(layer), 0), values.shape[0] - 1)
    z = values[layer].numpy().T  # (H, T)
    name = f"{GATE_NAMES.get(gate, gate)} of layer {layer + 1}"
    if all_units:
        rows, labels = z, [f"unit {u}" for u in range(z.shape[0])]
        title = f"{name}, all {z.shape[0]} units: one column per token, one row per unit"
    else:
        chosen = np.argsort(-z.std(axis=1), kind="stable")[:SUMMARY_UNITS]  # the units that move most
        rows = np.vstack([z.mean(axis=0, keepdims=True), z[chosen]])
        labels = [f"mean of all {z.shape[0]}"] + [f"unit {u}" for u in chosen]
        title = f"{name}: the mean of all units and the {len(chosen)} that change most along the prompt"
    signed = gate in ("g", "c", "h", "n")
    fig = heatmap(rows, _labels(lm, ids), labels, f"{title}. {sentence(GATE_HELP.get(gate, ''))}",
                  colorscale="RdBu" if signed else "Blues", zmin=-1 if signed else 0, zmax=1)
    fig.update_layout(height=160 + 24 * len(labels) if not all_units else 420)
    return fig


def inside_fit(lm: store.LanguageModel) -> dict[str, Any]:
    """What Look inside offers for this model: its layers, heads and gates, and a note on the views that do not
    apply to it."""
    cfg = lm.config
    gates = gates_for(cfg.arch)
    if cfg.arch == "transformer":
        note = ("This model is a transformer: look at its attention and positions. Gates and states belong to "
                "recurrent networks (RNN, LSTM, GRU); train one below to see them.")
    else:
        note = (f"This model is a{'n' if cfg.arch in ('lstm', 'rnn') else ''} {cfg.arch.upper()}: look at its gates "
                "and states. Attention and positions belong to transformers.")
    return {"layers": cfg.n_layer, "heads": cfg.n_head if cfg.arch == "transformer" else 0,
            "gates": [(f"{g}: {GATE_NAMES[g]}", g) for g in gates], "note": note}


def inside_view(lm: store.LanguageModel, what: str, prompt: str, *args: Any) -> tuple[Any, str]:
    """One Look-inside view for the model: (figure or HTML, note); a view that does not apply to this model
    gives None and a note that says why, instead of an error."""
    fit = inside_fit(lm)
    transformer = lm.config.arch == "transformer"
    if what in ("attention", "positions") and not transformer or what == "gates" and transformer:
        return None, fit["note"]
    if what == "attention":
        return attention_figure(lm, prompt, int(args[0]) - 1, int(args[1]) - 1), ""
    if what == "positions":
        return positions_figure(lm), ""
    if what == "gates":
        return gates_figure(lm, prompt, args[0], int(args[1]) - 1, bool(args[2]) if len(args) > 2 else False), ""
    return nearest_html(lm, args[0]), ""


def nearest_html(lm: store.LanguageModel, word: str, k: int = 10) -> str:
    tokens = lm.tokenizer.tokens(word.strip()) if isinstance(word, str) else []
    if len(tokens) != 1 or not lm.tokenizer.is_known(tokens[0]):
        raise LMInputError("type one word the model knows")
    token_id = lm.tokenizer.encode(word.strip())[0]
    rows = "".join(f"<tr><td>{html.escape(lm.tokenizer.id_to_token(i))}</td><td>{c:.3f}</td></tr>"
                   for i, c in nearest_embeddings(lm.model, token_id, k))
    return (f'<table class="pg-nearest"><tr><th>nearest to “{html.escape(tokens[0])}”</th><th>cosine</th></tr>'
            f"{rows}</table>")


def curves_figure(runs: dict[str, History], baselines: dict[str, float]) -> go.Figure:
    """Validation loss per step of each run, with the n-gram baselines as horizontal lines (same tokens, split)."""
    data = []
    for i, (name, history) in enumerate(runs.items()):
        colour = COLOURS[i % len(COLOURS)]
        data.append({"type": "scatter", "x": np.asarray(history.steps), "y": np.asarray(history.smoothed),
                     "mode": "lines", "name": f"{name} train (smoothed)", "line": {"color": colour, "width": 1},
                     "opacity": 0.5})
        data.append({"type": "scatter", "x": [e["step"] for e in history.epochs], "y": [e["val_loss"] for e in history.epochs],
                     "mode": "lines+markers", "name": f"{name} validation", "line": {"color": colour, "width": 2.5}})
    for j, (name, ppl) in enumerate(baselines.items()):
        data.append({"type": "scatter", "x": [0, max([max(h.steps, default=1) for h in runs.values()] or [1])],
                     "y": [math.log(ppl)] * 2, "mode": "lines", "name": f"{name} (ppl {ppl:.0f})",
                     "line": {"dash": "dash", "color": ["#999", "#666", "#333"][j % 3], "width": 1.5}})
    return go.Figure(data=data, layout={
        **_PLAIN, "height": 360, "title": {"text": "Loss per token (nats): lower is better; perplexity = e^loss",
                                           "x": 0.02, "font": {"size": 13}},
        "xaxis": {"title": {"text": "step"}, "gridcolor": "#eee"}, "yaxis": {"title": {"text": "loss"},
                                                                             "gridcolor": "#eee"},
        "legend": {"orientation": "h", "y": -0.25, "yanchor": "top"}, "margin": {"l": 50, "r": 20, "t": 40, "b": 90},
        "uirevision": "keep"})


def beat_estimate(event: engine.Step, beat_at: int | None) -> str:
    """How long this machine needs, at the speed measured so far, to reach the step where the default run passes
    the bigram ("" when that step is passed, unknown, or too few steps have been timed)."""
    if not beat_at or event.step < 5 or event.step >= beat_at or event.elapsed <= 0:
        return ""
    left = (beat_at - event.step) * event.elapsed / event.step
    return (f'<div class="pg-line">With the defaults, validation passes the bigram near step {beat_at}: '
            f"in about {duration(left)} at this machine's speed.</div>")


def lm_status(event: engine.Event | None, device_name: str, note: str = "", kind: str = "info",
              beat_at: int | None = None) -> str:
    """The training status line: progress, tokens/s, ETA, the last validation perplexity; ``beat_at``: the step
    where the default run passes the bigram (a run with the defaults), for an estimate on this machine."""
    parts = [f'<div class="pg-device">Device: <b>{html.escape(device_name)}</b></div>']
    if isinstance(event, engine.Step):
        share = event.step / max(event.total_steps, 1)
        parts.append(f'<div class="pg-progress"><div style="width:{100 * share:.1f}%"></div></div>'
                     f'<div class="pg-line">step {event.step:,}/{event.total_steps:,} · loss {event.losses[-1]:.3f} · '
                     f"{event.samples_per_s:,.0f} tokens/s · {duration(event.elapsed)} elapsed · "
                     f"ETA {duration(event.eta)}</div>" + beat_estimate(event, beat_at))
    if note:
        parts.append(f'<div class="pg-status pg-{kind}">{html.escape(note)}</div>')
    return f'<div class="pg-train-status">{"".join(parts)}</div>'


def ready_note() -> str:
    """What the status says before a run: what to do, and how long the defaults take to pass the bigram."""
    beat = DEFAULTS_BEAT_BIGRAM
    return (f"Pick a text and an architecture, then Train. With the defaults (an LSTM on Tiny Shakespeare's words), "
            f"validation passes the bigram after about {beat['steps']} steps: about {beat['seconds']} seconds on "
            f"{beat['machine']}; while it trains, this line says how long this machine needs.")


def param_line(count: int, cap: int) -> str:
    over = count > cap
    return (f"**{count:,} parameters**" + (f" — over this server's cap of {cap:,}: make it smaller." if over else "."))


def params_markdown(count: int, cap: int, vocab: int, real: bool, notes: list[str], problem: str = "") -> str:
    """The parameter line under the training controls: the count, the vocabulary (the text's own once it is
    read, else an estimate), and how training will adapt to the text."""
    vocabulary = f"vocabulary {vocab:,}" if real else f"vocabulary about {vocab:,} until the text is read"
    items = [f"- {note}" for note in notes] + ([f"- ⚠ {sentence(problem)}"] if problem else [])
    return "\n\n".join([param_line(count, cap) + f" ({vocabulary})"] + (["\n".join(items)] if items else []))


def model_choices(has_session: bool) -> list[tuple[str, str]]:
    names = {"en-lstm": "English · LSTM", "en-transformer": "English · transformer", "es-lstm": "Español · LSTM",
             "es-transformer": "Español · transformer"}
    out = [(label, key) for key, label in names.items()]
    return out + ([("Your model (this session)", "session")] if has_session else [])


def partner(name: str) -> str | None:
    """The other architecture for the same language, for side-by-side answers."""
    if name == "session":
        return None
    lang, arch = name.split("-")
    return f"{lang}-{'transformer' if arch == 'lstm' else 'lstm'}"


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
            note = f"{sentence(item.event.message)} Scoring it on the validation text…"
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
        series.append((f"{name} train", history.steps, history.smoothed, colour))
        series.append((f"{name} validation", [e["step"] for e in history.epochs],
                       [e["val_loss"] for e in history.epochs], colour))
    end = max([max(h.steps, default=1) for h in runs.values()] or [1])
    for name, ppl in list(baselines.items())[:2]:
        series.append((f"{name} (ppl {ppl:.0f})", [0, end], [math.log(ppl)] * 2, "#999"))
    return lines_svg(series, "loss per token (nats): lower is better; perplexity = e^loss", width=560, height=200)


RARE_SHARE = 0.10  # from this share of <unk> in validation on, the result says so and scores the known words


def result_note(result: LMJobResult, data: TextData, kind: str) -> str:
    """What a finished job says: how it ended, how it adapted to the text, the validation scores against the
    bigram (and over the known words, where many were too rare to learn), where the model is."""
    done, scores, cfg = result.done, result.scores, result.config
    rare = data.unk_share >= RARE_SHARE and scores.known_perplexity is not None
    known = f" ({scores.known_perplexity:.1f} over the known words only)" if rare else ""
    # perplexity compares models with the same tokens; bits per character compares across tokenizers too
    parts = [sentence(done.message), *result.notes,
             f"Validation ({cfg.arch}, {kind} tokens, context {cfg.block_size}): perplexity {scores.perplexity:.1f}"
             f"{known}, {scores.bits_per_char:.3f} bits per character, top-1 {scores.top1:.1%}; the interpolated "
             f"bigram's perplexity is {data.baselines['interpolated bigram']:.1f}."]
    if rare:
        parts.append(f"{data.unk_share:.0%} of the words were too rare to learn: the model reads each of them as "
                     "the same “(rare word)”, so the perplexity over the known words says more about what it learned "
                     "than the plain one. A longer text gives it more words to learn.")
    parts += [data.split_note, "This model now answers as “Your model (this session)”."]
    return " ".join(parts)
