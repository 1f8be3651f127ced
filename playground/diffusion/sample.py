"""Our own denoising loop over any diffusers scheduler, one event per step.

Not a pipeline call: ``set_timesteps``, ``scale_model_input``, one batched
unconditional + conditional UNet forward (classifier-free guidance), ``step`` with a
seeded generator. Every step yields the sample x_t and the predicted clean image x₀
— the scheduler's ``pred_original_sample`` where it returns one, else x₀ computed
from the predicted noise (``x0_from_eps``). A run can start from pure noise or, for
"denoise from here", from a real image noised to a chosen timestep.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import torch

from playground.diffusion import model as dm
from playground.diffusion import prompts
from playground.devices import evaluating
from playground.errors import UserError
from playground.i18n import t as say

SCHEDULERS = ("DDPM", "DDIM", "Euler", "Euler ancestral", "DPM-Solver++")
MAX_IMAGES = 16
MAX_STEPS = 1000  # the model was trained on 1,000 noise levels: more sampling steps than that mean nothing
MAX_GUIDANCE = 20.0
# the page's sliders: what a run on a learner's CPU can show in seconds (the API takes up to MAX_STEPS, MAX_GUIDANCE)
PAGE_MAX_STEPS = 200
PAGE_MAX_GUIDANCE = 12.0
OWN_SCHEDULER = "DDIM"  # what "default" (a pipeline's own scheduler) means for the shipped model


class SampleError(UserError, ValueError):
    """Sampling settings that cannot run; the message says which and why."""


def make_sampler(name: str, base):
    """The named scheduler, built ``from_config`` from the model's training scheduler."""
    from diffusers import (DDIMScheduler, DDPMScheduler, DPMSolverMultistepScheduler, EulerAncestralDiscreteScheduler,
                           EulerDiscreteScheduler)

    if name == "DDPM":
        return DDPMScheduler.from_config(base.config)
    if name == "DDIM":
        return DDIMScheduler.from_config(base.config)
    if name == "Euler":
        return EulerDiscreteScheduler.from_config(base.config)
    if name == "Euler ancestral":
        return EulerAncestralDiscreteScheduler.from_config(base.config)
    if name == "DPM-Solver++":
        return DPMSolverMultistepScheduler.from_config(base.config, algorithm_type="dpmsolver++")
    raise SampleError("diffusion.unknown_scheduler", name=name, names=", ".join(SCHEDULERS))


def uses_sigmas(sched) -> bool:
    """Euler-type schedulers keep x = x₀ + σ·ε (k-diffusion's convention) instead of √ᾱ·x₀ + √(1−ᾱ)·ε."""
    return hasattr(sched, "sigmas") and float(sched.init_noise_sigma) > 1.0


def x0_from_eps(sched, sample: torch.Tensor, eps: torch.Tensor, t, sigma: float | None = None) -> torch.Tensor:
    """The clean image the predicted noise implies: (x_t − √(1−ᾱ_t)·ε) / √ᾱ_t, or x − σ·ε for Euler-type samplers."""
    if sigma is not None:
        return sample - sigma * eps
    a = sched.alphas_cumprod[int(t)].to(sample.dtype)
    return (sample - (1 - a).sqrt() * eps) / a.sqrt()


@dataclass(frozen=True)
class SamplingSettings:
    prompt: str = "a handwritten seven"
    n_images: int = 8
    steps: int = 25
    scheduler: str = "DDIM"
    guidance: float = 3.0
    seed: int = 0

    def check(self) -> None:
        if not 1 <= int(self.n_images) <= MAX_IMAGES:
            raise SampleError("diffusion.bad_images", most=MAX_IMAGES, value=self.n_images)
        if not 1 <= int(self.steps) <= MAX_STEPS:
            raise SampleError("diffusion.bad_steps", most=MAX_STEPS, value=self.steps)
        if self.scheduler not in SCHEDULERS:
            raise SampleError("diffusion.unknown_scheduler", name=self.scheduler, names=", ".join(SCHEDULERS))
        if not 0 <= int(self.seed) < 2**63:
            raise SampleError("diffusion.bad_seed", value=self.seed)
        g = float(self.guidance)
        if not (0.0 <= g <= MAX_GUIDANCE):  # also refuses NaN
            raise SampleError("diffusion.bad_guidance", most=MAX_GUIDANCE, value=self.guidance)


