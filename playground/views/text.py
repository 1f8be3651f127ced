"""What the Next-word tab shows: the prompt's tokens, next-word bars, coloured generations,
attention and gate heatmaps (training a model: ``views.lm_training``). No gradio here.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterator

import numpy as np
import plotly.graph_objects as go

from playground import i18n
from playground.i18n import t
from playground.errors import UserError
from playground.hub import access
from playground.hub import lm as hub_lm
from playground.hub.lm import HubLM
from playground.text import store
from playground.text.inside import (SIGNED_GATES, attention_maps, first_gate, gates_for, nearest_embeddings,
                                    positional_encoding, recurrent_internals)
from playground.text.models import LMInputError
from playground.text.sample import generate, next_token_probs, top_k
from playground.text.tokenize import append_word
from playground.views import hub_text
from playground.views.common import sentence
from playground.views.heatmap import heatmap

PROMPT_TAIL_WORDS = 40  # a generation shows at most this many of the prompt's last words before the new ones
MAX_PROMPT_CHARS = 2_000  # a prompt is a sentence or two; longer input is cut with a note (the model reads a window)
# the prompt each shipped language starts with (text for the model, in its own language)
PLACEHOLDERS = {"en": "To be, or not to be, that is the", "es": "El gato se sentó en el"}  # i18n: not text
NEAREST_WORD = {"en": "king", "es": "rey"}  # i18n: not text
_PLAIN = {"template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white"}


def resolve(name: str, session: store.LanguageModel | None) -> store.LanguageModel | HubLM:
    """A model by its API name: a shipped one, "session" (this session's own), or "hf:<repo>" (a Hugging Face
    model, loaded once per process: ``views.hub_text`` shows it)."""
    if hub_lm.is_hub(name):
        return hub_lm.load(name)
    if name == "session":
        if session is None:
            raise LMInputError("next_word.no_session_model")
        return session
    return store.shipped(name)


def prompt_ids(lm: store.LanguageModel, prompt: Any) -> tuple[list[int], str]:
    """The prompt's token ids (cut to what the model reads) and a note for the page ("" when nothing to say)."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise LMInputError("next_word.type_words")
    note = ""
    if len(prompt) > MAX_PROMPT_CHARS:
        prompt, note = prompt[-MAX_PROMPT_CHARS:], t("next_word.cut_chars", count=MAX_PROMPT_CHARS)
    ids = lm.tokenizer.encode(prompt)
    if not ids:
        raise LMInputError("next_word.no_known_tokens")
    window = lm.config.block_size if lm.config.arch == "transformer" else 512
    if len(ids) > window:
        ids, note = ids[-window:], t("next_word.window", window=window)
    if lm.tokenizer.unk_id is not None and all(i == lm.tokenizer.unk_id for i in ids):
        note = (note + " " if note else "") + t("next_word.all_unknown")
    return ids, note


def tokens_html(lm: store.LanguageModel, prompt: str) -> str:
    """How the prompt was split: one chip per token, unknown ones marked."""
    if isinstance(lm, HubLM):
        return hub_text.tokens_html(lm, prompt)
    chips, unknown_title = [], html.escape(t("next_word.not_in_vocab"))
    for token in lm.tokenizer.tokens(prompt[-MAX_PROMPT_CHARS:])[-200:]:
        known = lm.tokenizer.is_known(token)
        label = html.escape(display_token(token) or "␣")
        title = "" if known else f' title="{unknown_title}"'
        chips.append(f'<span class="pg-token{"" if known else " pg-unk"}"{title}>{label}</span>')  # i18n: not text
    unknown = [t for t in lm.tokenizer.tokens(prompt[-MAX_PROMPT_CHARS:]) if not lm.tokenizer.is_known(t)]
    words = html.escape(", ".join(dict.fromkeys(unknown)))
    tail = f'<div class="pg-unk-note">{t("next_word.unknown_words", words=words)}</div>' if unknown else ""
    return f'<div class="pg-tokens">{"".join(chips)}</div>{tail}'


def next_words(lm: store.LanguageModel, prompt: str, k: int) -> tuple[list[dict], str]:
    """The top-k next tokens as [{"word", "probability"}], best first, and a note."""
    if isinstance(lm, HubLM):
        return hub_text.next_words(lm, prompt, k)
    if not isinstance(k, (int, float)) or not 1 <= int(k) <= 100:
        raise LMInputError("next_word.bad_k")
    ids, note = prompt_ids(lm, prompt)
    best = top_k(next_token_probs(lm.model, ids), int(k))
    return [{"word": lm.tokenizer.id_to_token(i), "probability": p} for i, p in best], note


