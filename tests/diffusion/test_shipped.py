"""The shipped model is loaded once however many sessions ask for it at the same moment (the page's first
load and a Generate): diffusers' lazy imports fail when two threads import it for the first time together."""

import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def test_first_uses_on_several_threads_at_once_all_get_the_one_model():
    script = textwrap.dedent("""
        import threading
        from playground.diffusion import model as dm
        got, errors = [], []
        def use():
            try:
                got.append(dm.shipped("cpu"))
            except Exception as exc:
                errors.append(repr(exc))
        threads = [threading.Thread(target=use) for _ in range(4)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        print(len(errors), len({id(m) for m, _ in got}))
    """)  # a fresh interpreter: diffusers must not be imported yet
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["0", "1"], out.stderr[-2000:]  # no error, one shared model
