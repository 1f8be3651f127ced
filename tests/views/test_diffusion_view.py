"""What the Diffusion tab shows, without a browser: grids, chips, figures, the GIF, images read for the forward process."""

import io

import numpy as np
import pytest
import torch
from PIL import Image

from playground.data.images import load_split
from playground.diffusion import prompts
from playground.diffusion.sample import SamplingSettings, Trace, schedule_curves
from playground.diffusion.model import make_scheduler
from playground.digits.preprocess import DrawingError
from playground.views import diffusion as dv
from playground.views import diffusion_compare as dc


def test_grid_lays_images_out_in_rows():
    x = torch.linspace(-1, 1, 6)[:, None, None, None].expand(6, 1, 32, 32)
    g = dv.grid(x, scale=2, cols=4, gap=2)
    assert g.shape == (2 * 64 + 2, 4 * 64 + 3 * 2) and g.dtype == np.uint8
    assert g[0, 0] == 0 and g[-1, 64 + 2 + 1] == 255 and g[70, 200] == 255  # black first image; gaps/empty white


def test_tokens_html_marks_digit_known_and_ignored_words():
    out = dv.tokens_html(prompts.encode("un <b>dragón</b> siete"))
    assert '<span class="pg-chip pg-digit">siete</span>' in out
    assert '<span class="pg-chip pg-unknown">dragón</span>' in out and "<b>" not in out.split("</div>")[0][:40]
    assert "unconditional" in dv.tokens_html(prompts.encode(""))


def test_schedule_figure_marks_the_current_step():
    fig = dv.schedule_figure(schedule_curves(make_scheduler()), 500)
    assert len(fig.data) == 3 and len(fig.data[0].x) <= 200
    assert fig.layout.shapes[0].x0 == 500
    assert fig.layout.yaxis2.type == "log"


def test_record_frames_and_gif(tmp_path):
    rec = dv.Record(Trace(SamplingSettings(steps=3)))
    for i in range(4):
        x = torch.full((2, 1, 32, 32), -1 + i * 0.5)
        rec.add(x, None if i == 0 else -x, 999 - i * 300)
    x_t, x0, label = rec.frame(1)
    assert x_t.shape == x0.shape == (32, 2 * 32 + 2) and x_t[0, 0] == 64 and x0[0, 0] == 191  # the page scales up
    assert "step 1 of 3" in label and "t = 699" in label
    assert rec.frame(0)[1][0, 0] == 255 and "starting noise" in rec.frame(0)[2] and rec.frame(99)[2].startswith("step 3")
    assert rec.x_t[0].dtype == np.uint8 and rec.x_t[0].shape == (2, 32, 32)  # kept small: pixels, not grids
    gif = Image.open(dv.gif_file(rec))
    assert gif.format == "GIF" and gif.n_frames == 4 and gif.size == (2 * 96 + 2, 2 * 96 + 6)


def test_png_files_are_grayscale_and_large():
    paths = dv.png_files(torch.zeros(2, 1, 32, 32), side=128)
    img = Image.open(paths[0])
    assert len(paths) == 2 and img.mode == "L" and img.size == (128, 128)


def test_forward_process_reads_real_digits_and_refuses_non_images(mnist_root, tmp_path):
    digit = load_split("mnist", "test", mnist_root).images[0, 0].numpy()
    buf = io.BytesIO()
    Image.fromarray(255 - digit).save(buf, format="PNG")  # dark ink on white paper, as a scan
    x = dv.digit_image(buf.getvalue())
    assert x.shape == (1, 1, 32, 32) and x.min() == -1 and x.max() > 0.5
    fake = tmp_path / "digit.png"
    fake.write_text("this is not an image")
    with pytest.raises(DrawingError):
        dv.digit_image(str(fake))
    blank = io.BytesIO()
    Image.new("L", (64, 64), 255).save(blank, format="PNG")
    with pytest.raises(DrawingError, match="no digit"):
        dv.digit_image(blank.getvalue())


# ---- the jobs' views on real runs of the shipped model ----------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    from playground.diffusion import model as dm
    from playground.diffusion import sample

    model, base = dm.shipped("cpu")
    return model, base, sample.shipped_curves("cpu")


class _Every:
    def due(self) -> bool:
        return True


def _status(frame: str) -> str:
    import html
    import re

    return html.unescape(re.search(r'<div id="df-status"[^>]*>([^<]*)</div>', frame).group(1))


