"""Exported code runs, and agrees with the builder; the training script trains on real digits."""

import subprocess
import sys

import pytest
import torch
from safetensors.torch import load_file

from playground.cnn.export import export_module, export_training_script
from playground.cnn.layers import SpecError
from playground.cnn.model import build_model
from playground.cnn.spec import PRESETS, preset
from playground.cnn.summary import summarize


def load_class(code: str, name: str = "Net"):
    namespace: dict = {"__name__": "exported"}
    exec(compile(code, "<exported>", "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize("name", [n for n in PRESETS if n != "Empty"])
def test_exported_module_matches_the_builder(name):
    spec = preset(name)
    summary = summarize(spec)
    net = load_class(export_module(spec))().eval()
    assert sum(p.numel() for p in net.parameters()) == summary.trainable_params
    out = net(torch.randn(3, *spec["input"]))
    assert list(out.shape) == [3, *summary.output_shape]
    # the same names as the app's model, so weights move between them
    model = build_model(spec).eval()
    net.load_state_dict(model.state_dict())
    x = torch.randn(2, *spec["input"])
    assert torch.allclose(net(x), model(x))


def test_exported_code_has_shape_comments_and_runs_as_a_script(tmp_path):
    code = export_module(preset("Classic CNN (48×48 RGB)"))
    assert "self.fc1 = nn.Linear(18432, 512)" in code
    assert "# -> 128×12×12" in code
    path = tmp_path / "net.py"
    path.write_text(code)
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, check=True).stdout
    assert "output shape: (2, 10)" in out
    assert "trainable parameters: 9,536,074" in out


def test_invalid_networks_are_not_exported():
    with pytest.raises(SpecError, match="fix the network"):
        export_module({"input": [1, 4, 4], "layers": [{"type": "Conv2d", "out_channels": 2, "kernel_size": 9}]})


def test_training_script_trains_on_real_mnist(tmp_path, mnist_root):
    """The standalone script loads real digits through torchvision and saves safetensors weights."""
    spec = preset("Fast MNIST (Training default)")
    script = tmp_path / "train_net.py"
    script.write_text(export_training_script(spec))
    weights = tmp_path / "model.safetensors"
    result = subprocess.run(
        [sys.executable, str(script), "--data-dir", str(mnist_root), "--epochs", "1", "--dry-run",
         "--save", str(weights)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "epoch 1: train loss" in result.stdout
    state = load_file(str(weights))
    model = build_model(spec)
    assert set(state) == set(model.state_dict())
    model.load_state_dict(state)


def test_training_script_adapts_digits_to_a_48x48_rgb_network(tmp_path, mnist_root):
    script = tmp_path / "train_net.py"
    script.write_text(export_training_script(preset("Classic CNN (48×48 RGB)")))
    result = subprocess.run(
        [sys.executable, str(script), "--dataset", "mnist", "--data-dir", str(mnist_root), "--epochs", "1",
         "--dry-run", "--batch-size", "8", "--save", ""],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "epoch 1: train loss" in result.stdout


def test_the_export_of_a_network_ending_in_flatten_does_not_promise_class_scores():
    from playground.cnn.export import export_module
    from playground.cnn.spec import preset
    from playground.cnn.summary import summarize

    spec = preset("Fast MNIST (Training default)")
    spec["layers"] = spec["layers"][:-1]  # drop the final Linear: the network ends in a Flatten
    assert "features (add a Linear for class scores)" in export_module(spec, summary=summarize(spec))
    full = preset("Fast MNIST (Training default)")
    assert "N×10 class scores (logits)" in export_module(full, summary=summarize(full))


def test_training_script_runs_under_torchrun_on_two_cpu_processes(tmp_path, mnist_root):
    """torchrun --nproc_per_node=2 (Gloo on CPU): DDP trains on real digits, rank 0 logs and saves once,
    and the weights load back into the app with their normalization."""
    import shutil

    from playground.train import checkpoint

    torchrun = shutil.which("torchrun") or pytest.skip("torchrun is not on PATH")
    spec = preset("Fast MNIST (Training default)")
    script = tmp_path / "train_net.py"
    script.write_text(export_training_script(spec))
    weights = tmp_path / "ddp.safetensors"
    env = {**__import__("os").environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [torchrun, "--nproc_per_node=2", "--nnodes=1", "--rdzv-backend=c10d", "--rdzv-endpoint=localhost:0",
         str(script), "--data-dir", str(mnist_root), "--epochs", "1", "--batch-size", "64", "--save", str(weights)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "training on 2 processes (cpu)" in result.stdout
    assert result.stdout.count("epoch 1: train loss") == 1 and result.stdout.count("saved") == 1  # rank 0 only
    accuracy = float(result.stdout.split("test loss")[1].split("acc")[1].split("%")[0])
    assert accuracy > 90  # one epoch over 8,000 real digits, split across two processes
    trained = checkpoint.from_bytes(weights.read_bytes(), spec)
    assert trained.mean == [0.1307] and trained.dataset == "mnist"
