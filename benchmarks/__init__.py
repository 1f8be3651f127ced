"""Benchmarks that print figures: ``python -m benchmarks builder|train|draw``.

Timings are medians over many repeats after a warm-up, on whatever machine runs
them; the printout names the machine. Targets are checked here, never in tests.

``common`` holds the one set of timing helpers; ``served`` launches the app
in-process for round trips through gradio_client. Each benchmark module is
imported only when it runs, so ``python -m benchmarks train --skip-live`` needs
no gradio or plotly.
"""
