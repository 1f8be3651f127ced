"""The denoising loop: equal to diffusers' own pipeline, every scheduler, x₀, guidance, seeds, forward process."""

import math

import pytest
import torch
from torch import nn

from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.diffusion.sample import SamplingSettings


class _Unconditional(nn.Module):
    """A plain UNet2DModel behind the conditional UNet's call signature, to compare with DDIMPipeline."""

    def __init__(self, unet):
        super().__init__()
        self.inner = unet

    def forward(self, x, t, encoder_hidden_states=None, encoder_attention_mask=None):
        return self.inner(x, t)


def test_loop_equals_diffusers_ddim_pipeline():
    from diffusers import DDIMPipeline, DDIMScheduler, UNet2DModel

    torch.manual_seed(0)
    unet = UNet2DModel(sample_size=32, in_channels=1, out_channels=1, layers_per_block=1,
                       block_out_channels=(8, 16), norm_num_groups=4,
                       down_block_types=("DownBlock2D", "AttnDownBlock2D"), up_block_types=("AttnUpBlock2D", "UpBlock2D"))
    model = dm.ToyDiffusion(_Unconditional(unet)).eval()
    base = dm.make_scheduler()
    settings = SamplingSettings(prompt="a seven", n_images=3, steps=8, scheduler="DDIM", guidance=1.0, seed=11)
    ours = sample.generate(model, base, settings)
    pipe = DDIMPipeline(unet=unet, scheduler=DDIMScheduler.from_config(base.config))
    theirs = pipe(batch_size=3, generator=torch.Generator().manual_seed(11), num_inference_steps=8, eta=0.0,
                  output_type="np").images  # (N, H, W, 1) in [0, 1]
    theirs = torch.from_numpy(theirs).permute(0, 3, 1, 2) * 2 - 1
    assert ours.shape == theirs.shape == (3, 1, 32, 32)
    torch.testing.assert_close(ours, theirs.float(), atol=1e-5, rtol=0)


@pytest.mark.parametrize("name", sample.SCHEDULERS)
def test_every_scheduler_runs_and_yields_each_step(tiny, name):
    model, base = tiny
    events = list(sample.denoise(model, base, SamplingSettings(n_images=2, steps=6, scheduler=name, guidance=3.0)))
    assert isinstance(events[0], sample.Started) and isinstance(events[-1], sample.Finished)
    steps = [e for e in events if isinstance(e, sample.DenoiseStep)]
    assert [s.index for s in steps] == list(range(1, len(steps) + 1)) and len(steps) == events[-1].steps >= 6
    timesteps = [s.timestep for s in steps]
    assert timesteps == sorted(timesteps, reverse=True) and timesteps == events[0].timesteps
    for s in steps:
        assert s.x.shape == s.x0.shape == (2, 1, 32, 32)
        assert torch.isfinite(s.x).all() and s.x0.abs().max() <= 1
    assert not torch.equal(steps[0].x, steps[-1].x)


@pytest.mark.parametrize("name", ["DDPM", "DDIM", "Euler"])
def test_x0_formula_equals_pred_original_sample(tiny, name):
    model, base = tiny
    sched = sample.make_sampler(name, base)
    sched.set_timesteps(10)
    x = torch.randn(2, 1, 32, 32, generator=torch.Generator().manual_seed(0)) * sched.init_noise_sigma
    eps = torch.randn(2, 1, 32, 32, generator=torch.Generator().manual_seed(1))
    for t in sched.timesteps[:4]:
        sigma = float(sched.sigmas[sched.step_index or 0]) if sample.uses_sigmas(sched) else None
        out = sched.step(eps, t, x, generator=torch.Generator().manual_seed(2))
        mine = sample.x0_from_eps(sched, x, eps, t, sigma)
        if getattr(sched.config, "clip_sample", False):  # DDPM and DDIM clip x₀ to [-1, 1] when asked to
            mine = mine.clamp(-1, 1)
        torch.testing.assert_close(mine, out.pred_original_sample, atol=1e-5, rtol=1e-5)
        x = out.prev_sample


def test_forward_process_matches_add_noise(tiny):
    _, base = tiny
    clean = torch.rand(2, 1, 32, 32) * 2 - 1
    for t in (0, 250, 999):
        noisy = sample.forward_process(base, clean, t, seed=5)
        eps = torch.randn(clean.shape, generator=torch.Generator().manual_seed(5))
        a = base.alphas_cumprod[t]
        torch.testing.assert_close(noisy, a.sqrt() * clean + (1 - a).sqrt() * eps)
        torch.testing.assert_close(noisy, base.add_noise(clean, eps, torch.tensor([t])))
    with pytest.raises(sample.SampleError, match="t must be"):
        sample.forward_process(base, clean, 1000)