def settings_from(prompt, n, steps, scheduler, guidance, seed) -> SamplingSettings:
    """A page's or a client's values as settings ("default" is the model's own scheduler); a value that is not a
    number is refused plainly. Not checked yet: ``check()`` says what is out of range."""
    try:
        name = OWN_SCHEDULER if str(scheduler) == "default" else str(scheduler)
        return SamplingSettings(str(prompt or ""), int(n), int(steps), name, float(guidance), int(seed or 0))
    except (TypeError, ValueError, OverflowError):
        raise SampleError("diffusion.not_numbers") from None


@dataclass(frozen=True)
class Started:
    """Before the first step: what the encoder read, and the noise the run starts from."""

    encoded: prompts.Encoded
    states: torch.Tensor  # (T, width): the encoder's output per token of the prompt
    timesteps: list[int]
    x: torch.Tensor  # (N, 1, 32, 32), display convention
    note: str  # one plain sentence: what the model reads, what it ignored


@dataclass(frozen=True)
class DenoiseStep:
    index: int  # 1-based
    total: int
    timestep: int
    x: torch.Tensor  # (N, 1, 32, 32): the sample after this step, as √ᾱ·x₀ + √(1−ᾱ)·ε
    x0: torch.Tensor  # (N, 1, 32, 32): the predicted clean image at this step
    seconds: float  # this step's time


@dataclass(frozen=True)
class Finished:
    images: torch.Tensor  # (N, 1, 32, 32) in [-1, 1]
    steps: int
    seconds: float
    stopped: bool = False


@dataclass
class Trace:
    """Everything a finished run leaves for scrubbing and attention maps: model inputs per step."""

    settings: SamplingSettings
    timesteps: list[int] = field(default_factory=list)
    inputs: list[torch.Tensor] = field(default_factory=list)  # (N, 1, 32, 32) fp16: what the UNet read at each step


def describe(encoded: prompts.Encoded) -> str:
    """What the model reads of a prompt, in one plain phrase (in the language being spoken: playground.i18n)."""
    if not encoded.digits and len(encoded.tokens) == 1:
        note = say("diffusion.note_unconditional")
    elif not encoded.digits:
        note = say("diffusion.note_no_digit")
    else:
        note = say("diffusion.note_asks", digits=", ".join(str(d) for d in encoded.digits))
        if len(encoded.digits) > 1:
            note += say("diffusion.note_one_digit")
    if encoded.unknown:
        note += say("diffusion.note_unknown", words=", ".join(encoded.unknown[:12]))
    if encoded.dropped:
        note += say("diffusion.note_dropped", count=prompts.MAX_TOKENS - 1)
    return note


def _display(sched, x: torch.Tensor) -> torch.Tensor:
    """A sample in the √ᾱ·x₀ + √(1−ᾱ)·ε convention, whatever the scheduler keeps."""
    if uses_sigmas(sched):
        index = sched.step_index if sched.step_index is not None else (getattr(sched, "begin_index", None) or 0)
        index = min(index, len(sched.sigmas) - 1)
        sigma = float(sched.sigmas[index])
        return x / (sigma ** 2 + 1) ** 0.5
    return x


@dataclass
class _Run:
    """A prepared run: the sampler, its timesteps, the prompt's encoder states and the current sample."""

    sched: object
    timesteps: torch.Tensor
    states: torch.Tensor  # (2N, T, width): the prompt's N rows, then the empty prompt's N
    mask: torch.Tensor
    x: torch.Tensor
    generator: torch.Generator
    n: int
    guidance: float


def _prepare(model: dm.ToyDiffusion, base_scheduler, settings: SamplingSettings, encoded: prompts.Encoded,
             start: tuple[torch.Tensor, int] | None) -> _Run:
    with evaluating(model):
        return _prepared(model, base_scheduler, settings, encoded, start)


