"""The one set of timing helpers every benchmark uses."""

from __future__ import annotations

import os
import platform
import statistics
import time
from pathlib import Path
from typing import Callable, Iterable

import torch


def machine() -> str:
    """The machine in one line: processor, CPU count, torch version and threads, CUDA device if present."""
    text = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs, torch {torch.__version__}, "
            f"{torch.get_num_threads()} threads")
    if torch.cuda.is_available():
        text += f", CUDA {torch.cuda.get_device_name()}"
    return text


def sync(device: torch.device | str) -> None:
    """Wait for the device's queued work, so a clock read after it measures the work (no-op on the CPU)."""
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize(device)


def timed(fn: Callable[[], object]) -> float:
    """Milliseconds one call of ``fn`` takes."""
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def repeat_ms(fn: Callable[[], object], n: int) -> list[float]:
    """Milliseconds of ``n`` calls of ``fn``, after one untimed warm-up call."""
    fn()
    return [timed(fn) for _ in range(n)]


def row(label: str, times_ms: list[float]) -> str:
    """One printed line: the label, then the median and the 95th percentile of ``times_ms``.

    The percentile interpolates between the observed times, so it never exceeds the slowest one.
    """
    if not times_ms:
        raise ValueError("row() needs at least one time")
    p95 = statistics.quantiles(times_ms, n=20, method="inclusive")[18] if len(times_ms) > 1 else times_ms[0]
    return f"  {label:<48} p50 {statistics.median(times_ms):7.2f} ms   p95 {p95:7.2f} ms"


def timed_run(events: Callable[[Callable[[], bool]], Iterable], device, steps: int, warmup: int,
              live: Callable[[object], None] | None = None) -> tuple[float, float]:
    """(seconds of ``steps`` timed steps after ``warmup``, seconds inside ``live`` per second of them).

    ``events(should_stop)`` runs a training (the engine's generator); the clock starts after the
    warm-up steps and ``live(event)`` (what a tab would redraw) is timed separately.
    """
    count = {"n": 0, "start": 0.0}

    def should_stop() -> bool:
        count["n"] += 1
        if count["n"] == warmup:
            sync(device)
            count["start"] = time.perf_counter()
        return count["n"] >= warmup + steps

    live_seconds = 0.0
    for event in events(should_stop):
        if live is not None and count["start"]:
            t0 = time.perf_counter()
            live(event)
            live_seconds += time.perf_counter() - t0
    sync(device)
    wall = time.perf_counter() - count["start"]
    return wall, live_seconds / wall


def interleaved(n: int, ours: Callable[[int], object], reference: Callable[[int], object],
                warmup: int = 4) -> tuple[list[float], list[float]]:
    """Milliseconds of ``ours(i)`` and ``reference(i)`` called in turn, after a warm-up, so load drift hits both."""
    a, b = [], []
    for i in range(n + warmup):
        x, y = timed(lambda: ours(i)), timed(lambda: reference(i))
        if i >= warmup:
            a.append(x)
            b.append(y)
    return a, b


def descendants_cpu_seconds(name: str) -> float | None:
    """CPU seconds (user + system) used so far by the running descendants of this process whose name holds
    ``name`` (e.g. "chrom": a browser it started), read from Linux's /proc; None where there is no /proc."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    parent, named, used = {}, {}, {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        pid, end = int(entry.name), text.rindex(")")
        fields = text[end + 2:].split()  # state, ppid, ..., utime (14th field of the line), stime (15th)
        parent[pid], named[pid] = int(fields[1]), name in text[text.index("(") + 1:end]
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        total += used[pid] if named[pid] else 0.0
        todo += children.get(pid, [])
    return total
