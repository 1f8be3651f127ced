"""Stable-Diffusion-family pipelines from the Hugging Face Hub (``hf:<repo id>``): checked, sized, loaded, shared.

Any repo whose ``model_index.json`` names a text encoder, a tokenizer, a ``UNet2DConditionModel``, a VAE and a
scheduler opens. Before any weight is read, the UNet, text encoder and VAE are built from their configs on the
``meta`` device and counted; a pipeline over ``HubLimits.max_pipeline_params`` is refused, naming its size. The parts are
then loaded once per process and shared read-only by every session (least recently used goes first), under a
lock. Nothing is downloaded at import. The Hub's cache and offline mode are read from the environment at every
call (``HF_HOME`` / ``HF_HUB_CACHE``, ``HF_HUB_OFFLINE``), so they can change without a restart.

Every failure a person can do something about is a ``UserError`` keyed in ``playground.i18n.hub_diffusion``.
The loop that runs a pipeline step by step is ``playground.hub.diffusion_loop``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import torch

from playground.config import HubLimits
from playground.devices import pick_device
from playground.errors import UserError
from playground.hub import access, errors

NEEDED = ("text_encoder", "tokenizer", "unet", "vae", "scheduler")  # the parts our loop runs
# presets: repo → its tiny autoencoder for cheap previews (TAESD decodes SD 1.x/2.x latents); steps, guidance
PRESETS: dict[str, dict[str, Any]] = {
    "stabilityai/sd-turbo": {"preview": "madebyollin/taesd", "steps": 2, "guidance": 0.0, "side": 512},
    "segmind/tiny-sd": {"preview": "madebyollin/taesd", "steps": 20, "guidance": 7.5, "side": 512},
}
T = TypeVar("T")


@dataclass
class HubPipeline:
    """A loaded pipeline's parts (shared by every session: never train or mutate them)."""

    repo: str
    tokenizer: Any  # a CLIPTokenizer (or alike)
    text_encoder: Any  # a CLIPTextModel (or alike), eval mode, no grad
    unet: Any  # a UNet2DConditionModel
    vae: Any  # an AutoencoderKL
    scheduler_config: dict  # the pipeline's own scheduler: its class and config (a fresh one per run)
    scheduler_class: type
    preview: Any = None  # an AutoencoderTiny, where a preset names one
    params: int = 0  # UNet + text encoder + VAE, counted on the meta device
    step_seconds: dict = field(default_factory=dict)  # (height, width, batch) → one UNet step, measured

    @property
    def vae_scale_factor(self) -> int:
        return 2 ** (len(self.vae.config.block_out_channels) - 1)

    def scheduler(self):
        """A fresh copy of the pipeline's own scheduler (``set_timesteps`` mutates one)."""
        return self.scheduler_class.from_config(self.scheduler_config)


is_hub, size_words, hub_options = access.is_hub, access.size_words, access.hub_options


def repo_of(name: str) -> str:
    """``hf:org/name`` → ``org/name``; a malformed id is refused before the Hub is asked."""
    return access.repo_of(name, "hub_diffusion.bad_repo")


def _plain(exc: Exception, repo: str) -> UserError | None:
    """The message for a failure on the way to the Hub (None: not one of those, a bug to log)."""
    from huggingface_hub.errors import (EntryNotFoundError, GatedRepoError, LocalEntryNotFoundError,
                                        OfflineModeIsEnabled, RepositoryNotFoundError, RevisionNotFoundError)

    chain = errors.chain(exc)
    if any(isinstance(e, GatedRepoError) for e in chain):
        return UserError("hub_diffusion.gated", repo=repo)
    if any(isinstance(e, (RepositoryNotFoundError, RevisionNotFoundError)) for e in chain):
        return UserError("hub_diffusion.missing", repo=repo)
    if any(isinstance(e, EntryNotFoundError) and not isinstance(e, LocalEntryNotFoundError) for e in chain):
        return UserError("hub_diffusion.not_sd", repo=repo, missing="model_index.json")
    if access.offline() and any(isinstance(e, (LocalEntryNotFoundError, OfflineModeIsEnabled)) for e in chain):
        return UserError("hub_diffusion.not_cached", repo=repo)
    if any(isinstance(e, (OfflineModeIsEnabled, LocalEntryNotFoundError, ConnectionError, TimeoutError))
           or type(e).__module__.split(".")[0] in ("httpx", "httpcore", "requests", "urllib3") for e in chain):
        return UserError("hub_diffusion.unreachable", repo=repo)
    return None


def _asking(repo: str, call: Callable[[], T]) -> T:
    """``call()``, its Hub failures turned into plain messages."""
    return errors.asking(repo, call, _plain)


def _config(repo: str, filename: str) -> dict:
    from huggingface_hub import hf_hub_download

    path = _asking(repo, lambda: hf_hub_download(repo, filename, **hub_options()))
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_index(repo: str, index: dict) -> None:
    """Refuse a repo whose pipeline lacks a part our loop runs, or whose UNet is not a UNet2DConditionModel."""
    missing = [part for part in NEEDED if not (isinstance(index.get(part), list) and index[part][0])]
    if missing:
        raise UserError("hub_diffusion.not_sd", repo=repo, missing=", ".join(missing))
    if index["unet"][1] != "UNet2DConditionModel":
        raise UserError("hub_diffusion.not_sd", repo=repo, missing=f"UNet2DConditionModel ({index['unet'][1]})")


