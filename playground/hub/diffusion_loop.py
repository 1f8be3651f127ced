"""Our own loop over a Hub pipeline's parts (``playground.hub.diffusion``), one event per step — not a pipeline call.

The same arithmetic as diffusers' ``StableDiffusionPipeline.__call__`` (one image, no negative prompt), so a run
with a given scheduler, seed, steps, guidance and size gives the pipeline's own image: the prompt padded to the
tokenizer's 77 tokens and encoded; classifier-free guidance against the empty prompt when the guidance is above 1;
the starting latents drawn from ``torch.Generator("cpu").manual_seed(seed)`` in the pipeline's shape, times the
scheduler's ``init_noise_sigma``; ``scale_model_input``, one batched UNet pass, ``step`` with that generator; the
VAE decode of ``latents / scaling_factor``, then ``(image / 2 + 0.5).clamp(0, 1)`` rounded to bytes.

Events: ``Encoded`` (the CLIP tokens and text embeddings), ``Noise`` (the starting latents), a ``LatentStep`` per
step (x_t and the predicted x₀, as pictures where a preview was decoded) and ``Decoded`` (the VAE's image).
Previews are cheap: the preset's tiny autoencoder at every step, else the VAE every ``preview_every`` steps.
Gradients are off inside each part only, never across a ``yield``.
"""

from __future__ import annotations

import inspect
import time
from dataclasses import dataclass, replace
from typing import Callable, Iterator

import numpy as np
import torch

from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.diffusion.sample import MAX_GUIDANCE, MAX_STEPS, SCHEDULERS, make_sampler
from playground.errors import UserError
from playground.hub.diffusion import HubPipeline, is_hub, load

MAX_SIDE = 1024  # largest height or width a run accepts
TOY = "toy"  # the shipped digit model's name in generate_image


@dataclass(frozen=True)
class ImageSettings:
    prompt: str = "a watercolor fox in the snow"
    steps: int = 20
    scheduler: str = "default"  # one of playground.diffusion.sample.SCHEDULERS, or the pipeline's own
    guidance: float = 7.5
    seed: int = 0
    height: int = 512
    width: int = 512

    def check(self, pipe: HubPipeline) -> None:
        if not 1 <= int(self.steps) <= MAX_STEPS:
            raise UserError("hub_diffusion.bad_steps", most=MAX_STEPS, value=self.steps)
        if self.scheduler != "default" and self.scheduler not in SCHEDULERS:
            raise UserError("hub_diffusion.bad_scheduler", name=self.scheduler, names=", ".join(SCHEDULERS))
        if not 0 <= int(self.seed) < 2**63:
            raise UserError("hub_diffusion.bad_seed", value=self.seed)
        if not 0.0 <= float(self.guidance) <= MAX_GUIDANCE:  # also refuses NaN
            raise UserError("hub_diffusion.bad_guidance", most=MAX_GUIDANCE, value=self.guidance)
        f = pipe.vae_scale_factor * 2 ** (len(pipe.unet.config.block_out_channels) - 1)  # the UNet halves it too
        for side in (self.height, self.width):
            if not (f <= int(side) <= MAX_SIDE and int(side) % f == 0):
                raise UserError("hub_diffusion.bad_side", step=f, most=MAX_SIDE, value=side)


@dataclass(frozen=True)
class Encoded:
    tokens: list[str]  # the prompt's CLIP tokens as the tokenizer splits them (start and end marks included)
    embeddings: torch.Tensor  # (tokens, width): the text encoder's output for those tokens
    timesteps: list[int]


@dataclass(frozen=True)
class Noise:
    latents: torch.Tensor  # (1, C, h, w): the starting latents, already times init_noise_sigma


@dataclass(frozen=True)
class LatentStep:
    index: int  # 1-based
    total: int
    timestep: int
    latents: torch.Tensor  # (1, C, h, w): x_t after this step
    x0: torch.Tensor  # (1, C, h, w): the predicted clean latents
    picture: np.ndarray | None  # (H', W', 3) uint8: x_t decoded, where a preview was made this step
    x0_picture: np.ndarray | None  # (H', W', 3) uint8: x₀ decoded
    seconds: float  # the UNet step's time
    preview_seconds: float  # the previews' time


@dataclass(frozen=True)
class Decoded:
    image: np.ndarray  # (H, W, 3) uint8: the VAE's decode of the last latents
    latent_shape: tuple[int, ...]  # (h, w, C)
    seconds: float
    steps: int = 0  # denoising steps done (fewer than planned when the run was stopped)
    stopped: bool = False


