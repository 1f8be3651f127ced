"""The toy text-to-image model: a tiny transformer text encoder and a diffusers ``UNet2DConditionModel``.

The encoder (token + learned position embeddings, ``nn.TransformerEncoder``, a final
LayerNorm) turns a prompt's token ids into one vector per token; the UNet reads
those through cross-attention at its two lower resolutions, exactly as Stable
Diffusion's UNet reads CLIP's. Images are MNIST digits padded to 32×32, one channel,
scaled to [-1, 1]. The noise schedule is a ``DDPMScheduler``'s; sampling may use any
scheduler built ``from_config`` from it.

Saved as a folder: ``unet/`` and ``scheduler/`` by diffusers' ``save_pretrained``,
``text_encoder.safetensors`` (its config in the safetensors metadata). Loaded with
``from_pretrained`` from the local folder only: no network.
"""

from __future__ import annotations

import functools
import threading

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn

from playground.diffusion import prompts
from playground.errors import UserError

IMAGE_SIZE = 32  # 28×28 digits padded by 2 pixels on each side
PAD = (IMAGE_SIZE - 28) // 2
SHIPPED_DIR = Path(__file__).resolve().parents[2] / "assets" / "diffusion"
# the model the app serves: the shipped one, or a folder (PLAYGROUND_DIFFUSION_MODEL) written by the training script
DEFAULT_DIR = Path(os.environ.get("PLAYGROUND_DIFFUSION_MODEL", "").strip() or SHIPPED_DIR)


class DiffusionModelError(UserError, OSError):
    """The model folder is missing or unreadable; the message names it."""


@dataclass(frozen=True)
class EncoderConfig:
    vocab_size: int = len(prompts.VOCAB)
    max_tokens: int = prompts.MAX_TOKENS
    width: int = 64
    layers: int = 2
    heads: int = 4


