"""What the Next-word tab shows for a Hugging Face model (``hf:<repo>``): its tokens, next-token bars, generation,
attention, the logit lens and a continuation's probability, in the shapes ``views.text`` gives for the toys (it
hands Hub models here). No gradio here.
"""

from __future__ import annotations

import html
from typing import Any, Callable, Generator, Iterator, TypeVar

import plotly.graph_objects as go

from playground.devices import describe
from playground.hub import access, inside
from playground.hub.access import Download
from playground.hub.lm import HubLM, repo_of, size_words
from playground.errors import UserError
from playground.i18n import t
from playground.text.models import LMInputError
from playground.views.common import sentence
from playground.views.heatmap import heatmap

V = TypeVar("V")
Y = TypeVar("Y")
MAX_LENGTH = 500  # tokens one generation may ask for (as for the toys)


def ready_note(lm: HubLM) -> str:
    """What is loaded: the repo, its size and where it runs."""
    return t("hub.ready", repo=lm.repo, size=size_words(lm.params), device=describe(lm.device))


def megabytes(n: int) -> str:
    """Bytes as a person reads a download's size: 0.2 MB, 548 MB, 1.3 GB."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 1e7 else f"{n / 1e6:.1f} MB"


def download_words(part: str, repo: str, download: Download | None) -> tuple[str, int | None]:
    """While a Hub model loads, in the words of the table ``part`` ("<part>.loading", "<part>.downloading"): how
    far its download is (bytes, files, speed) and its percent, or that it is being checked and read (None)."""
    if download is None:
        return t(f"{part}.loading", repo=repo), None
    percent = round(100 * download.fraction)
    return t(f"{part}.downloading", repo=repo, done=megabytes(download.done), total=megabytes(download.total),
             percent=percent, files_done=download.files_done, files=download.files,
             speed=megabytes(int(download.per_second))), percent


def progress_bar(percent: int | None) -> str:
    """A download's bar (nothing while there is no percent to show)."""
    return "" if percent is None else f'<progress max="100" value="{percent}"></progress>'  # i18n: not text


def loading_steps(repo: str, load: Callable[[], V], say: Callable[[str, Download | None], Y],
                  every: float = 0.5) -> Generator[Y, None, V]:
    """``load()`` (a Hub model's or pipeline's), and until it is done, every ``every`` s, what ``say(repo,
    download)`` makes of how it goes (``access.while_loading``); returns what ``load`` returned.
    ``model = yield from loading_steps(...)``."""
    steps = access.while_loading(repo, load, every=every)
    while True:
        try:
            download = next(steps)
        except StopIteration as done:
            return done.value
        yield say(repo, download)


def loading_note(repo: str, download: Download | None) -> str:
    """While a Hub model loads: how far its download is (bytes, files, speed, a bar), or that it is being read."""
    words, percent = download_words("hub", repo, download)
    return words if percent is None else f"{html.escape(words)}\n\n{progress_bar(percent)}"


def failed_note(exc: UserError) -> str:
    """The note once a load failed: why, in plain words (the same words as the error's message)."""
    return html.escape(sentence(exc.message()), quote=False)


def loading_notes(name: str, load: Callable[[], V]) -> Generator[str, None, V]:
    """``load()`` (a Hub model's), and until it is done a note every half second on how it goes (loading_note);
    returns what ``load`` returned. ``model = yield from loading_notes(...)``. A load that fails with a UserError
    (refused, unreachable, not cached) leaves a last note saying why, then the error goes on (its toast)."""
    try:
        return (yield from loading_steps(repo_of(name), load, loading_note))
    except UserError as exc:
        yield failed_note(exc)
        raise


def next_words(lm: HubLM, prompt: str, k: Any) -> tuple[list[dict], str]:
    """The top-k next tokens as [{"word", "text", "probability"}], best first ("text": the token's own text,
    spaces included, what a click appends), and a note."""
    if not isinstance(k, (int, float)) or not 1 <= int(k) <= 100:
        raise LMInputError("next_word.bad_k")
    return inside.next_tokens(lm, prompt, int(k)), ready_note(lm)


def tokens_html(lm: HubLM, prompt: str) -> str:
    """The prompt as the tokenizer splits it, one chip per piece ("·" marks a piece's leading space)."""
    chips = "".join(f'<span class="pg-token">{html.escape(piece) or "␣"}</span>'  # i18n: not text
                    for piece in inside.pieces(lm, prompt)[-200:])
    return f'<div class="pg-tokens">{chips}</div>'


