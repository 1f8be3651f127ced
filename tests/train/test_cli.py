"""python -m playground.train on real digits."""

import json
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
    assert weights.stat().st_size > 100_000


def test_cli_explains_a_bad_spec(tmp_path):
    spec = tmp_path / "net.json"
    spec.write_text('{"input": [1, 28, 28], "layers": [{"type": "Conv9d"}]}')
    result = subprocess.run([sys.executable, "-m", "playground.train", "--spec", str(spec)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert 'unknown layer type "Conv9d"' in result.stderr