def to_bytes(image: torch.Tensor) -> np.ndarray:
    """(1, 3, H, W) in [-1, 1] → (H, W, 3) uint8, as diffusers' ``VaeImageProcessor.postprocess`` rounds it."""
    x = (image / 2 + 0.5).clamp(0, 1)[0].permute(1, 2, 0).float().cpu().numpy()
    return (x * 255).round().astype(np.uint8)


def _sampler(pipe: HubPipeline, name: str):
    return pipe.scheduler() if name == "default" else make_sampler(name, pipe.scheduler())


def encode(pipe: HubPipeline, prompt: str) -> tuple[torch.Tensor, torch.Tensor, list[str]]:
    """(ids (1, 77), embeddings (1, 77, width), the tokens before padding), as the pipeline's ``encode_prompt``."""
    tok = pipe.tokenizer
    ids = tok(prompt, padding="max_length", max_length=tok.model_max_length, truncation=True,
              return_tensors="pt")
    mask = ids.attention_mask if getattr(pipe.text_encoder.config, "use_attention_mask", False) else None
    with torch.no_grad():
        states = pipe.text_encoder(ids.input_ids.to(pipe.text_encoder.device), attention_mask=mask)[0]
    n = int(ids.attention_mask.sum())
    return ids.input_ids, states.to(pipe.unet.dtype), tok.convert_ids_to_tokens(ids.input_ids[0, :n].tolist())


def _x0(sched, x: torch.Tensor, eps: torch.Tensor, t, out) -> torch.Tensor:
    """The predicted clean latents: the scheduler's own where it returns them, else from ε (or v)."""
    x0 = getattr(out, "pred_original_sample", None)
    if x0 is not None:
        return x0
    if getattr(sched, "sigmas", None) is not None and float(sched.init_noise_sigma) > 1.0:
        return x - float(sched.sigmas[max((sched.step_index or 1) - 1, 0)]) * eps
    a = sched.alphas_cumprod[int(t)].to(x.dtype)
    if sched.config.prediction_type == "v_prediction":
        return a.sqrt() * x - (1 - a).sqrt() * eps
    return (x - (1 - a).sqrt() * eps) / a.sqrt()


def _display(sched, x: torch.Tensor) -> torch.Tensor:
    """x_t in the √ᾱ·x₀ + √(1−ᾱ)·ε convention, whatever the scheduler keeps (Euler-type keep x₀ + σ·ε)."""
    if getattr(sched, "sigmas", None) is not None and float(sched.init_noise_sigma) > 1.0:
        index = min(sched.step_index or 0, len(sched.sigmas) - 1)
        return x / (float(sched.sigmas[index]) ** 2 + 1) ** 0.5
    return x


def preview(pipe: HubPipeline, latents: torch.Tensor) -> np.ndarray:
    """Latents → a small picture: the tiny autoencoder where there is one, else the VAE."""
    with torch.no_grad():
        if pipe.preview is not None:
            image = pipe.preview.decode(latents.to(pipe.preview.dtype)).sample
        else:
            image = pipe.vae.decode(latents / pipe.vae.config.scaling_factor).sample
    return to_bytes(image)


def _step_kwargs(sched, generator: torch.Generator) -> dict:
    accepted = set(inspect.signature(sched.step).parameters)
    return {**({"eta": 0.0} if "eta" in accepted else {}), **({"generator": generator} if "generator" in accepted
                                                               else {})}


def _unet(pipe: HubPipeline, sched, x: torch.Tensor, t, states: torch.Tensor, guidance: float) -> torch.Tensor:
    guided = states.shape[0] == 2
    xin = sched.scale_model_input(torch.cat([x] * 2) if guided else x, t)
    with torch.no_grad():
        eps = pipe.unet(xin, t, encoder_hidden_states=states, return_dict=False)[0]
    if guided:
        uncond, text = eps.chunk(2)
        eps = uncond + guidance * (text - uncond)
    return eps