def generate_text(lm: HubLM, prompt: str, length: int, temperature: float, k: int | None, p: float | None,
                  seed: int) -> Iterator[tuple[str, list[tuple[str, float]]]]:
    """Stream (text so far, [(token, probability)]) as tokens are drawn, as ``views.text.generate_text``."""
    if not 1 <= int(length) <= MAX_LENGTH:
        raise LMInputError("next_word.bad_length")
    ids: list[int] = []
    pieces: list[tuple[str, float]] = []
    before = inside.prompt_ids(lm, prompt)  # each piece as it reads after the text before it ("▁cat": " cat")
    for token, prob in inside.generate(lm, prompt, int(length), float(temperature), int(k) if k else None,
                                       float(p) if p and p < 1 else None, int(seed)):
        pieces.append((inside.token_text(lm, before + ids, token), prob))
        ids.append(token)
        yield inside.decode(lm, ids), pieces


def _layers_heads(lm: HubLM) -> tuple[int, int]:
    cfg = lm.model.config
    return int(cfg.num_hidden_layers), int(cfg.num_attention_heads)


def inside_fit(lm: HubLM) -> dict[str, Any]:
    """What Look inside offers for a Hub model: attention by layer and head, the logit lens; no gates."""
    layers, heads = _layers_heads(lm)
    return {"layers": layers, "heads": heads, "gates": [], "gate": None, "note": t("hub.note_inside")}


def _labels(pieces: list[str]) -> list[str]:
    return [f"{i}:{p}" for i, p in enumerate(pieces)]  # numbered: repeated pieces stay apart on the axis


def attention_figure(lm: HubLM, prompt: str, layer: int, head: int) -> go.Figure:
    maps, pieces = inside.attention(lm, prompt)  # (L, H, T, T)
    layer = min(max(int(layer), 0), maps.shape[0] - 1)
    head = min(max(int(head), 0), maps.shape[1] - 1)
    labels = _labels(pieces)
    return heatmap(maps[layer, head].numpy(), labels, labels,
                   t("next_word.attention_title", layer=layer + 1, head=head + 1), zmin=0, zmax=1)


def lens_figure(lm: HubLM, prompt: str) -> go.Figure:
    """The logit lens as a table: a row per layer (the last is the model's answer), a column per position, each
    cell the likeliest next token, coloured by its probability."""
    lens = inside.logit_lens(lm, prompt)
    rows = [t("hub.layer", layer=i + 1) for i in range(len(lens["words"]))]
    pieces = lens["pieces"][-40:]  # a readable table: the prompt's last 40 positions
    z = lens["probs"][:, -len(pieces):].numpy()
    words = [row[-len(pieces):] for row in lens["words"]]
    return go.Figure(
        data=[{"type": "heatmap", "z": z, "x": _labels(pieces)[-len(pieces):], "y": rows, "text": words,
               "texttemplate": "%{text}", "colorscale": "Blues", "zmin": 0, "zmax": 1,
               "hovertemplate": "%{y}, %{x} → %{text}: %{z:.3f}<extra></extra>"}],
        layout={"template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white",
                "title": {"text": t("hub.lens_title"), "x": 0.02, "font": {"size": 13}},
                "height": 160 + 28 * len(rows), "margin": {"l": 80, "r": 20, "t": 40, "b": 90},
                "xaxis": {"tickangle": -45, "type": "category"},
                "yaxis": {"autorange": "reversed", "type": "category"}},
    )


def continuation_html(lm: HubLM, prompt: str, text: str) -> str:
    """How likely the model finds ``text`` after the prompt, and each of its tokens' share."""
    found = inside.continuation(lm, prompt, text)
    tokens = ", ".join(f"{html.escape(piece)} {p:.1%}" for piece, p in found["tokens"])
    return t("hub.continuation_result", text=html.escape(text.strip()), probability=f"{found['probability']:.3g}",
             tokens=tokens)


def inside_view(lm: HubLM, what: str, prompt: str, *args: Any) -> tuple[Any, str]:
    """One Look-inside view: (figure or HTML, note); the toys' own views give None and a note."""
    if what == "attention":
        return attention_figure(lm, prompt, int(args[0]) - 1, int(args[1]) - 1), ""
    if what == "lens":
        return lens_figure(lm, prompt), ""
    if what == "continuation":
        return continuation_html(lm, prompt, args[0]), ""
    return None, t("hub.note_inside")