def count_params(unet_config: dict, text_config: dict, vae_config: dict) -> int:
    """Parameters of the UNet, text encoder and VAE the configs describe, built on the meta device (no memory)."""
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import AutoConfig, AutoModel

    text = {k: v for k, v in text_config.items() if k not in ("_name_or_path", "transformers_version")}
    kind = text.pop("model_type", "clip_text_model")
    with torch.device("meta"):
        parts = [UNet2DConditionModel.from_config(unet_config), AutoencoderKL.from_config(vae_config),
                 AutoModel.from_config(AutoConfig.for_model(kind, **text))]
    return sum(p.numel() for part in parts for p in part.parameters())


def check(repo: str, max_params: int | None = None) -> tuple[dict, int]:
    """The repo's model index and parameter count; refused when not an SD pipeline or over the cap.
    Only JSON configs are fetched."""
    index = _config(repo, "model_index.json")
    check_index(repo, index)
    configs = [_config(repo, f"{part}/config.json") for part in ("unet", "text_encoder", "vae")]
    params = count_params(*configs)
    cap = HubLimits().max_pipeline_params if max_params is None else max_params
    if params > cap:
        raise UserError("hub_diffusion.too_big", repo=repo, size=size_words(params), cap=size_words(cap))
    return index, params


def _load(repo: str) -> HubPipeline:
    index, params = check(repo)  # before diffusers is imported: a refusal comes in seconds, even in a fresh process
    access.fetch(repo, pipeline_files, _asking)  # the weights, with their progress for the page
    from diffusers import AutoencoderTiny, StableDiffusionPipeline

    options = hub_options()
    pipe = _asking(repo, lambda: StableDiffusionPipeline.from_pretrained(
        repo, safety_checker=None, feature_extractor=None, requires_safety_checker=False, **options))
    preview = None
    tiny = PRESETS.get(repo, {}).get("preview")
    if tiny:
        access.fetch(tiny, lambda files: [f for f in files if "/" not in f and f.endswith((".json", ".safetensors"))],
                     _asking, shown_as=repo)  # the page follows the pipeline it asked for
        preview = _asking(tiny, lambda: AutoencoderTiny.from_pretrained(tiny, **options))
    device = pick_device(HubLimits().device)  # fp32 everywhere: the same numbers as the pipeline's own call
    for part in (pipe.text_encoder, pipe.unet, pipe.vae, preview):
        if part is not None:
            part.to(device).eval().requires_grad_(False)
    sched = pipe.scheduler
    return HubPipeline(repo, pipe.tokenizer, pipe.text_encoder, pipe.unet, pipe.vae, dict(sched.config), type(sched),
                       preview, params)


def pipeline_files(files: list[str]) -> list[str]:
    """The files of a pipeline repo that our loop reads: model_index.json and, in the folders of NEEDED, the
    configs, the tokenizer's files and the full-precision weights (safetensors where the repo has them, else
    PyTorch's .bin; no fp16 or EMA variants, no ONNX or Flax)."""
    picked = ["model_index.json"] if "model_index.json" in files else []
    for part in NEEDED:
        inside = [f for f in files if f.startswith(f"{part}/") and f.count("/") == 1]
        plain = [f for f in inside if f.split("/")[1].count(".") == 1]  # "model.safetensors", not "model.fp16.…"
        weights = [f for f in plain if f.endswith(".safetensors")] or [f for f in plain if f.endswith(".bin")]
        picked += weights + [f for f in inside if f.endswith((".json", ".txt"))]
    return picked


_shared: access.Shared[HubPipeline] = access.Shared(lambda: HubLimits().max_loaded)  # repo → its pipeline


def load(name: str) -> HubPipeline:
    """The pipeline ``hf:<repo>``, loaded once per process; the least recently used goes when more than
    ``HubLimits.max_loaded`` are held."""
    repo = repo_of(name)
    return _shared.get(repo, lambda: _load(repo))


def forget() -> None:
    """Drop every loaded pipeline (tests)."""
    _shared.clear()


def step_seconds(pipe: HubPipeline, height: int, width: int, guided: bool) -> float:
    """One UNet step at this size, measured on this machine (once per size; the first, warm-up call is not kept)."""
    batch = 2 if guided else 1
    key = (int(height), int(width), batch)
    if key not in pipe.step_seconds:
        f = pipe.vae_scale_factor
        x = torch.zeros(batch, pipe.unet.config.in_channels, int(height) // f, int(width) // f,
                        dtype=pipe.unet.dtype, device=pipe.unet.device)
        states = torch.zeros(batch, pipe.tokenizer.model_max_length, pipe.unet.config.cross_attention_dim,
                             dtype=pipe.unet.dtype, device=pipe.unet.device)
        times = []
        with torch.no_grad():
            for _ in range(2):
                began = time.perf_counter()
                pipe.unet(x, torch.tensor(500), encoder_hidden_states=states)
                times.append(time.perf_counter() - began)
        pipe.step_seconds[key] = times[-1]
    return pipe.step_seconds[key]