def test_seeded_run_repeats_and_seed_matters(tiny):
    model, base = tiny
    s = SamplingSettings(prompt="un siete", n_images=2, steps=5, scheduler="Euler ancestral", guidance=3.0, seed=4)
    a, b = sample.generate(model, base, s), sample.generate(model, base, s)
    assert torch.equal(a, b)
    c = sample.generate(model, base, SamplingSettings(**{**s.__dict__, "seed": 5}))
    assert not torch.equal(a, c)


def test_guidance_zero_is_the_unconditional_model(tiny):
    model, base = tiny
    s = SamplingSettings(prompt="a seven", n_images=2, steps=4, scheduler="DDIM", guidance=0.0, seed=1)
    empty_plain = SamplingSettings(prompt="", n_images=2, steps=4, scheduler="DDIM", guidance=1.0, seed=1)
    torch.testing.assert_close(sample.generate(model, base, s), sample.generate(model, base, empty_plain))
    guided = sample.generate(model, base, SamplingSettings(**{**s.__dict__, "guidance": 3.0}))
    assert not torch.allclose(guided, sample.generate(model, base, s))


def _seed_noise(n: int, seed: int) -> torch.Tensor:
    """The noise a run with this seed draws first: (n, 1, 32, 32) from its own generator."""
    return torch.randn((n, 1, 32, 32), generator=torch.Generator().manual_seed(seed))


def test_denoise_from_a_noised_image_starts_at_that_level(tiny):
    from diffusers import DDIMScheduler

    model, base = tiny
    clean = torch.zeros(1, 1, 32, 32) - 1
    events = list(sample.denoise(model, base, SamplingSettings(n_images=2, steps=20, scheduler="DDIM", seed=3),
                                 start=(clean, 300)))
    reference = DDIMScheduler.from_config(base.config)
    reference.set_timesteps(20)  # 950, 900, …, 0
    expected = [int(t) for t in reference.timesteps if t <= 300]
    assert expected == [300, 250, 200, 150, 100, 50, 0]
    assert events[0].timesteps == expected
    assert [e.timestep for e in events if isinstance(e, sample.DenoiseStep)] == expected
    a = base.alphas_cumprod[300]  # the start: x₀ noised to t = 300 by the forward process
    torch.testing.assert_close(events[0].x, a.sqrt() * clean + (1 - a).sqrt() * _seed_noise(2, 3))


def test_stop_ends_the_run_with_the_current_prediction(tiny):
    model, base = tiny
    calls = []
    events = list(sample.denoise(model, base, SamplingSettings(n_images=1, steps=10),
                                 should_stop=lambda: calls.append(1) or len(calls) >= 3))
    assert events[-1].stopped and events[-1].steps == 3


@pytest.mark.parametrize("field, value, message", [("steps", 10_000, "steps must be"), ("guidance", -5, "guidance must be"),
                                                   ("guidance", float("nan"), "guidance must be"),
                                                   ("n_images", 0, "number of images"), ("scheduler", "PLMS", "unknown scheduler")])
def test_bad_settings_get_plain_messages(tiny, field, value, message):
    model, base = tiny
    with pytest.raises(sample.SampleError, match=message):
        list(sample.denoise(model, base, SamplingSettings(**{field: value})))


def test_started_reports_what_the_encoder_read(tiny):
    model, base = tiny
    started = next(sample.denoise(model, base, SamplingSettings(prompt="a purple siete", n_images=1, steps=2)))
    assert started.encoded.unknown == ["purple"] and "purple" in started.note and "7" in started.note
    assert started.states.shape == (3, 64)  # <s>, a, siete
    empty = next(sample.denoise(model, base, SamplingSettings(prompt="", n_images=1, steps=2)))
    assert "unconditionally" in empty.note


def test_save_and_load_round_trip(tmp_path, tiny):
    model, base = tiny
    dm.save(model, base, tmp_path / "m", card={"steps": 1})
    loaded, sched = dm.load(tmp_path / "m")
    s = SamplingSettings(n_images=1, steps=3)
    torch.testing.assert_close(sample.generate(model, base, s), sample.generate(loaded, sched, s))
    assert (tmp_path / "m" / "unet" / "diffusion_pytorch_model.safetensors").exists()
    with pytest.raises(dm.DiffusionModelError, match="could not be read"):
        dm.load(tmp_path / "missing")
    (tmp_path / "m" / "text_encoder.safetensors").write_bytes(b"\x80\x04 not safetensors")
    with pytest.raises(dm.DiffusionModelError):
        dm.load(tmp_path / "m")


def test_cross_attention_maps_cover_the_prompt_tokens(tiny):
    from playground.diffusion import attention

    model, base = tiny
    trace = sample.Trace(SamplingSettings(prompt="a purple seven", n_images=2, steps=4, scheduler="Euler"))
    list(sample.denoise(model, base, trace.settings, trace=trace))
    assert len(trace.inputs) == len(trace.timesteps) == 4 and torch.isfinite(trace.inputs[0].float()).all()
    before = dict(model.unet.attn_processors)
    tokens, maps = attention.maps(model, trace, step=2, image=1)
    assert all(model.unet.attn_processors[k] is v for k, v in before.items())  # the shared model is untouched
    assert tokens == ["<s>", "a", "seven"] and maps.shape == (3, 32, 32)
    # every pixel's attention over the prompt's tokens sums to 1 (padding masked out), averaged over layers
    torch.testing.assert_close(maps.sum(0), torch.ones(32, 32), atol=1e-4, rtol=0)
    assert {k: type(v) for k, v in model.unet.attn_processors.items()} == {k: type(v) for k, v in before.items()}