def query_updates(prompt: Any, name: str, k: Any, session: store.LanguageModel | None) -> dict[str, Any]:
    """What the query shows, by name: "tokens" (the prompt's chips), "note", "bars" (the model's next words),
    "partner" (the other shipped model's bars on the same prompt, None where there is none) and "choices" (what a
    click appends, ``append_choices``). A blank prompt: only its note."""
    if is_blank(prompt):  # a note beside the prompt, gone once it has words: no error
        return {"tokens": "", "note": empty_prompt(), "bars": None, "partner": None, "choices": []}
    lm = resolve(name, session)
    words, note = next_words(lm, prompt, int(k))
    other = partner(name)
    partner_bars = bars_figure(next_words(store.shipped(other), prompt, int(k))[0],
                               bars_title(other, partner=True)) if other else None
    return {"tokens": tokens_html(lm, prompt), "note": note, "bars": bars_figure(words, bars_title(name)),
            "partner": partner_bars, "choices": append_choices(words)}


def public_words(words: list[dict]) -> list[dict]:
    """The next words as the public API gives them: [{"word", "probability"}]."""
    return [{"word": w["word"], "probability": w["probability"]} for w in words]


def append_choices(words: list[dict]) -> list[tuple[str, str]]:
    """The clickable next words as (label, what a click appends): specials by what they stand for, no (rare word)
    to append; a Hub model's token by its own text, spaces included (its "text")."""
    tokens = {w.get("text", w["word"]): w["word"] for w in words if w["word"] != "<unk>"}
    return [(display_token(word or token), token) for token, word in tokens.items()]  # a blank piece as itself


def appended(prompt: str, token: str, name: str, session: store.LanguageModel | None = None) -> str:
    """The prompt with a clicked next token after it, as the model's tokenizer writes it: a Hub model's or a
    char or BPE model's token exactly as it is ("s" continues a word, " cat" starts one, "t" ends "ca"); a word
    model's word as the word tokenizer writes text (tokenize.append_word). ``session``: this session's model."""
    glued = hub_lm.is_hub(name) or tokenizer_kind(name, session) in ("char", "bpe")
    return prompt + token if glued else append_word(prompt, token)


def tokenizer_kind(name: str, session: store.LanguageModel | None) -> str:
    """The kind of tokenizer ("word", "char", "bpe") a shipped or session model reads; "word" for a session model
    not there (nothing to ask)."""
    if name == "session":
        return session.tokenizer.kind if session is not None else "word"
    return store.shipped(name).tokenizer.kind


def follow_language(name: str, prompt: str, word: str) -> tuple[str | None, str | None]:
    """A prompt and a nearest-word still at another language's default, as the defaults of the language of the
    shipped model ``name`` (None: keep what is there; a prompt the person wrote stays)."""
    lang = store.language(name)
    if lang is None:
        return None, None
    new_prompt = PLACEHOLDERS[lang] if prompt in PLACEHOLDERS.values() and prompt != PLACEHOLDERS[lang] else None
    new_word = NEAREST_WORD[lang] if word in NEAREST_WORD.values() and word != NEAREST_WORD[lang] else None
    return new_prompt, new_word


def bars_title(model: str, partner: bool = False) -> str:
    """The bars' title: the model's next token (``partner``: the other model on the same prompt)."""
    return t("next_word.bars_partner" if partner else "next_word.bars_title", model=model)


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
                "xaxis": {"title": {"text": t("next_word.bars_axis")}, "gridcolor": "#eee", "rangemode": "tozero"},
                "yaxis": {"type": "category", "automargin": True}},
    )


SPECIAL_KEYS = {"<p>": "next_word.special_p", "<unk>": "next_word.special_unk"}  # what the word tokenizer's
# specials stand for


def empty_prompt() -> str:
    """The note beside a blank prompt (a note, not an error)."""
    return t("next_word.empty_prompt")


def special_label(token: str) -> str | None:
    """What a special token stands for, in the page's language (None for an ordinary token)."""
    return t(SPECIAL_KEYS[token]) if token in SPECIAL_KEYS else None


def display_token(token: str) -> str:
    """A token as the page shows it: special tokens as what they stand for, a line break as ⏎."""
    return special_label(token) or token.replace("\n", "⏎")


def is_blank(prompt: Any) -> bool:
    """Whether a prompt has nothing for a model to read (the page then shows empty_prompt(), not an error)."""
    return not isinstance(prompt, str) or not prompt.strip()