def _prepared(model: dm.ToyDiffusion, base_scheduler, settings: SamplingSettings, encoded: prompts.Encoded,
              start: tuple[torch.Tensor, int] | None) -> _Run:
    n = int(settings.n_images)
    sched = make_sampler(settings.scheduler, base_scheduler)
    sched.set_timesteps(int(settings.steps))
    timesteps = sched.timesteps
    generator = torch.Generator().manual_seed(int(settings.seed))
    device = next(model.parameters()).device
    ids, mask = prompts.batch_ids([encoded] * n + [prompts.encode("")] * n)
    ids, mask = ids.to(device), mask.to(device)
    states = model.encode(ids, mask)
    noise = torch.randn((n, 1, dm.IMAGE_SIZE, dm.IMAGE_SIZE), generator=generator)
    if start is None:
        x = noise * sched.init_noise_sigma
    else:  # "denoise from here": the sampler's first timestep at or below t, the image noised to it
        clean, t_start = start
        below = (timesteps <= int(t_start)).nonzero()
        first = int(below[0]) if len(below) else len(timesteps) - 1
        if hasattr(sched, "set_begin_index"):
            sched.set_begin_index(first * sched.order)
        timesteps = timesteps[first * sched.order:]
        x = sched.add_noise(clean.expand(n, -1, -1, -1), noise, timesteps[:1])
    return _Run(sched, timesteps, states, mask, x.to(device), generator, n, float(settings.guidance))


def _step(model: dm.ToyDiffusion, run: _Run, t: torch.Tensor, trace: Trace | None) -> torch.Tensor:
    """One denoising step (one batched UNet pass with guidance); updates ``run.x``, returns the predicted x₀.

    Gradients are off for the step only, never across the caller's yields (a server resumes a
    generator on pooled threads)."""
    with evaluating(model):
        return _denoised(model, run, t, trace)


def _denoised(model: dm.ToyDiffusion, run: _Run, t: torch.Tensor, trace: Trace | None) -> torch.Tensor:
    sched, x, n, g = run.sched, run.x, run.n, run.guidance
    conditional, unconditional = g > 0, g != 1  # guidance 1 needs no unconditional pass, 0 no conditional one
    xin = sched.scale_model_input(x, t)
    if trace is not None:
        trace.timesteps.append(int(t))
        trace.inputs.append(xin.detach().to(torch.float16).cpu())
    rows = slice(0 if conditional else n, 2 * n if unconditional else n)
    copies = (rows.stop - rows.start) // n
    batch = torch.cat([xin] * copies) if copies > 1 else xin
    eps = model.unet(batch, t.to(x.device), encoder_hidden_states=run.states[rows],
                     encoder_attention_mask=run.mask[rows]).sample
    if conditional and unconditional:
        eps_c, eps_u = eps.chunk(2)
        eps = eps_u + g * (eps_c - eps_u)
    sigma = float(sched.sigmas[sched.step_index]) if uses_sigmas(sched) and sched.step_index is not None else None
    out = sched.step(eps, t, x, generator=run.generator)
    x0 = getattr(out, "pred_original_sample", None)
    if x0 is None:
        x0 = x0_from_eps(sched, x, eps, t, sigma)
    run.x = out.prev_sample
    return x0.clamp(-1, 1)


def denoise(model: dm.ToyDiffusion, base_scheduler, settings: SamplingSettings,
            start: tuple[torch.Tensor, int] | None = None, should_stop: Callable[[], bool] = lambda: False,
            trace: Trace | None = None) -> Iterator:
    """Yield Started, a DenoiseStep per step, then Finished. ``start``: (clean images, timestep) for "denoise from here".

    Gradients are off inside each step only, never across a ``yield``: the thread that resumes this
    generator (a web server's worker) must be left as it was found.
    """
    settings.check()
    encoded = prompts.encode(settings.prompt)
    run = _prepare(model, base_scheduler, settings, encoded, start)
    yield Started(encoded, run.states[0, :len(encoded.ids)].cpu(), [int(t) for t in run.timesteps],
                  _display(run.sched, run.x).cpu(), describe(encoded))
    began = time.perf_counter()
    total = len(run.timesteps)
    for i, t in enumerate(run.timesteps):
        t0 = time.perf_counter()
        x0 = _step(model, run, t, trace)
        yield DenoiseStep(i + 1, total, int(t), _display(run.sched, run.x).cpu(), x0.cpu(), time.perf_counter() - t0)
        if should_stop() and i + 1 < total:
            yield Finished(x0.cpu(), i + 1, time.perf_counter() - began, stopped=True)
            return
    yield Finished(run.x.clamp(-1, 1).cpu(), total, time.perf_counter() - began)