def test_the_guidance_comparison_as_updates_by_name(shipped):
    from playground.diffusion import sample

    model, base, curves = shipped
    settings = SamplingSettings("un siete", 2, 3, "DDIM", 3.0, 5)
    updates = list(dc.compare_updates(sample.compare_guidance(model, base, settings), curves, _Every()))
    assert {name for u in updates for name in u} == {"live", "compare", "view", "settle"}
    lives = [u["live"] for u in updates if "live" in u]
    assert len(lives) == 4 * (1 + 3) + 1  # each scale's starting noise and steps, then the end
    assert _status(lives[0]) == "Comparing guidance: the same seed at guidance 0 (1 of 4)…"
    assert _status(lives[-2]) == "Comparing guidance: the same seed at guidance 7 (4 of 4)…"
    assert 'id="df-xt"' in lives[1] and "step 1 of 3, timestep t = " in lives[1]
    galleries = [u["compare"] for u in updates if "compare" in u]
    assert [len(g) for g in galleries] == [1, 2, 3, 4, 4]  # the gallery grows as each scale ends
    assert [caption for _, caption in galleries[-1]] == ["guidance 0", "guidance 1", "guidance 3", "guidance 7"]
    again = sample.generate(model, base, SamplingSettings("un siete", 2, 3, "DDIM", 7.0, 5))
    assert np.array_equal(galleries[-1][3][0], dv.grid(again, cols=2))  # the picture of a plain run at 7
    assert updates[-2] == {"live": updates[-1]["view"], "settle": True}
    assert _status(updates[-1]["view"]).startswith("Done: the same seed at guidance 0 · 1 · 3 · 7 in ")


def test_a_stopped_comparison_says_where_it_stopped(shipped):
    from playground.diffusion import sample

    model, base, curves = shipped
    seen = []
    events = sample.compare_guidance(model, base, SamplingSettings("7", 1, 4, "DDIM", 3.0, 0),
                                     should_stop=lambda: len(seen) >= 6)
    updates = []
    for update in dc.compare_updates(events, curves, _Every()):
        updates.append(update)
        seen += [1] if '<div id="df-step">step ' in update.get("live", "") else []
    status = _status(updates[-1]["view"])
    assert status.startswith("Stopped at guidance 1 (2 of 4) after ") and status.endswith("guidance 0.")
    assert [caption for _, caption in updates[-1]["compare"]] == ["guidance 0"]
    assert "step 2 of 4" in updates[-1]["view"]  # the last step seen stays on the page


def test_scrub_forward_and_attention_views_of_a_real_run(shipped, mnist_root):
    from playground.diffusion import sample
    from playground.errors import UserError

    model, base, curves = shipped
    settings = SamplingSettings("un siete", 2, 4, "DDIM", 3.0, 1)
    record = dv.Record(sample.Trace(settings))
    list(dv.run_updates(sample.denoise(model, base, settings, None, lambda: False, record.trace), record, curves,
                        _Every()))
    assert dv.scrub_view(None, 3, curves) == {}
    out = dv.scrub_view(record, 99, curves)  # past the end: the last step
    assert "step 4 of 4" in out["view"] and out["schedule"].layout.shapes[0].x0 == record.timesteps[-1]
    assert "starting noise" in dv.scrub_view(record, -5, curves)["view"]
    figure = dv.attention_view(model, record, 9, 2)  # step and image brought within the run
    assert figure.layout.title.text == "Cross-attention at step 4 (averaged over heads and layers)"
    titles = [a.text for a in figure.layout.annotations]
    assert titles[1:] == ["&lt;s&gt;", "un", "siete"] and len(figure.data) == 4
    assert np.array_equal(figure.data[0].z, record.x0[4][1])  # the second image's x₀ at that step
    with pytest.raises(UserError, match="Generate first"):
        dv.attention_view(model, None, 1, 1)
    clean = dv.last_image(record)
    picture, note = dv.forward_view(base, clean, 999)
    signal = float(base.alphas_cumprod[999]) ** 0.5
    assert picture.shape == (32 * 6, 2 * 32 * 6 + 2) and f"√ᾱ = {signal:.3f}" in note
    assert dv.forward_view(base, None, 10) == (None, "Draw a digit, upload one, or use an image of the last run.")
    with pytest.raises(UserError):
        dv.last_image(None)


def test_the_first_load_speaks_the_pages_language(shipped):
    from playground import i18n

    figure, terms, form = dv.opening(shipped[2])
    assert form == "english" and figure.layout.xaxis.title.text and "<abbr" in terms
    with i18n.speaking("es"):
        assert dv.opening(None)[0] is None and dv.opening(None)[2] == "spanish"