def _stored_numel(path) -> int:
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        return sum(math.prod(f.get_slice(k).get_shape()) for k in f.keys())


def test_the_shipped_model_loads_offline_and_generates(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model, base = dm.load(dm.DEFAULT_DIR)
    # every parameter comes from the files that ship, and every stored number becomes a parameter
    assert sum(p.numel() for p in model.unet.parameters()) == _stored_numel(
        dm.DEFAULT_DIR / "unet" / "diffusion_pytorch_model.safetensors")
    assert sum(p.numel() for p in model.text_encoder.parameters()) == _stored_numel(
        dm.DEFAULT_DIR / "text_encoder.safetensors")
    images = sample.generate(model, base, SamplingSettings(prompt="a handwritten seven", n_images=2, steps=4))
    assert images.shape == (2, 1, 32, 32) and images.std() > 0.1


def test_a_run_never_leaves_gradients_off_in_the_thread_that_resumes_it(tiny):
    """A web server resumes generators on pooled threads: grad mode must be as found at every yield."""
    model, base = tiny
    for event in sample.denoise(model, base, SamplingSettings(n_images=1, steps=3)):
        assert torch.is_grad_enabled(), type(event).__name__


def test_denoise_from_here_with_euler_starts_from_a_visible_noisy_image(tiny):
    from diffusers import EulerDiscreteScheduler

    model, base = tiny
    clean = torch.zeros(1, 1, 32, 32) - 1
    started = next(sample.denoise(model, base, SamplingSettings(n_images=1, steps=20, scheduler="Euler", seed=5),
                                  start=(clean, 300)))
    reference = EulerDiscreteScheduler.from_config(base.config)
    reference.set_timesteps(20)
    first = int((reference.timesteps <= 300).nonzero()[0])  # 262.9: the first of Euler's 20 timesteps at or below 300
    assert started.timesteps == [int(t) for t in reference.timesteps[first:]]
    sigma = float(reference.sigmas[first])  # Euler keeps x₀ + σ·ε; the page shows it as √ᾱ·x₀ + √(1−ᾱ)·ε
    shown = (clean + sigma * _seed_noise(1, 5)) / (1 + sigma**2) ** 0.5
    torch.testing.assert_close(started.x, shown)  # not divided by the largest sigma, which would show a blank


def test_a_seed_past_64_bits_is_a_plain_message(tiny):
    model, base = tiny
    with pytest.raises(sample.SampleError, match="seed"):
        list(sample.denoise(model, base, SamplingSettings(seed=10**20)))


def test_the_guidance_comparison_is_the_same_seed_at_each_scale():
    model, base = dm.shipped("cpu")
    settings = sample.SamplingSettings("un siete", 6, 3, "DDIM", 3.0, 5)
    events = list(sample.compare_guidance(model, base, settings))
    scales = [e for e in events if isinstance(e, sample.Scale)]
    assert [(s.index, s.total, s.guidance) for s in scales] == [(i + 1, 4, g) for i, g in enumerate(sample.GUIDANCES)]
    assert sum(isinstance(e, sample.DenoiseStep) for e in events) == 4 * 3  # every step of every scale, as a run
    end = events[-1]
    assert isinstance(end, sample.Compared) and not end.stopped and end.seconds > 0
    results = end.results
    assert [g for g, _ in results] == list(sample.GUIDANCES)
    for g, images in results:  # at most four images each, exactly a plain run at that guidance
        again = sample.generate(model, base, sample.SamplingSettings("un siete", 4, 3, "DDIM", g, 5))
        assert torch.equal(images, again)
    assert not torch.equal(results[0][1], results[-1][1])


def test_stop_ends_the_guidance_comparison_at_its_step():
    model, base = dm.shipped("cpu")
    steps = []
    job = sample.compare_guidance(model, base, sample.SamplingSettings("7", 2, 3, "DDIM", 3.0, 0),
                                  should_stop=lambda: len(steps) >= 5)
    events = []
    for event in job:
        events.append(event)
        if isinstance(event, sample.DenoiseStep):
            steps.append(event)
    finished = [e for e in events if isinstance(e, sample.Finished)]
    assert [(f.steps, f.stopped) for f in finished] == [(3, False), (2, True)]  # the second scale stopped at step 2
    assert [e.guidance for e in events if isinstance(e, sample.Scale)] == [0.0, 1.0]  # no scale after the stop
    end = events[-1]
    assert end.stopped and [g for g, _ in end.results] == [0.0]