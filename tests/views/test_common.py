"""Shared view helpers: sentences, upscaling, content-addressed export files."""

from pathlib import Path

import numpy as np
import pytest
import torch

from playground.views.common import export_file, sentence, upscale, upscale_all


def test_sentence_capitalises_once_and_ends_with_one_full_stop():
    assert sentence("the loss became nan") == "The loss became nan."
    assert sentence("Already a sentence.") == "Already a sentence."
    assert sentence("  spaced\n  out  ") == "Spaced out."
    assert sentence("what?") == "What?"
    assert sentence("") == ""


def test_upscale_keeps_pixels_crisp_and_orientation():
    digit = np.arange(28 * 28, dtype=np.uint8).reshape(28, 28)
    big = upscale(digit, 84)
    assert big.shape == (84, 84)
    assert (big[:3, :3] == digit[0, 0]).all() and (big[-3:, -3:] == digit[-1, -1]).all()
    assert big[0, 3] == digit[0, 1]  # columns stay columns


def test_upscale_tensors_channels_last_and_grayscale_squeezed():
    rgb = torch.zeros(2, 3, 32, 32, dtype=torch.uint8)
    rgb[:, 0] = 255  # red
    out = upscale_all(rgb, 64)
    assert len(out) == 2 and out[0].shape == (64, 64, 3) and (out[0][..., 0] == 255).all()
    gray = upscale(torch.full((1, 28, 28), 7, dtype=torch.uint8), 56)
    assert gray.shape == (56, 56) and (gray == 7).all()


def test_export_file_is_content_addressed():
    a = export_file("net.py", "print(1)\n")
    b = export_file("net.py", "print(1)\n")
    c = export_file("net.py", "print(2)\n")
    assert a == b != c
    assert Path(a).name == "net.py" and Path(a).read_text() == "print(1)\n"
    assert export_file("w.bin", b"\x00\x01") != a


def test_a_full_disk_when_saving_gives_a_message_not_a_traceback(monkeypatch):
    import errno

    from playground.views import common

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(common.Path, "write_bytes", full)
    with pytest.raises(common.ExportError, match="disk is full") as info:
        common.export_file("weights.safetensors", b"x" * 2_000_000 + bytes(str(id(info)), "ascii"))
    assert "2.0 MB" in str(info.value) and "kept" in str(info.value)
    assert not list(common._EXPORT_ROOT.rglob(".weights.safetensors.*.tmp"))
