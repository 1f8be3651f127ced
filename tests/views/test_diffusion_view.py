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
