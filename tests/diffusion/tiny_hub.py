"""A tiny random Stable Diffusion pipeline of the real classes, saved as the Hub's cache lays a download out.

``write_cache(root)`` saves it under ``root/hub/models--org--tiny-sd/snapshots/<sha>/`` with ``refs/main`` naming
the sha (and a tiny ``AutoencoderTiny`` as ``org/tiny-taesd``), so with ``HF_HOME=root`` and ``HF_HUB_OFFLINE=1``
``from_pretrained("org/tiny-sd")`` takes exactly the path it takes after a download. The CLIP tokenizer's files
are written here: every byte as a token (with and without the end-of-word mark) and a few merges.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch

REPO, PREVIEW = "org/tiny-sd", "org/tiny-taesd"
SIDE = 32  # pixels: latents 16×16 (the tiny VAE halves once)


def _byte_chars() -> list[str]:
    """GPT-2's (and CLIP's) printable stand-in for every byte."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    chars, extra = [], 0
    for b in range(256):
        if b in keep:
            chars.append(chr(b))
        else:
            chars.append(chr(256 + extra))
            extra += 1
    return chars


def _tokenizer(folder: Path):
    from transformers import CLIPTokenizer

    chars = _byte_chars()
    merges = [("a", "t</w>"), ("c", "at</w>"), ("o", "x</w>"), ("f", "ox</w>"), ("t", "h"), ("th", "e</w>")]
    tokens = chars + [c + "</w>" for c in chars] + ["".join(m) for m in merges] + ["<|startoftext|>",
                                                                                  "<|endoftext|>"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.json").write_text(json.dumps({tok: i for i, tok in enumerate(dict.fromkeys(tokens))}))
    (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n")
    return CLIPTokenizer(vocab=str(folder / "vocab.json"), merges=str(folder / "merges.txt"), model_max_length=77)


def tiny_pipeline(scratch: Path):
    """(StableDiffusionPipeline, AutoencoderTiny) with random weights, seeded."""
    from diffusers import (AutoencoderKL, AutoencoderTiny, DDIMScheduler, StableDiffusionPipeline,
                           UNet2DConditionModel)
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    tokenizer = _tokenizer(scratch / "tokenizer-files")
    text = CLIPTextModel(CLIPTextConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=37,
                                        num_attention_heads=4, num_hidden_layers=2, max_position_embeddings=77,
                                        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                                        pad_token_id=tokenizer.pad_token_id))
    unet = UNet2DConditionModel(sample_size=SIDE // 2, in_channels=4, out_channels=4, layers_per_block=1,
                                block_out_channels=(8, 16), norm_num_groups=4, cross_attention_dim=32,
                                attention_head_dim=2, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"))
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(8, 16),
                        norm_num_groups=4, down_block_types=("DownEncoderBlock2D",) * 2,
                        up_block_types=("UpDecoderBlock2D",) * 2, sample_size=SIDE)
    tiny = AutoencoderTiny(in_channels=3, out_channels=3, latent_channels=4, encoder_block_out_channels=(8, 8),
                           decoder_block_out_channels=(8, 8), num_encoder_blocks=(1, 1), num_decoder_blocks=(1, 1))
    sched = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False,
                          set_alpha_to_one=False, steps_offset=1)
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=text, tokenizer=tokenizer, unet=unet, scheduler=sched,
                                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    return pipe, tiny


def _snapshot(hub: Path, repo: str) -> Path:
    sha = hashlib.sha1(repo.encode()).hexdigest()  # 40 hex digits, as a commit's
    folder = hub / f"models--{repo.replace('/', '--')}"
    (folder / "refs").mkdir(parents=True, exist_ok=True)
    (folder / "refs" / "main").write_text(sha)
    return folder / "snapshots" / sha


def write_cache(root: Path) -> Path:
    """Save the tiny pipeline and its tiny autoencoder under ``root`` (an HF_HOME); the pipeline's snapshot."""
    pipe, tiny = tiny_pipeline(root / "scratch")
    snapshot = _snapshot(root / "hub", REPO)
    pipe.save_pretrained(snapshot)
    tiny.save_pretrained(_snapshot(root / "hub", PREVIEW))
    return snapshot
