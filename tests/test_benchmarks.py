"""The benchmarks package: its command line lists every benchmark, the cheap ones run for real and print
plausible, self-consistent figures, and its one row formatter is right.

``basics``, ``builder``, ``train`` and ``draw`` run at their smallest settings in one process (about 30 s
on 2 CPU cores). ``lm``, ``diffusion`` and ``load`` have no setting small enough to run here: they are
run by hand.
"""

import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from benchmarks.common import repeat_ms, row
from tests.conftest import MISSING_MNIST, has_mnist, require, write_mnist_proxy

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^ +(?P<label>\S.*?) +p50 +(?P<p50>[\d.]+) ms +p95 +(?P<p95>[\d.]+) ms")
NUMBER = r"([\d,]+(?:\.\d+)?)"


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


# ----------------------------------------------------------------------------- real runs, smallest settings

RUNNER = """
import json, sys, traceback
from benchmarks.__main__ import main
for argv in json.loads(sys.argv[1]):
    print("=== " + argv[0], flush=True)
    try:
        main(argv)
    except BaseException:  # the next benchmark still runs; its test reads this one's traceback
        print("BENCHMARK FAILED", flush=True)
        traceback.print_exc(file=sys.stdout)
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, str]:
    """What each cheap benchmark printed, by name; train and draw only where the MNIST digits are here."""
    runs = [["basics", "--repeat", "3", "--no-browser"], ["builder", "--repeat", "3"]]
    data = tmp_path_factory.mktemp("bench-data")
    if write_mnist_proxy(data):
        runs += [["train", "--steps", "1", "--skip-accuracy", "--skip-live", "--data-dir", str(data)],
                 ["draw", "--repeat", "1", "--drawings", "20", "--data-dir", str(data)]]
    out = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(runs)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    sections = re.split(r"^=== (\w+)\n", out.stdout, flags=re.M)[1:]
    return dict(zip(sections[::2], sections[1::2]))


def section(printed: dict[str, str], name: str) -> str:
    """What benchmark ``name`` printed; it must have run to its end."""
    if name in ("train", "draw"):
        require(has_mnist(), MISSING_MNIST)
    text = printed.get(name, "")
    assert text and "BENCHMARK FAILED" not in text, text[-3000:]
    return text


def rows(text: str) -> dict[str, tuple[float, float]]:
    """Every timing row: label → (p50, p95) in ms, each checked to be a real timing."""
    found = {}
    for line in text.splitlines():
        if m := ROW.match(line):
            p50, p95 = float(m["p50"]), float(m["p95"])
            assert 0 < p50 <= p95 < 60_000, line
            found[m["label"].strip()] = (p50, p95)
    return found


def one(pattern: str, text: str) -> re.Match:
    found = re.search(pattern, text, flags=re.M)
    assert found, f"{pattern!r} not in:\n{text}"
    return found


def number(text: str) -> float:
    return float(text.replace(",", ""))


def test_basics_times_one_live_update_and_its_parts(printed):
    text = section(printed, "basics")
    timed = rows(text)
    whole = next(v for k, v in timed.items() if k.startswith("one live update"))
    parts = [k for k in timed if not k.startswith("one live update")]
    assert len(parts) == 5, timed  # epoch, snapshot, boundary figure, loss curves, neuron pictures
    verdict = one(r"\[target p50 < (\d+) ms: (met|NOT met)\]", text)
    assert (verdict[2] == "met") == (whole[0] < float(verdict[1]))


def vgg_30_parameters() -> int:
    """The builder benchmark's network (benchmarks.builder.spec_30_layers), built from torch.nn directly."""
    layers, channels_in = [], 3
    for channels in (16, 32, 64, 128):
        for _ in range(2):
            layers += [nn.Conv2d(channels_in, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels), nn.ReLU()]
            channels_in = channels
        layers.append(nn.MaxPool2d(2))
    net = nn.Sequential(*layers, nn.Flatten(), nn.LazyLinear(10))
    net(torch.zeros(1, 3, 64, 64))
    return sum(p.numel() for p in net.parameters())


def test_builder_names_its_network_and_its_verdict_follows_its_rows(printed):
    text = section(printed, "builder")
    assert int(one(r"a 30-layer spec \(([\d,]+) parameters\)", text)[1].replace(",", "")) == vgg_30_parameters()
    timed = rows(text)
    assert len(timed) == 6, timed  # summary, table, diagram, whole redraw, one edit, round trip
    cold = next(v for k, v in timed.items() if k.startswith("whole redraw, cold"))[0]
    edit = next(v for k, v in timed.items() if k.startswith("one edit"))[0]
    verdict = one(r"-> p50 ([\d.]+) ms \(cold redraw\), (meets|MISSES) it", text)
    assert float(verdict[1]) == pytest.approx(max(cold, edit), abs=0.051)  # the worst of the two, as printed
    assert (verdict[2] == "meets") == (float(verdict[1]) < 50)


def test_train_reports_the_data_it_found_and_consistent_throughput(printed):
    text = section(printed, "train")
    assert text.startswith("train: mnist (MNIST 8,000/2,000 split) on ")  # the 10,000 test digits, split
    found = {}
    for name in ("classic loop (PIL, DataLoader)", "engine, fp32", "engine, bf16"):
        m = one(rf"^  CPU  {re.escape(name)} +{NUMBER} +{NUMBER}× classic +runs: (.+)$", text)
        value, ratio, runs = number(m[1]), number(m[2]), [number(r) for r in m[3].split(", ")]
        assert len(runs) == 2 and all(r > 0 for r in runs), m[0]  # images per second, two interleaved runs
        assert value == pytest.approx(statistics.mean(runs), abs=0.06), m[0]
        found[name] = (value, ratio)
    classic = found["classic loop (PIL, DataLoader)"][0]
    for value, ratio in found.values():
        assert ratio == pytest.approx(value / classic, abs=0.006)
    assert "2. live updates: skipped (--skip-live)" in text and "3. time to accuracy" not in text


def test_draw_times_a_drawing_round_trips_and_counts_its_accuracy(printed):
    text = section(printed, "draw")
    timed = rows(text)
    assert len(timed) == 5, timed  # the tab's work, the prediction alone, explanations, two round trips
    ours = next(v for k, v in timed.items() if k.startswith("classify_digit"))[0]
    reference = next(v for k, v in timed.items() if k.startswith("reference endpoint"))[0]
    assert number(one(rf"ratio of medians {NUMBER}×", text)[1]) == pytest.approx(ours / reference, abs=0.02)
    m = one(rf"drawings of {NUMBER} held-out digits:\n  default model: {NUMBER}/{NUMBER} = {NUMBER}%", text)
    n, correct, of, percent = (number(g) for g in m.groups())
    assert n == of == 20 and percent == pytest.approx(100 * correct / n, abs=0.006)
    assert correct >= 18  # the shipped model reads at least 90% of these drawings of unseen digits


# ----------------------------------------------------------------------------- the helpers


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