def prompt_tail(prompt: str, words: int = PROMPT_TAIL_WORDS) -> str:
    """The prompt's last ``words`` words, after "… " where it was longer (line breaks kept)."""
    parts = re.split(r"(\s+)", prompt.strip())  # words and the spaces between them, alternately
    if len(parts) <= 2 * words - 1:
        return prompt.strip()
    return "… " + "".join(parts[-(2 * words - 1):])


def generation_html(pieces: list[tuple[str, float]], prompt: str, glued: bool = False) -> str:
    """The prompt's tail, then each generated token coloured by the probability the model gave it (``glued``: the
    tokens carry their own spaces, as a Hub model's BPE pieces do)."""
    spans = []
    for token, p in pieces:
        text = "¶\n" if token == "<p>" else special_label(token) or token
        # light for surprising tokens, strong for confident ones
        alpha = 0.12 + 0.75 * min(max(p, 0.0), 1.0)
        spans.append(f'<span class="pg-gen" style="background: rgba(37,99,235,{alpha:.2f})" '  # i18n: not text
                     f'title="{p:.1%}">{html.escape(text)}</span>')
    return (f'<div class="pg-generated"><span class="pg-prompt">{html.escape(prompt_tail(prompt))}</span> '
            f'{("" if glued else " ").join(spans)}</div><div class="pg-gen-key">{t("next_word.darker")}</div>')


def generate_text(lm: store.LanguageModel, prompt: str, length: int, temperature: float, k: int | None,
                  p: float | None, seed: int, no_rare: bool = False) -> Iterator[tuple[str, list[tuple[str, float]]]]:
    """Stream (text so far, [(token, probability)]) as tokens are drawn; ``no_rare``: never draw <unk>."""
    if isinstance(lm, HubLM):  # a Hub tokenizer has no <unk> to leave out
        yield from hub_text.generate_text(lm, prompt, length, temperature, k, p, seed)
        return
    if not 1 <= int(length) <= 500:
        raise LMInputError("next_word.bad_length")
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
                   t("next_word.attention_title", layer=layer + 1, head=head + 1), zmin=0, zmax=1)


def positions_figure(lm: store.LanguageModel, length: int = 64) -> go.Figure:
    table = positional_encoding(lm.model, min(length, lm.config.block_size)).numpy()  # (T, C)
    return heatmap(table.T, [str(i) for i in range(len(table))], [str(c) for c in range(table.shape[1])],
                   t("next_word.positions_title", kind=t(f"next_word.pos_{lm.config.positions}")),
                   colorscale="RdBu")


SUMMARY_UNITS = 8  # the gate view shows this many units (those that change most) unless all are asked for


def gates_figure(lm: store.LanguageModel, prompt: str, gate: str, layer: int, all_units: bool = False) -> go.Figure:
    """A gate or state along the prompt: the mean over all units, then the SUMMARY_UNITS units that change most
    from token to token (or every unit, ``all_units``); one column per token."""
    ids, _ = prompt_ids(lm, prompt)
    internals = recurrent_internals(lm.model, ids)  # name -> (L, T, H)
    if gate not in internals:
        key = f"next_word.gate_{gate}"  # named in the language the message is read in
        raise LMInputError("next_word.no_such_gate", arch=lm.config.arch.upper(),
                           gate=UserError(key) if i18n.has(key) else gate, choices=", ".join(internals))
    values = internals[gate]
    layer = min(max(int(layer), 0), values.shape[0] - 1)
    z = values[layer].numpy().T  # (H, T)
    name = t("next_word.gate_of_layer", gate=gate_name(gate), layer=layer + 1)
    if all_units:
        rows, labels = z, [t("next_word.unit", unit=u) for u in range(z.shape[0])]
        title = t("next_word.gates_all_title", name=name, count=z.shape[0])
    else:
        chosen = np.argsort(-z.std(axis=1), kind="stable")[:SUMMARY_UNITS]  # the units that move most
        rows = np.vstack([z.mean(axis=0, keepdims=True), z[chosen]])
        labels = [t("next_word.mean_units", count=z.shape[0])] + [t("next_word.unit", unit=u) for u in chosen]
        title = t("next_word.gates_summary_title", name=name, count=len(chosen))
    signed = gate in SIGNED_GATES
    fig = heatmap(rows, _labels(lm, ids), labels, f"{title}. {sentence(gate_help(gate))}",
                  colorscale="RdBu" if signed else "Blues", zmin=-1 if signed else 0, zmax=1)
    fig.update_layout(height=160 + 24 * len(labels) if not all_units else 420)
    return fig


