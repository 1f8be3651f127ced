"""The benchmarks package: its command line lists every benchmark, and its one row formatter is right.

The benchmarks themselves print figures and are run by hand, never here.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.common import repeat_ms, row

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_every_benchmark_without_importing_them():
    code = (
        "import runpy, sys\n"
        "sys.argv = ['benchmarks', '--help']\n"
        "try:\n"
        "    runpy.run_module('benchmarks', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('gradio', 'plotly', 'app', 'torch')\n"
        "               or m in ('benchmarks.builder', 'benchmarks.train', 'benchmarks.draw', 'benchmarks.lm',\n"
        "                        'benchmarks.served', 'benchmarks.diffusion', 'benchmarks.basics',\n"
        "                        'benchmarks.load'))\n"
        "print('IMPORTED', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "usage: python -m benchmarks" in out.stdout
    for name in ("builder", "train", "draw", "lm", "diffusion", "basics", "load"):
        assert f"\n    {name} " in out.stdout, name  # a subcommand line with its help text
    assert "IMPORTED []" in out.stdout  # --help loads no benchmark, no gradio, no torch


def test_train_help_offers_the_gradio_free_options():
    out = subprocess.run([sys.executable, "-m", "benchmarks", "train", "--help"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    for option in ("--steps", "--data-dir", "--skip-accuracy", "--skip-live", "--gpu-only"):
        assert option in out.stdout, option


def test_lm_help_offers_its_options():
    out = subprocess.run([sys.executable, "-m", "benchmarks", "lm", "--help"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    for option in ("--data-dir", "--seconds", "--repeat"):
        assert option in out.stdout, option


def test_row_reports_median_and_95th_percentile():
    line = row("five calls", [4.0, 1.0, 100.0, 3.0, 2.0])
    assert line.startswith("  five calls ")
    assert "p50    3.00 ms" in line  # the median, not the mean (22.0)
    assert "p95   80.80 ms" in line  # between the two slowest, never past the slowest
    assert row("one call", [7.5]).endswith("p50    7.50 ms   p95    7.50 ms")
    with pytest.raises(ValueError):
        row("no calls", [])


def test_repeat_ms_warms_up_once_then_times_each_call():
    calls = []
    times = repeat_ms(lambda: calls.append(1), 5)
    assert len(calls) == 6 and len(times) == 5
    assert all(t >= 0 for t in times)
