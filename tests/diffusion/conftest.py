"""Fixtures for the diffusion tests: a tiny random model (fast on one thread)."""

import pytest
import torch

from playground.diffusion import model as dm


@pytest.fixture(autouse=True)
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def tiny_model(seed: int = 0) -> dm.ToyDiffusion:
    from diffusers import UNet2DConditionModel

    torch.manual_seed(seed)
    cfg = dm.unet_config()
    cfg.update(block_out_channels=(8, 16, 16), norm_num_groups=4, attention_head_dim=2)
    return dm.ToyDiffusion(UNet2DConditionModel(**cfg), dm.TextEncoder(dm.EncoderConfig(width=64, layers=1))).eval()


@pytest.fixture
def tiny():
    return tiny_model(), dm.make_scheduler()
