"""Hub pipelines in Diffusion, offline: a tiny random Stable Diffusion pipeline of the real classes, saved as the
Hub's cache lays a download out (tests/diffusion/tiny_hub.py) and opened by repo id with HF_HUB_OFFLINE=1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.errors import UserError
from playground.hub import diffusion as hd
from playground.hub import diffusion_loop as loop
from tests.diffusion.tiny_hub import PREVIEW, REPO, SIDE, write_cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def hub_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("hf-home")
    write_cache(home)
    return home


@pytest.fixture
def offline(hub_home, monkeypatch):
    """The tiny pipeline's cache as HF_HOME, the Hub never asked; its tiny autoencoder as its preset preview."""
    monkeypatch.setenv("HF_HOME", str(hub_home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setitem(hd.PRESETS, REPO, {"preview": PREVIEW})
    hd.forget()
    yield hub_home
    hd.forget()


def _reference(home: Path):
    from diffusers import StableDiffusionPipeline

    snapshot = next((home / "hub" / f"models--{REPO.replace('/', '--')}" / "snapshots").iterdir())
    pipe = StableDiffusionPipeline.from_pretrained(snapshot, safety_checker=None, requires_safety_checker=False)
    pipe.set_progress_bar_config(disable=True)
    return pipe


@pytest.mark.parametrize("scheduler, guidance", [("default", 7.5), ("DDPM", 3.0), ("Euler ancestral", 5.0),
                                                 ("DPM-Solver++", 1.0), ("Euler", 0.0)])
def test_our_loop_gives_the_pipelines_own_image(offline, scheduler, guidance):
    from playground.diffusion.sample import make_sampler

    pipe = hd.load(f"hf:{REPO}")
    ours = loop.generate(pipe, loop.ImageSettings("the fox at a cat", 4, scheduler, guidance, 7, SIDE, SIDE))
    ref = _reference(offline)
    if scheduler != "default":
        ref.scheduler = make_sampler(scheduler, ref.scheduler)
    theirs = np.asarray(ref("the fox at a cat", num_inference_steps=4, guidance_scale=guidance, height=SIDE,
                            width=SIDE, generator=torch.Generator("cpu").manual_seed(7)).images[0])
    assert ours.shape == theirs.shape == (SIDE, SIDE, 3) and ours.std() > 1  # a picture, not a blank
    assert np.abs(ours.astype(int) - theirs.astype(int)).mean() <= 1  # ≤ 1/255 of the range
    other = loop.generate(pipe, loop.ImageSettings("the fox at a cat", 4, scheduler, guidance, 8, SIDE, SIDE))
    assert not np.array_equal(ours, other)  # the seed matters


def test_every_step_is_shown(offline):
    pipe = hd.load(f"hf:{REPO}")
    events = list(loop.run(pipe, loop.ImageSettings("the cat", 3, "default", 7.5, 1, SIDE, SIDE)))
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["Encoded", "Noise", "LatentStep", "LatentStep", "LatentStep", "Decoded"]
    encoded, noise, steps, decoded = events[0], events[1], events[2:-1], events[-1]
    assert encoded.tokens == ["<|startoftext|>", "the</w>", "cat</w>", "<|endoftext|>"]
    assert encoded.embeddings.shape == (4, 32)
    sched = pipe.scheduler()
    sched.set_timesteps(3)
    assert encoded.timesteps == [int(t) for t in sched.timesteps] == [s.timestep for s in steps]
    expected = torch.randn((1, 4, SIDE // 2, SIDE // 2), generator=torch.Generator("cpu").manual_seed(1))
    assert torch.equal(noise.latents, expected * sched.init_noise_sigma)
    for step in steps:  # the tiny autoencoder previews every step, x_t and x₀
        assert step.picture.dtype == np.uint8 and step.picture.ndim == 3 and step.x0_picture.shape == step.picture.shape
        assert step.latents.shape == step.x0.shape == (1, 4, SIDE // 2, SIDE // 2)
    assert decoded.latent_shape == (SIDE // 2, SIDE // 2, 4) and decoded.image.shape == (SIDE, SIDE, 3)


def test_without_a_tiny_autoencoder_the_vae_previews_every_few_steps(offline, monkeypatch):
    monkeypatch.delitem(hd.PRESETS, REPO)
    hd.forget()
    pipe = hd.load(f"hf:{REPO}")
    assert pipe.preview is None
    steps = [e for e in loop.run(pipe, loop.ImageSettings("a cat", 10, "DDIM", 7.5, 0, SIDE, SIDE))
             if isinstance(e, loop.LatentStep)]
    shown = [s.index for s in steps if s.picture is not None]
    assert shown == [2, 4, 6, 8, 10]


def test_one_shared_copy_and_the_cost_of_a_step(offline):
    a, b = hd.load(f"hf:{REPO}"), hd.load(f" hf:{REPO} ")
    assert a is b and a.params == sum(p.numel() for m in (a.unet, a.vae, a.text_encoder) for p in m.parameters())
    assert 0 < hd.step_seconds(a, SIDE, SIDE, guided=True) < 5


def _fake_repo(home: Path, repo: str, index: dict, configs: dict[str, dict]) -> None:
    """A repo in the cache holding only JSON files: no weights at all."""
    snapshot = home / "hub" / f"models--{repo.replace('/', '--')}" / "snapshots" / ("ab" * 20)
    snapshot.mkdir(parents=True, exist_ok=True)
    (snapshot.parent.parent / "refs").mkdir(exist_ok=True)
    (snapshot.parent.parent / "refs" / "main").write_text("ab" * 20)
    (snapshot / "model_index.json").write_text(json.dumps(index))
    for part, config in configs.items():
        (snapshot / part).mkdir(exist_ok=True)
        (snapshot / part / "config.json").write_text(json.dumps(config))


def _configs(home: Path) -> tuple[dict, dict[str, dict]]:
    snapshot = next((home / "hub" / f"models--{REPO.replace('/', '--')}" / "snapshots").iterdir())
    index = json.loads((snapshot / "model_index.json").read_text())
    return index, {p: json.loads((snapshot / p / "config.json").read_text()) for p in ("unet", "text_encoder", "vae")}


def test_a_huge_pipeline_is_refused_before_any_weight_is_read(offline, monkeypatch):
    index, configs = _configs(offline)
    configs["unet"].update(block_out_channels=[1280, 2560, 5120, 5120], layers_per_block=4, norm_num_groups=32,
                           cross_attention_dim=4096, attention_head_dim=64,
                           down_block_types=["CrossAttnDownBlock2D"] * 3 + ["DownBlock2D"],
                           up_block_types=["UpBlock2D"] + ["CrossAttnUpBlock2D"] * 3)
    configs["text_encoder"].update(hidden_size=4096, intermediate_size=16384, num_hidden_layers=32,
                                   num_attention_heads=32)
    _fake_repo(offline, "org/huge-sd", index, configs)  # configs only: reading a weight would fail differently
    began = time.perf_counter()
    with pytest.raises(UserError) as refused:
        hd.load("hf:org/huge-sd")
    assert refused.value.key == "hub_diffusion.too_big" and time.perf_counter() - began < 20
    assert " B parameters" in str(refused.value) and float(refused.value.params["size"].split()[0]) >= 7
    monkeypatch.setenv("PLAYGROUND_MAX_HUB_PIPELINE_PARAMS", "100000")  # the cap is read per request
    with pytest.raises(UserError, match=r"has 143 K parameters, more than this server opens \(100 K\)"):
        hd.load(f"hf:{REPO}")


@pytest.mark.parametrize("name, key", [
    ("hf:org/nothing-here", "hub_diffusion.not_cached"),
    ("hf:not a repo", "hub_diffusion.bad_repo"),
    ("hf:org/no-unet", "hub_diffusion.not_sd"),
    ("hf:org/only-configs", "hub_diffusion.not_sd"),
])
def test_plain_messages_within_seconds(offline, name, key):
    index, configs = _configs(offline)
    _fake_repo(offline, "org/no-unet", {k: v for k, v in index.items() if k != "unet"}, configs)
    _fake_repo(offline, "org/only-configs", {**index, "unet": ["diffusers", "UNet2DModel"]}, configs)
    began = time.perf_counter()
    with pytest.raises(UserError) as refused:
        hd.load(name)
    assert refused.value.key == key and time.perf_counter() - began < 5
    assert "Traceback" not in str(refused.value) and name.split(":")[1] in str(refused.value)


def test_an_unreachable_hub_gets_a_plain_message_within_5_seconds(tmp_path):
    script = ("import time; from playground.hub import diffusion as hd; from playground.errors import UserError\n"
              "t = time.perf_counter()\n"
              "try:\n    hd.load('hf:org/name')\n"
              "except UserError as e:\n    print(e.key, round(time.perf_counter() - t, 2)); print(e)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE")}
    env.update(HF_HOME=str(tmp_path), HF_ENDPOINT="http://127.0.0.1:9", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    lines = done.stdout.splitlines()
    assert lines and lines[0].split()[0] == "hub_diffusion.unreachable", done.stdout + done.stderr
    assert float(lines[0].split()[1]) < 5
    assert "can't be reached" in lines[1] and "shipped models still work" in lines[1]


def test_bad_settings_are_refused_plainly(offline):
    pipe = hd.load(f"hf:{REPO}")
    for settings, key in [(loop.ImageSettings(steps=0, height=SIDE, width=SIDE), "hub_diffusion.bad_steps"),
                          (loop.ImageSettings(scheduler="PNDM", height=SIDE, width=SIDE), "hub_diffusion.bad_scheduler"),
                          (loop.ImageSettings(guidance=float("nan"), height=SIDE, width=SIDE), "hub_diffusion.bad_guidance"),
                          (loop.ImageSettings(height=30, width=SIDE), "hub_diffusion.bad_side")]:
        with pytest.raises(UserError) as refused:
            list(loop.run(pipe, settings))
        assert refused.value.key == key
    with pytest.raises(UserError, match="whole numbers"):
        loop.image_settings("a cat", "many", "default", 7.5, 0, SIDE, SIDE)


@pytest.mark.parametrize("scheduler", ["default", "Euler"])
def test_cross_attention_maps_from_the_real_unet_sum_to_1_per_pixel(offline, scheduler):
    from playground.hub import diffusion_attention

    pipe = hd.load(f"hf:{REPO}")
    settings = loop.ImageSettings("the fox at a cat", 4, scheduler, 7.5, 2, SIDE, SIDE)
    events = list(loop.run(pipe, settings))
    before = [e.latents for e in events if isinstance(e, (loop.Noise, loop.LatentStep))]  # input of step k: before[k-1]
    for step in (1, 3):
        tokens, maps = diffusion_attention.maps(pipe, settings, before[step - 1], step)
        assert tokens == ["<|startoftext|>", "the</w>", "fox</w>", "at</w>", "a</w>", "cat</w>", "<|endoftext|>"]
        assert maps.shape == (len(tokens), SIDE // 2, SIDE // 2) and (maps >= 0).all()
        _, every = diffusion_attention.maps(pipe, settings, before[step - 1], step, all_slots=True)
        assert every.shape[0] == 77
        assert torch.allclose(every.sum(0), torch.ones(SIDE // 2, SIDE // 2), atol=1e-5)
    assert torch.equal(before[0], events[1].latents)  # the shared UNet is left as it was: the run repeats
    again = list(loop.run(pipe, settings))
    assert np.array_equal(again[-1].image, events[-1].image)
