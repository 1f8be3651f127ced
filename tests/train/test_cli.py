"""python -m playground.train on real digits."""

import json

import pytest
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_trains_and_reports(mnist_root, tmp_path):
    weights = tmp_path / "fast.safetensors"
    result = subprocess.run(
        [sys.executable, "-m", "playground.train", "--preset", "fast", "--dataset", "mnist", "--epochs", "1",
         "--data-dir", str(mnist_root), "--device", "cpu", "--json", "--save", str(weights)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Test set: average loss" in out and "Classification report" in out and "Confusion matrix" in out
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["reason"] == "finished" and summary["test_accuracy"] > 0.95
    assert summary["epochs"][0]["val_acc"] > 0.95
    # the saved file is the model that was evaluated: it loads back and scores the reported accuracy
    import torch

    from playground.cnn.spec import preset
    from playground.train import checkpoint
    from playground.train.evaluation import evaluate

    trained = checkpoint.from_bytes(weights.read_bytes(), preset("Fast MNIST (Training default)"))
    assert trained.dataset == "mnist" and trained.steps == 56  # 7,200 training digits, batch 128
    again = evaluate(trained, mnist_root, torch.device("cpu"))
    assert again.accuracy == pytest.approx(summary["test_accuracy"], abs=0.0011)  # 2 of 2,000: bf16 autocast rounding


def test_cli_explains_a_bad_spec(tmp_path):
    spec = tmp_path / "net.json"
    spec.write_text('{"input": [1, 28, 28], "layers": [{"type": "Conv9d"}]}')
    result = subprocess.run([sys.executable, "-m", "playground.train", "--spec", str(spec)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert 'unknown layer type "Conv9d"' in result.stderr
