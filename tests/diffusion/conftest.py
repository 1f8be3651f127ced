"""Fixtures for the diffusion tests: a tiny random model (one thread: see tests/conftest.py)."""

import pytest
import torch

from playground.diffusion import model as dm


def tiny_model(seed: int = 0) -> dm.ToyDiffusion:
    from diffusers import UNet2DConditionModel

    torch.manual_seed(seed)
    cfg = dm.unet_config()
    cfg.update(block_out_channels=(8, 16, 16), norm_num_groups=4, attention_head_dim=2)
    return dm.ToyDiffusion(UNet2DConditionModel(**cfg), dm.TextEncoder(dm.EncoderConfig(width=64, layers=1))).eval()


@pytest.fixture
def tiny():
    return tiny_model(), dm.make_scheduler()
