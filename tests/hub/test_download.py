"""Downloads from the Hub, on the real download path: a stand-in Hub on loopback (tests/hub/serving.py) serves the
tiny GPT-2's files to an empty cache, as huggingface.co serves a model's, slowly enough to watch. Loading
fetches only what it reads, once however many sessions ask, and its progress is there to show while it goes."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest
import torch

from playground.hub import access, tiny
from playground.hub import diffusion as hub_diffusion
from playground.hub import lm as hub_lm
from tests.conftest import drained
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
    looks, lm = drained(access.while_loading(SERVED, lambda: hub_lm.load(f"hf:{SERVED}"), every=0.05),
                        lambda record: record and (record.done, record.total, record.files_done, record.files))
    seen = [look for look in looks if look is not None]
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


def test_a_model_is_loaded_once_even_when_a_caller_comes_as_the_first_load_ends():
    """The held value and the end of its loading are one step: a caller arriving in between (a loaded machine
    can pause the loading thread right there) finds the model, it does not load it again."""
    loads: list[str] = []
    shared: access.Shared[object] = access.Shared(lambda: 3)

    class PausingLock:
        """The shared lock, with the loading thread paused just after it lets go of it having cleared its gate
        (a loaded machine can deschedule a thread right there)."""

        def __init__(self) -> None:
            self.lock, self.cleared = threading.Lock(), False

        def __enter__(self):
            self.lock.acquire()

        def __exit__(self, *exc) -> None:
            self.lock.release()
            if self.cleared:
                self.cleared = False
                time.sleep(0.3)

    class Clearing(dict):
        def pop(self, *args):
            shared._lock.cleared = True
            return super().pop(*args)

    shared._lock, shared._loading = PausingLock(), Clearing()

    def load() -> object:
        loads.append(threading.current_thread().name)
        time.sleep(0.2)
        return object()

    first = threading.Thread(target=lambda: shared.get("model", load), name="first")
    first.start()
    time.sleep(0.3)  # the first load is done (0.2 s) and its thread is paused after clearing the gate
    second = threading.Thread(target=lambda: shared.get("model", load), name="second")
    second.start()
    first.join()
    second.join()
    assert loads == ["first"]


def test_progress_bars_hold_no_file_open():
    """snapshot_download never closes some of its bars: ours write nowhere, so none keeps a file open."""
    record = access.Download("org/name", total=100, files=2)
    bar = access._bar(record)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        a, b = bar(total=0, unit="B"), bar(total=0, unit="B")
        a.update(10)
        b.update(10)
    assert len(os.listdir("/proc/self/fd")) == before and record.done == 10


def test_the_hub_probe_answers_within_its_time_however_slow_the_network(monkeypatch):
    """A firewall that drops packets to a name with several addresses would keep ``create_connection`` for the
    probe's time on each (and a lookup has no limit of its own): the probe answers "unreachable" in time."""
    import socket

    from playground.data import net

    def black_hole(address, timeout=None):  # no answer for three times the probe's time, then a timeout
        time.sleep(3 * net.PROBE_SECONDS)
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", black_hole)
    net.forget()
    began = time.monotonic()
    assert net.reachable("https://huggingface.co", remember=False) is False
    assert time.monotonic() - began < net.PROBE_SECONDS + 1