def run(pipe: HubPipeline, settings: ImageSettings, preview_every: int = 0,
        should_stop: Callable[[], bool] = lambda: False) -> Iterator:
    """Yield Encoded, Noise, a LatentStep per step, then Decoded. ``preview_every``: decode previews every this
    many steps and at the last (0: every step with a tiny autoencoder, else about 5 times a run; below 0: never)."""
    settings.check(pipe)
    sched = _sampler(pipe, settings.scheduler)
    g = float(settings.guidance)
    guided = g > 1 and pipe.unet.config.time_cond_proj_dim is None  # as the pipeline's do_classifier_free_guidance
    _, states, tokens = encode(pipe, settings.prompt)
    if guided:
        states = torch.cat([encode(pipe, "")[1], states])  # (2, 77, width): empty prompt first, as diffusers
    sched.set_timesteps(int(settings.steps), device=pipe.unet.device)
    yield Encoded(tokens, states[-1, :len(tokens)].float().cpu(), [int(t) for t in sched.timesteps])
    from diffusers.utils.torch_utils import randn_tensor

    generator = torch.Generator("cpu").manual_seed(int(settings.seed))
    f = pipe.vae_scale_factor
    shape = (1, pipe.unet.config.in_channels, int(settings.height) // f, int(settings.width) // f)
    x = randn_tensor(shape, generator=generator, device=pipe.unet.device, dtype=states.dtype)
    x = x * sched.init_noise_sigma
    yield Noise(x.cpu())
    every = preview_every or (1 if pipe.preview is not None else max(1, len(sched.timesteps) // 5))
    extra = _step_kwargs(sched, generator)
    for i, t in enumerate(sched.timesteps):
        began = time.perf_counter()
        eps = _unet(pipe, sched, x, t, states, g)
        out = sched.step(eps, t, x, **extra)
        x0, x = _x0(sched, x, eps, t, out), out.prev_sample
        seconds, began = time.perf_counter() - began, time.perf_counter()
        last = i + 1 == len(sched.timesteps) or should_stop()
        show = every > 0 and ((i + 1) % every == 0 or last)
        pics = (preview(pipe, _display(sched, x)), preview(pipe, x0)) if show else (None, None)
        yield LatentStep(i + 1, len(sched.timesteps), int(t), x.cpu(), x0.cpu(), *pics, seconds,
                         time.perf_counter() - began)
        if last:
            break
    done = decode(pipe, x, generator)
    yield replace(done, steps=i + 1, stopped=i + 1 < len(sched.timesteps))


def decode(pipe: HubPipeline, latents: torch.Tensor, generator: torch.Generator | None = None) -> Decoded:
    """The VAE decode, its own last step: latent (h, w, C) → image (H, W, 3)."""
    began = time.perf_counter()
    with torch.no_grad():
        image = pipe.vae.decode(latents / pipe.vae.config.scaling_factor, generator=generator).sample
    shape = tuple(latents.shape[2:]) + (latents.shape[1],)
    return Decoded(to_bytes(image), shape, time.perf_counter() - began)


def generate(pipe: HubPipeline, settings: ImageSettings) -> np.ndarray:
    """The final image of a run, (H, W, 3) uint8; previews only at the end."""
    for event in run(pipe, settings, preview_every=-1):
        if isinstance(event, Decoded):
            return event.image
    raise AssertionError("run always ends with Decoded")


def image_settings(prompt, steps, scheduler, guidance, seed, height, width) -> ImageSettings:
    """The public API's values as settings; a value that is not a number is refused plainly."""
    try:
        return ImageSettings(str(prompt or ""), int(steps), str(scheduler or "default"), float(guidance),
                             int(seed or 0), int(height), int(width))
    except (TypeError, ValueError, OverflowError):
        raise UserError("hub_diffusion.not_numbers") from None


def generate_image(name: str, settings: ImageSettings, device: str = "cpu") -> np.ndarray:
    """The public API's one image: (H, W, 3) uint8 from a Hub pipeline (``hf:<repo>``), or from the shipped digit
    model (``toy``) a (side, side) uint8 digit, its 32×32 scaled up crisply towards the smaller of height and width
    (side within 32–MAX_SIDE); "default" is each model's own scheduler."""
    name = str(name or "").strip()
    if is_hub(name):
        return generate(load(name), settings)
    if name != TOY:
        raise UserError("hub_diffusion.bad_model", name=name)
    s = settings
    model, base = dm.shipped(device)
    images = sample.generate(model, base, sample.settings_from(s.prompt, 1, s.steps, s.scheduler, s.guidance, s.seed))
    pixels = dm.to_pixels(images)[0].numpy()  # (32, 32)
    side = min(max(min(int(s.height), int(s.width)), dm.IMAGE_SIZE), MAX_SIDE)
    factor = max(1, side // pixels.shape[0])
    return pixels.repeat(factor, 0).repeat(factor, 1)
