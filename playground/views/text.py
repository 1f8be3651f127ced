"""What the Next-word tab shows: the prompt's tokens, next-word bars, coloured generations,
attention and gate heatmaps (training a model: ``views.lm_training``). No gradio here.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterator

import numpy as np
import plotly.graph_objects as go

from playground.text import store
from playground.text.inside import (GATE_HELP, GATE_NAMES, attention_maps, gates_for, nearest_embeddings,
                                    positional_encoding, recurrent_internals)
from playground.text.models import LMInputError
from playground.text.sample import generate, next_token_probs, top_k
from playground.views.common import sentence

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
