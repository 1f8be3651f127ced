"""The benchmarks package: its command line lists every benchmark, the cheap ones run for real and print
plausible, self-consistent figures, and its one row formatter is right.

``basics``, ``builder``, ``train`` and ``draw`` run at their smallest settings in one process (about 40 s
on 2 CPU cores), without a browser (``--no-browser``); the browser parts' printing and verdicts are checked
on given figures. ``lm``, ``diffusion`` and ``load`` have no setting small enough to run here: they are
run by hand. ``startup`` runs once (``--runs 1``, about 10 s): two cold starts of the app.
"""

import contextlib
import io
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
        "                        'benchmarks.load', 'benchmarks.startup', 'benchmarks.hub'))\n"
        "print('IMPORTED', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "usage: python -m benchmarks" in out.stdout
    for name in ("builder", "train", "draw", "lm", "diffusion", "basics", "load", "startup", "hub"):
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
        runs += [["train", "--steps", "1", "--skip-accuracy", "--live-steps", "2", "--no-browser", "--data-dir",
                  str(data)],
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


def test_basics_times_one_live_frame_and_its_parts(printed):
    text = section(printed, "basics")
    timed = rows(text)
    frame = next(v for k, v in timed.items() if k.startswith("one live frame"))
    parts = [k for k in timed if not k.startswith("one live frame")]
    # chunk, epoch, snapshot, frame_html and its boundary, curves and neurons, the JSON
    assert len(parts) == 8, timed
    verdict = one(r"\[target p50 < (\d+) ms: (met|NOT met)\]", text)
    assert (verdict[2] == "met") == (frame[0] < float(verdict[1]))
    epochs = number(one(rf"chunk of training \({NUMBER} epochs, ≤ 60 ms\)", text)[1])
    assert 0 <= epochs <= 50  # CHUNK_EPOCHS at most
    m = one(rf"one frame: {NUMBER} kB of HTML \(boundary {NUMBER} kB, curves {NUMBER} kB, neurons {NUMBER} kB\)", text)
    whole, pieces = number(m[1]), [number(g) for g in m.groups()[1:]]
    assert all(p > 0 for p in pieces) and sum(pieces) <= whole  # the frame holds its three pictures, and a status
    rate = number(one(rf"the server alone could make {NUMBER} frames a second", text)[1])
    assert rate == pytest.approx(1000 / frame[0], abs=0.051)
    assert "in Chromium: skipped (--no-browser)" in text  # the test never starts a browser


def test_basics_browser_table_and_its_verdicts():
    from benchmarks.basics import report

    def printed_report(fast: float, slow_pause: float) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            report(80.0, {"unthrottled": (fast, 120.0, 60.0, 0.0, [60.0]),
                          "6× CPU throttling": (6.0, 40.0, slow_pause, 35.0, [slow_pause, 500.0, 300.0])})
        return out.getvalue()

    text = printed_report(14.2, 450.0)
    assert one(r"^ +server alone +([\d.]+)$", text)[1] == "12.5"  # 1000 / 80 ms
    m = one(r"^ +unthrottled +([\d.]+) +(\d+) +(\d+) ms$", text)
    assert m.groups() == ("14.2", "120", "60")  # one Pause: no list of runs
    m = one(r"^ +6× CPU throttling +([\d.]+) +(\d+) +(\d+) ms +\(median of 3: 450, 500, 300\)"
            r" +\(\+35 ms before the page saw the press\)$", text)
    assert m.groups() == ("6.0", "40", "450")
    assert "≥ 10 frames/s unthrottled: met; Pause ≤ 1 s at 6×: met" in text
    assert "≥ 10 frames/s unthrottled: NOT met; Pause ≤ 1 s at 6×: NOT met" in printed_report(9.9, 1001.0)


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
    assert "3. time to accuracy" not in text


def test_train_times_the_same_training_with_and_without_frames(printed):
    text = section(printed, "train")
    walls = {}
    for kind in ("a", "b"):
        m = one(rf"^  \({kind}\) .+? +{NUMBER} s +CPU/s {NUMBER} +runs: ([\d., ]+?)(?: +([+-][\d.]+)% vs \(a\))?$", text)
        wall, runs = number(m[1]), [number(r) for r in m[3].split(", ")]
        assert len(runs) == 2 and all(r > 0 for r in runs), m[0]  # in the order a b b a
        assert wall == pytest.approx(statistics.mean(runs), abs=0.006), m[0]
        assert 0 < number(m[2]) < 64, m[0]  # cores kept busy
        walls[kind] = wall, m[4]
    (a, _), (b, printed_share) = walls["a"], walls["b"]
    rounding = 100 * 0.005 * (1 / a + b / a**2)  # the walls are printed to 0.01 s; the share from the exact ones
    assert float(printed_share) == pytest.approx(100 * (b / a - 1), abs=0.06 + rounding)
    m = one(rf"^ +{NUMBER} frames \(status \+ SVG curves, JSON\) a run; time inside them: {NUMBER}% of the "
            r"wall-clock \[target < 5%: (met|NOT met)\]$", text)
    assert number(m[1]) >= 1  # the first step's event asks for a frame
    assert 0 < number(m[2]) < 100 and (m[3] == "met") == (number(m[2]) < 5)
    assert "2 steps on mnist" in text and "(c) in Chromium: skipped (--no-browser)" in text


def test_train_finding_follows_its_figures():
    from benchmarks.train import finding

    assert "confirmed, the slowdown is torch's intra-op threads" in finding({2: 0.106, 1: 0.01}, 2, 0.04)
    assert "not confirmed, one thread loses as much" in finding({2: 0.106, 1: 0.09}, 2, 0.04)
    assert "within the noise" in finding({2: 0.106, 1: 0.01}, 2, 0.2)  # runs of one kind differ by 20%
    assert "within the noise" in finding({2: 0.02, 1: 0.01}, 2, 0.0)  # under 3%: nothing to explain
    line = finding({2: 0.106, 1: 0.01}, 2, 0.04)
    assert "+10.6% at 2 torch threads and +1.0% at 1 (runs of one kind differ by up to 4%)" in line
    assert "no thread counts to compare" in finding({1: 0.05}, 1, 0.0)


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


# ----------------------------------------------------------------------------- startup

STARTUP_ROW = re.compile(r'^ +(run \d+|median) +' + r' +'.join([r"([\d.]+) s"] * 5) + r"$")


def test_startup_table_puts_the_runs_and_their_medians_side_by_side():
    from benchmarks.startup import COLUMNS, table

    lines = table([(6.0, 6.1, 5.0, 0.01, 5.0), (4.0, 4.2, 3.9, 0.02, 3.5), (5.5, 5.6, 4.4, 0.01, 4.5)])
    assert [c in lines[0] for c in COLUMNS] == [True] * 5
    found = [STARTUP_ROW.match(line) for line in lines[1:4]]
    assert all(found), lines
    assert [m[1] for m in found] == ["run 1", "run 2", "run 3"]
    assert STARTUP_ROW.match(lines[4]).groups() == ("median", "5.50", "5.60", "4.40", "0.01", "4.50")
    assert lines[5] == '[target: "/" answers in under 5 s -> median 5.50 s, NOT met]'
    assert table([(4.2, 4.3, 4.0, 0.01, 3.9)])[-1].endswith("median 4.20 s, met]")


def test_startup_runs_the_app_once_and_prints_its_rows():
    out = subprocess.run([sys.executable, "-m", "benchmarks", "startup", "--runs", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    median = next(STARTUP_ROW.match(line) for line in out.stdout.splitlines() if line.strip().startswith("median"))
    root, config, cpu, import_app, build = (float(g) for g in median.groups()[1:])
    assert 0 < root <= config < 120 and 0 < import_app < build < 120  # "/" first, then its config
    assert 0 < cpu < 120
    assert re.search(r"^\[target: .* (met|NOT met)\]$", out.stdout, flags=re.M)
    assert "loaded after build_app(): " in out.stdout and "torch._dynamo" not in out.stdout.split("loaded after")[1]
