"""Downloads from the Hub, on the real download path: a stand-in Hub on loopback (tests/hub/serving.py) serves the
tiny GPT-2's files to an empty cache, as huggingface.co serves a model's, slowly enough to watch. Loading
fetches only what it reads, once however many sessions ask, and its progress is there to show while it goes."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import torch

from playground.hub import access, tiny
from playground.hub import diffusion as hub_diffusion
from playground.hub import lm as hub_lm
from tests.hub.conftest import _point_hub
from tests.hub.serving import StandInHub

SERVED = "org/served-gpt2"
# the real file lists of three repos on the Hub (their READMEs, .gitattributes and exports included)
GPT2_FILES = [".gitattributes", "64-8bits.tflite", "64-fp16.tflite", "64.tflite", "README.md", "config.json",
              "flax_model.msgpack", "generation_config.json", "merges.txt", "model.safetensors",
              "onnx/config.json", "onnx/decoder_model.onnx", "onnx/merges.txt", "pytorch_model.bin",
              "rust_model.ot", "tf_model.h5", "tokenizer.json", "tokenizer_config.json", "vocab.json"]
GPT2_SPANISH_FILES = [".gitattributes", ".run.sh.swp", "README.md", "config.json",  # the Spanish preset's
                      "events.out.tfevents.1626191863.t1v-n-cf89aecf-w-0.861739.3.v2", "flax_model.msgpack",
                      "model.safetensors", "pytorch_model.bin", "run.sh", "run_clm_flax.py", "tokenizer.json",
                      "train_tokenizer.py"]
SD_TURBO_FILES = [".gitattributes", "README.md", "model_index.json", "scheduler/scheduler_config.json",
                  "sd_turbo.safetensors", "text_encoder/config.json", "text_encoder/model.fp16.safetensors",
                  "text_encoder/model.safetensors", "tokenizer/merges.txt", "tokenizer/special_tokens_map.json",
                  "tokenizer/tokenizer_config.json", "tokenizer/vocab.json", "unet/config.json",
                  "unet/diffusion_pytorch_model.fp16.safetensors", "unet/diffusion_pytorch_model.safetensors",
                  "vae/config.json", "vae/diffusion_pytorch_model.fp16.safetensors",
                  "vae/diffusion_pytorch_model.safetensors"]


def test_only_the_files_loading_reads_are_picked():
    assert sorted(hub_lm.model_files(GPT2_FILES)) == [
        "config.json", "generation_config.json", "merges.txt", "model.safetensors", "tokenizer.json",
        "tokenizer_config.json", "vocab.json"]
    assert sorted(hub_lm.model_files(GPT2_SPANISH_FILES)) == ["config.json", "model.safetensors", "tokenizer.json"]
    assert hub_lm.model_files(["config.json", "pytorch_model.bin", "vocab.json"]) == [
        "pytorch_model.bin", "config.json", "vocab.json"]  # no safetensors: PyTorch's own weights
    assert sorted(hub_diffusion.pipeline_files(SD_TURBO_FILES)) == [
        "model_index.json", "scheduler/scheduler_config.json", "text_encoder/config.json",
        "text_encoder/model.safetensors", "tokenizer/merges.txt", "tokenizer/special_tokens_map.json",
        "tokenizer/tokenizer_config.json", "tokenizer/vocab.json", "unet/config.json",
        "unet/diffusion_pytorch_model.safetensors", "vae/config.json", "vae/diffusion_pytorch_model.safetensors"]


@pytest.fixture
def served(monkeypatch, hub_home, tmp_path):
    """The tiny GPT-2 on a stand-in Hub at 200 kB/s, with files loading never reads (an ONNX export, TF weights),
    and an empty cache."""
    repo = tmp_path / "repo"
    shutil.copytree(tiny.snapshot(hub_home, tiny.GPT2), repo)
    (repo / "onnx").mkdir()
    (repo / "onnx" / "model.onnx").write_bytes(b"\0" * 50_000)
    (repo / "tf_model.h5").write_bytes(b"\0" * 50_000)
    with StandInHub({SERVED: repo}, bytes_per_second=200_000) as hub:
        _point_hub(monkeypatch, tmp_path / "home", offline=False, endpoint=hub.endpoint)
        yield hub, repo
    hub_lm.forget()


def test_a_download_shows_its_progress_and_fetches_only_what_loading_reads(served):
    hub, repo = served
    seen = []
    steps = access.while_loading(SERVED, lambda: hub_lm.load(f"hf:{SERVED}"), every=0.05)
    while True:
        try:
            record = next(steps)
        except StopIteration as end:
            lm = end.value
            break
        if record is not None:
            seen.append((record.done, record.total, record.files_done, record.files))
    wanted = [f for f in hub_lm.model_files(hub.files(SERVED)) if f != "config.json"]  # the config came first
    total = sum((repo / f).stat().st_size for f in wanted)
    assert seen and {t for _, t, _, _ in seen} == {total}
    assert {n for *_, n in seen} == {len(wanted) + 1}  # files: every file picked, the cached config included
    assert all(files_done < files for done, total, files_done, files in seen if done < total)  # not "4 of 4" early
    assert any(0 < done < total for done, *_ in seen), seen  # seen part-way, not only at the ends
    assert [done for done, *_ in seen] == sorted(done for done, *_ in seen)  # it only grows
    assert "onnx/model.onnx" not in hub.served and "tf_model.h5" not in hub.served
    assert sorted(hub.served) == sorted(wanted + ["config.json"])  # each file once
    assert access.downloading(SERVED) is None
    from transformers import GPT2LMHeadModel

    reference = GPT2LMHeadModel.from_pretrained(repo)
    for name, value in reference.state_dict().items():
        assert torch.equal(lm.model.state_dict()[name], value), name


def test_many_sessions_asking_at_once_share_one_download(served):
    hub, _ = served
    got, errors = [], []

    def ask() -> None:
        try:
            got.append(hub_lm.load(f"hf:{SERVED}"))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors and len(got) == 4 and all(lm is got[0] for lm in got)
    assert hub.served.count("model.safetensors") == 1


def test_a_model_the_stand_in_hub_does_not_hold_is_missing(served):
    from playground.errors import UserError

    with pytest.raises(UserError) as refused:
        hub_lm.load("hf:org/not-served")
    assert refused.value.key == "hub.missing"