def generate(model: dm.ToyDiffusion, base_scheduler, settings: SamplingSettings) -> torch.Tensor:
    """The final images of a run, (N, 1, 32, 32) in [-1, 1]."""
    for event in denoise(model, base_scheduler, settings):
        if isinstance(event, Finished):
            return event.images
    raise AssertionError("denoise always ends with Finished")


def forward_process(base_scheduler, clean: torch.Tensor, t: int, seed: int = 0) -> torch.Tensor:
    """√ᾱ_t·x₀ + √(1−ᾱ_t)·ε for images in model range: what the model learns to undo."""
    steps = base_scheduler.config.num_train_timesteps
    if not 0 <= int(t) < steps:
        raise SampleError("diffusion.bad_t", most=steps - 1, value=t)
    noise = torch.randn(clean.shape, generator=torch.Generator().manual_seed(int(seed)))
    return base_scheduler.add_noise(clean, noise, torch.tensor([int(t)]))


@dataclass(frozen=True)
class Noised:
    """Images taken forward to timestep t, and how much of them and of the noise is in the mix."""

    x: torch.Tensor  # (N, 1, 32, 32): √ᾱ_t·x₀ + √(1−ᾱ_t)·ε
    t: int
    signal: float  # √ᾱ_t
    noise: float  # √(1−ᾱ_t)


def noised(base_scheduler, clean: torch.Tensor, t: int, seed: int = 0) -> Noised:
    """``forward_process`` with its two weights (a timestep out of range is refused plainly)."""
    x = forward_process(base_scheduler, clean, t, seed)
    a = float(base_scheduler.alphas_cumprod[int(t)])
    return Noised(x, int(t), a ** 0.5, (1 - a) ** 0.5)


def schedule_curves(base_scheduler) -> dict[str, torch.Tensor]:
    """β_t, ᾱ_t and the signal-to-noise ratio ᾱ/(1−ᾱ) for every training timestep."""
    a = base_scheduler.alphas_cumprod
    return {"beta": base_scheduler.betas, "alpha_bar": a, "snr": a / (1 - a)}


@functools.lru_cache(maxsize=2)
def shipped_curves(device: str = "cpu") -> dict[str, torch.Tensor]:
    """The shipped model's schedule curves, computed once (its scheduler never changes; shared read-only)."""
    return schedule_curves(dm.shipped(device)[1])


GUIDANCES = (0.0, 1.0, 3.0, 7.0)  # the guidance comparison: none, plain conditional, the default, strong


@dataclass(frozen=True)
class Scale:
    """The guidance comparison moves on to its next scale; that scale's run (Started, DenoiseSteps, Finished)
    follows."""

    index: int  # 1-based
    total: int
    guidance: float


@dataclass(frozen=True)
class Compared:
    """The comparison's end: the scales run to the end, each with its images (N, 1, 32, 32) in [-1, 1]."""

    results: list[tuple[float, torch.Tensor]]
    seconds: float
    stopped: bool = False  # Stop ended it (the scale being run then is not in ``results``)


def compare_guidance(model: dm.ToyDiffusion, base_scheduler, settings: SamplingSettings, guidances=GUIDANCES,
                     most_images: int = 4, should_stop: Callable[[], bool] = lambda: False) -> Iterator:
    """The same seed and prompt at each guidance scale (at most ``most_images`` images each), as one job: for each
    scale, Scale and then that run's events (``denoise``); at the end Compared. Stop ends the scale being run at
    its step, and the comparison with it."""
    began, results = time.perf_counter(), []
    for i, g in enumerate(guidances):
        if i and should_stop():
            break
        s = replace(settings, guidance=float(g), n_images=min(int(settings.n_images), most_images))
        yield Scale(i + 1, len(guidances), float(g))
        for event in denoise(model, base_scheduler, s, should_stop=should_stop):
            yield event
        if event.stopped:
            break
        results.append((float(g), event.images))
    yield Compared(results, time.perf_counter() - began, stopped=len(results) < len(guidances))
