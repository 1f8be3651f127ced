"""What the Diffusion tab shows of a Hub pipeline (``playground.views.hub_diffusion``), on real events of the tiny
random pipeline (tests/diffusion/tiny_hub.py): the run as updates by name (CLIP tokens, text embeddings, live frames,
the record for the cross-attention maps), the cost line, the scheduler choices, and a download's progress while a
pipeline loads from a stand-in Hub on loopback (tests/hub/serving.py), seen part-way."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest
import torch

from playground import i18n
from playground.diffusion.sample import SCHEDULERS, schedule_curves
from playground.hub import diffusion as hd
from playground.hub import diffusion_attention
from playground.hub import diffusion_loop as loop
from playground.views import hub_diffusion as hv
from tests.diffusion.test_hub_pipeline import hub_home, offline  # noqa: F401  (fixtures)
from tests.conftest import drained
from tests.diffusion.tiny_hub import REPO, SIDE


class _Every:
    def due(self) -> bool:
        return True


def _status(frame: str) -> str:
    return html.unescape(re.search(r'<div id="df-status"[^>]*>([^<]*)</div>', frame).group(1))


def _run(pipe, settings: loop.ImageSettings):
    record = hv.HubRecord(pipe.repo, settings)
    events = list(loop.run(pipe, settings))
    updates = list(hv.run_updates(iter(events), record, schedule_curves(pipe.scheduler()), _Every()))
    return events, record, updates


def test_a_hub_run_as_updates_by_name(offline):  # noqa: F811
    pipe = hd.load(f"hf:{REPO}")
    events, record, updates = _run(pipe, loop.ImageSettings("the cat", 3, "default", 7.5, 1, SIDE, SIDE))
    encoded, decoded = events[0], events[-1]
    first = updates[0]
    assert set(first) == {"tokens", "encoding", "live"}
    chips = re.findall(r'<span class="pg-chip">([^<]*)</span>', first["tokens"])
    assert [html.unescape(c) for c in chips] == ["<|startoftext|>", "the·", "cat·", "<|endoftext|>"]
    heatmap = first["encoding"].data[0]
    assert np.allclose(heatmap.z, encoded.embeddings.numpy())  # the text embeddings, one row a token
    assert list(heatmap.y) == ["0: &lt;|startoftext|&gt;", "1: the·", "2: cat·", "3: &lt;|endoftext|&gt;"]
    assert "the prompt encoded: 4 tokens, 32 numbers each" in first["live"]
    lives = [u["live"] for u in updates if "live" in u]
    assert len(lives) == 2 + 3 + 1  # encoded, starting noise, a frame a step (tiny autoencoder), the decode
    assert "step 2 of 3, timestep t = " in lives[3] and 'id="df-x0"' in lives[3]
    assert _status(lives[-1]) == (f"Done with {REPO}: the VAE decoded the latent 16×16×4 into the image "
                                  f"{SIDE}×{SIDE}×3 in {decoded.seconds:.2f} s.")
    end = updates[-1]
    assert set(end) == {"view", "gallery", "record", "scrub", "att_step"} and end["record"] is record
    assert end["scrub"] == {"value": 0, "interactive": False}  # nothing to scrub through
    assert np.array_equal(end["gallery"][0], decoded.image) and end["att_step"] == {"maximum": 3, "value": 1}
    steps = [e for e in events if isinstance(e, loop.LatentStep)]
    assert len(record.before) == 4 and len(record.x0) == 3 and record.step(99) == 3 and record.step(0) == 1
    assert torch.equal(record.before[0], events[1].latents) and torch.equal(record.before[2], steps[1].latents)


def test_cross_attention_maps_per_token_of_a_hub_run(offline):  # noqa: F811
    pipe = hd.load(f"hf:{REPO}")
    settings = loop.ImageSettings("the fox", 3, "default", 7.5, 2, SIDE, SIDE)
    _, record, _ = _run(pipe, settings)
    figure = hv.attention_view(record, 2)
    tokens, maps = diffusion_attention.maps(pipe, settings, record.before[1], 2)
    titles = [html.unescape(a.text) for a in figure.layout.annotations]
    assert titles == ["x₀ at this step"] + [hv.clip_word(tok) for tok in tokens]
    assert figure.layout.title.text.startswith("Cross-attention at step 2")
    assert figure.data[0].type == "image" and np.asarray(figure.data[0].z).shape == (SIDE, SIDE, 3)
    for trace, expected in zip(figure.data[1:], maps):  # the real UNet's maps, one per token
        assert np.allclose(trace.z, expected.numpy())
    total = diffusion_attention.maps(pipe, settings, record.before[1], 2, all_slots=True)[1].sum(0)
    assert torch.allclose(total, torch.ones_like(total), atol=1e-4)  # all 77 slots: 1 at every pixel


def test_the_pictures_and_words(offline):  # noqa: F811
    pipe = hd.load(f"hf:{REPO}")
    noise = next(e for e in loop.run(pipe, loop.ImageSettings("a cat", 1, "default", 0, 0, SIDE, SIDE))
                 if isinstance(e, loop.Noise))
    picture = hv.latent_picture(noise.latents, side=128)
    assert picture.shape == (128, 128, 3) and picture.dtype == np.uint8
    assert [picture[..., c].min() for c in range(3)] == [0] * 3 and [picture[..., c].max() for c in range(3)] == [255] * 3
    assert "&lt;b&gt;" in hv.clip_tokens_html(["<b>"]) and "(1 tokens" in hv.clip_tokens_html(["<b>"])
    assert hv.cost_text(0.5, 20, 512) == "One step of this pipeline takes 0.50 s here (timed): 20 steps ≈ 10 s at 512×512."
    assert "Try a smaller size" in hv.cost_text(2.0, 20, 512)  # 40 s: the page offers cheaper ways
    with i18n.speaking("es"):
        assert hv.cost_text(0.5, 20, 512).startswith("Un paso de este pipeline tarda 0.50 s aquí")
    notes = list(hv.cost_notes(f"hf:{REPO}", SIDE, 4, 7.5))
    assert re.fullmatch(rf"One step of this pipeline takes [\d.]+ s here \(timed\): 4 steps ≈ \d+ s at {SIDE}×{SIDE}\.",
                        notes[-1])
    assert list(hv.cost_notes("toy", 512, 4, 3)) == [""]


def test_a_hub_pipeline_offers_its_own_scheduler():
    named = [(s, s) for s in SCHEDULERS]
    assert hv.scheduler_choices(f"hf:{REPO}", "DDPM") == ([("default (the pipeline's own)", "default"), *named],
                                                          "default")
    assert hv.scheduler_choices("toy", "default") == (named, "DDIM")  # the toy's own
    assert hv.scheduler_choices("toy", "Euler") == (named, "Euler")
    with i18n.speaking("es"):
        assert hv.scheduler_choices(f"hf:{REPO}", None)[0][0] == ("default (el del propio pipeline)", "default")


@pytest.fixture
def served(monkeypatch, hub_home, tmp_path):  # noqa: F811
    """The tiny pipeline on a stand-in Hub at 250 kB/s (its weights: about 0.6 MB), and an empty cache."""
    from tests.hub.conftest import _point_hub
    from tests.hub.serving import StandInHub

    snapshot = next((hub_home / "hub" / f"models--{REPO.replace('/', '--')}" / "snapshots").iterdir())
    with StandInHub({REPO: snapshot}, bytes_per_second=250_000) as hub:
        monkeypatch.delenv("HF_HOME", raising=False)
        monkeypatch.delenv("HF_HUB_CACHE", raising=False)
        monkeypatch.setenv("HF_HUB_OFFLINE", "0")
        _point_hub(monkeypatch, tmp_path / "home", offline=False, endpoint=hub.endpoint)
        hd.forget()
        yield hub
    hd.forget()


def test_a_download_shows_its_progress_while_the_pipeline_loads(served):
    seen, pipe = drained(hv.loading(f"hf:{REPO}", every=0.05))
    assert pipe.repo == REPO and "unet/diffusion_pytorch_model.safetensors" in served.served
    percents = [p for _, p in seen if p is not None]
    assert any(0 < p < 100 for p in percents), seen  # seen part-way, not only at the ends
    assert percents == sorted(percents)  # it only grows
    words = next(w for w, p in seen if p is not None and 0 < p < 100)
    assert re.fullmatch(rf"Downloading {REPO} \(its first use here\): [\d.]+ MB of 0\.6 MB \(\d+%\), \d+ of \d+ files, "
                        r"[\d.]+ MB/s", words), words
    hd.forget()  # a second first use: read from the cache now, no download
    served.served.clear()
    with i18n.speaking("es"):
        notes, pipe = drained(hv.load_updates(f"hf:{REPO}"), lambda update: update["view"])
        assert pipe.repo == REPO
    assert not any(f.endswith(".safetensors") for f in served.served)
    assert all(_status(n).startswith(f"Abriendo {REPO}") for n in notes)


def test_download_progress_in_the_cost_line_and_the_status(served, tmp_path):
    import shutil

    notes = list(hv.cost_notes(f"hf:{REPO}", SIDE, 4, 7.5))  # the model picked: its download, then the cost
    bars = [n for n in notes if "<progress" in n]
    assert bars and bars[0].startswith(f"Downloading {REPO} (its first use here): "), notes
    assert re.search(r'\n\n<progress max="100" value="\d+"></progress>$', bars[0])
    assert notes[-1].startswith("One step of this pipeline takes ")
    hd.forget()
    shutil.rmtree(tmp_path / "home" / "hub")  # an empty cache again: Generate downloads it
    views, pipe = drained(hv.load_updates(f"hf:{REPO}"), lambda update: update["view"])
    assert pipe.repo == REPO
    shown = [v for v in views if "<progress" in v]
    assert shown and _status(shown[0]).startswith(f"Downloading {REPO}")  # the status line, with its bar
    assert re.search(r'</div><progress max="100" value="\d+"></progress>$', shown[0])


def test_a_presets_tiny_autoencoder_downloads_under_the_pipelines_name(served, hub_home, monkeypatch):  # noqa: F811
    """A preset's previews come from another repo (its tiny autoencoder): the page, following the pipeline it asked
    for, sees that download too, not "checking" while it goes."""
    from playground.hub import access
    from tests.diffusion.tiny_hub import PREVIEW

    preview = next((hub_home / "hub" / f"models--{PREVIEW.replace('/', '--')}" / "snapshots").iterdir())
    served.repos[PREVIEW] = preview
    served.rate = 80_000  # the preview's 37 kB last about half a second: plenty of 20 ms looks, on a busy machine too
    monkeypatch.setitem(hd.PRESETS, REPO, {"preview": PREVIEW})
    repos, pipe = drained(access.while_loading(REPO, lambda: hd.load(f"hf:{REPO}"), every=0.02),
                          lambda download: download and download.repo)
    assert pipe.preview is not None
    assert set(repos) - {None} == {REPO, PREVIEW} and any(f.startswith("diffusion_pytorch_model") for f in served.served)


def test_a_stopped_hub_run_says_it_stopped_and_where(offline):  # noqa: F811
    """Stop ends the loop at its step: the VAE decodes that step's (still noisy) latents and the page says it
    stopped there, not "Done"."""
    pipe = hd.load(f"hf:{REPO}")
    settings = loop.ImageSettings("the cat", 6, "default", 7.5, 1, SIDE, SIDE)
    asked = []

    def should_stop() -> bool:  # asked once a step: Stop lands during the second
        asked.append(True)
        return len(asked) >= 2

    events = list(loop.run(pipe, settings, should_stop=should_stop))
    end = events[-1]
    assert isinstance(end, loop.Decoded) and end.stopped and end.steps == 2
    assert sum(isinstance(e, loop.LatentStep) for e in events) == 2
    record = hv.HubRecord(pipe.repo, settings)
    updates = list(hv.run_updates(iter(events), record, schedule_curves(pipe.scheduler()), _Every()))
    final = [u["live"] for u in updates if "live" in u][-1]
    assert _status(final).startswith(f"Stopped at step 2 with {REPO}: the VAE decoded that step's latent 16×16×4")
    whole = list(loop.run(pipe, settings))[-1]
    assert not whole.stopped and whole.steps == 6 and not np.array_equal(whole.image, end.image)