class TextEncoder(nn.Module):
    """Token ids (B, T) and a padding mask → one vector per token (B, T, width)."""

    def __init__(self, config: EncoderConfig = EncoderConfig()) -> None:
        super().__init__()
        self.config = config
        self.tokens = nn.Embedding(config.vocab_size, config.width, padding_idx=prompts.PAD)
        self.positions = nn.Embedding(config.max_tokens, config.width)
        layer = nn.TransformerEncoderLayer(config.width, config.heads, 4 * config.width, dropout=0.0,
                                           activation="gelu", batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, config.layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(config.width)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(ids.shape[1], device=ids.device)
        h = self.tokens(ids) + self.positions(pos)[None]
        h = self.encoder(h, src_key_padding_mask=mask == 0)
        return self.norm(h)


def unet_config() -> dict:
    """The UNet: 32×32×1, three resolutions, cross-attention at 16×16 and 8×8, 1.7 M parameters."""
    return dict(
        sample_size=IMAGE_SIZE, in_channels=1, out_channels=1, layers_per_block=1,
        block_out_channels=(32, 64, 64), norm_num_groups=8,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=EncoderConfig.width, attention_head_dim=4,
    )


def scheduler_config() -> dict:
    # clip_sample off: DDIM clips x₀ but keeps the guided noise unclipped, and with guidance 3 that mismatch
    # turns every digit into a random one (measured: 0 of 24 right with clipping, 24 of 24 without)
    return dict(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", prediction_type="epsilon",
                clip_sample=False)


class ToyDiffusion(nn.Module):
    """The text encoder and the UNet as one module: what the optimizer trains and the sampler calls."""

    def __init__(self, unet=None, encoder: TextEncoder | None = None) -> None:
        super().__init__()
        from diffusers import UNet2DConditionModel

        self.unet = unet if unet is not None else UNet2DConditionModel(**unet_config())
        self.text_encoder = encoder if encoder is not None else TextEncoder()

    def encode(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.text_encoder(ids, mask)

    def forward(self, x: torch.Tensor, t: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor,
                states: torch.Tensor | None = None) -> torch.Tensor:
        """Predicted noise for noisy images ``x`` at timesteps ``t`` under the prompts (ids, mask)."""
        states = self.encode(ids, mask) if states is None else states
        return self.unet(x, t, encoder_hidden_states=states, encoder_attention_mask=mask).sample


def make_scheduler():
    from diffusers import DDPMScheduler

    return DDPMScheduler(**scheduler_config())


def save(model: ToyDiffusion, scheduler, folder: Path | str, card: dict | None = None) -> Path:
    """Write the model folder: UNet and scheduler by ``save_pretrained``, the encoder as safetensors."""
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model.unet.save_pretrained(folder / "unet", safe_serialization=True)
    scheduler.save_pretrained(folder / "scheduler")
    state = {k: v.detach().contiguous() for k, v in model.text_encoder.state_dict().items()}
    meta = {"config": json.dumps(asdict(model.text_encoder.config)), "vocab": json.dumps(prompts.VOCAB)}
    if card:
        meta["training"] = json.dumps(card)
    save_file(state, str(folder / "text_encoder.safetensors"), metadata=meta)
    return folder


def load(folder: Path | str = DEFAULT_DIR, device: str | torch.device = "cpu"):
    """(model, scheduler) from a model folder, offline; DiffusionModelError with the folder named if unreadable."""
    from diffusers import DDPMScheduler, UNet2DConditionModel
    from safetensors import safe_open
    from safetensors.torch import load_file

    folder = Path(folder)
    path = folder / "text_encoder.safetensors"
    try:
        with safe_open(str(path), "pt") as f:
            meta = f.metadata() or {}
        if json.loads(meta.get("vocab", "null")) != list(prompts.VOCAB):
            raise DiffusionModelError("diffusion.model_vocabulary", path=path)
        encoder = TextEncoder(EncoderConfig(**json.loads(meta["config"])))
        encoder.load_state_dict(load_file(str(path)))
        unet = UNet2DConditionModel.from_pretrained(folder / "unet", local_files_only=True, low_cpu_mem_usage=False)
        scheduler = DDPMScheduler.from_pretrained(folder / "scheduler", local_files_only=True)
    except DiffusionModelError:
        raise
    except Exception as exc:  # safetensors' own errors, a broken JSON config, a missing file: one message
        raise DiffusionModelError("diffusion.model_unreadable", folder=folder, reason=exc) from exc
    model = ToyDiffusion(unet, encoder).to(device).eval()
    return model, scheduler


def to_model_range(images: torch.Tensor) -> torch.Tensor:
    """uint8 (N, 1, 28, 28) digits → float (N, 1, 32, 32) in [-1, 1], background -1."""
    x = images.float() / 127.5 - 1.0
    return nn.functional.pad(x, (PAD, PAD, PAD, PAD), value=-1.0)


def from_pixels(pixels: torch.Tensor) -> torch.Tensor:
    """uint8 (N, 32, 32) pixels (``to_pixels``'s output) → model range (N, 1, 32, 32) in [-1, 1]."""
    return pixels.float()[:, None] / 127.5 - 1.0


def to_pixels(x: torch.Tensor) -> torch.Tensor:
    """Model range (N, 1, 32, 32) → uint8 (N, 32, 32) in [0, 255], clipped."""
    return ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)[:, 0]


_LOADING = threading.Lock()  # first uses on several server threads at once: one loads, the others wait


def shipped(device: str = "cpu"):
    """(model, training scheduler) of the shipped model, loaded once per device, shared read-only by every
    session (its weights never take gradients). Thread-safe: diffusers' lazy imports fail when two threads
    import it for the first time together (the page's first load and a Generate)."""
    with _LOADING:
        return _shipped(device)


@functools.lru_cache(maxsize=2)
def _shipped(device: str):
    model, base = load(DEFAULT_DIR, device)
    for p in model.parameters():
        p.requires_grad_(False)
    return model, base