def inside_fit(lm: store.LanguageModel) -> dict[str, Any]:
    """What Look inside offers for this model: its layers, heads and gates (and the gate shown first), and a note on
    the views that do not apply to it."""
    if isinstance(lm, HubLM):
        return hub_text.inside_fit(lm)
    cfg = lm.config
    gates = gates_for(cfg.arch)
    if cfg.arch == "transformer":
        note = t("next_word.note_transformer")
    else:
        note = t("next_word.note_recurrent", arch=t(f"next_word.a_{cfg.arch}"))
    return {"layers": cfg.n_layer, "heads": cfg.n_head if cfg.arch == "transformer" else 0,
            "gates": [(f"{g}: {gate_name(g)}", g) for g in gates], "gate": first_gate(cfg.arch), "note": note}


def gate_name(gate: str) -> str:
    """A gate's or state's name ("forget gate") in the page's language."""
    key = f"next_word.gate_{gate}"
    return t(key) if i18n.has(key) else gate


def gate_help(gate: str) -> str:
    """How to read a gate's or state's values, in the page's language."""
    key = f"next_word.gate_help_{gate}"
    return t(key) if i18n.has(key) else ""


def inside_view(lm: store.LanguageModel, what: str, prompt: str, *args: Any) -> tuple[Any, str]:
    """One Look-inside view for the model: (figure or HTML, note); a view that does not apply to this model
    gives None and a note that says why, instead of an error."""
    if isinstance(lm, HubLM):
        return hub_text.inside_view(lm, what, prompt, *args)
    if what in ("lens", "continuation"):
        return None, t("hub.hub_only")
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
        raise LMInputError("next_word.type_one_word")
    token_id = lm.tokenizer.encode(word.strip())[0]
    rows = "".join(f"<tr><td>{html.escape(lm.tokenizer.id_to_token(i))}</td><td>{c:.3f}</td></tr>"
                   for i, c in nearest_embeddings(lm.model, token_id, k))
    cosine = f'<abbr title="{html.escape(t("next_word.cosine_def"))}">{t("next_word.cosine")}</abbr>'  # i18n: not text
    head = f'<tr><th>{html.escape(t("next_word.nearest_to", word=tokens[0]))}</th><th>{cosine}</th></tr>'
    return f'<table class="pg-nearest">{head}{rows}</table>'


MODEL_NAMES = {"en-lstm": "English · LSTM", "en-transformer": "English · transformer",  # i18n: not text
               "es-lstm": "Español · LSTM", "es-transformer": "Español · transformer"}  # i18n: not text


# Hugging Face presets: English GPT-2 small (124 M), a Spanish GPT-2 small, SmolLM2 (135 M, English)
HUB_PRESETS = {"hf:openai-community/gpt2": "GPT-2 · Hugging Face",  # i18n: not text
               "hf:flax-community/gpt-2-spanish": "GPT-2 español · Hugging Face",  # i18n: not text
               "hf:HuggingFaceTB/SmolLM2-135M": "SmolLM2-135M · Hugging Face"}  # i18n: not text


def model_choices(has_session: bool, hub_repo: str | None = None) -> list[tuple[str, str]]:
    """The model dropdown's choices: the shipped models by their language's own name, the Hugging Face presets
    (and ``hub_repo``, one typed in the box), then this session's."""
    out = [(label, key) for key, label in MODEL_NAMES.items()] + [(label, key) for key, label in HUB_PRESETS.items()]
    if hub_repo and hub_name(hub_repo) not in HUB_PRESETS:
        out.append((f"{hub_repo} · Hugging Face", hub_name(hub_repo)))  # i18n: not text
    return out + ([(t("next_word.own_model"), "session")] if has_session else [])



def hub_name(repo: str) -> str:
    """The model name of a Hub repo: "hf:<repo>" (``hub.access.PREFIX``)."""
    return f"{access.PREFIX}{repo}"


def default_model(lang: str) -> str:
    """The model a page in ``lang`` opens on: one that speaks the page's language."""
    return "es-transformer" if lang == "es" else "en-transformer"


def partner(name: str) -> str | None:
    """The other architecture for the same language, for side-by-side answers."""
    if name == "session" or hub_lm.is_hub(name):
        return None
    lang, arch = name.split("-")
    return f"{lang}-{'transformer' if arch == 'lstm' else 'lstm'}"
