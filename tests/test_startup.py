"""The app's start stays light: building the page loads no shipped model and none of the heavy modules that
only an action needs (torch._dynamo, which torch's Python meta kernels import on first use; scipy). See
``python -m benchmarks startup`` for the seconds."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BUILD = """
import sys
import app
from playground.digits import predict
app.build_app()
print("LOADED", sorted(m for m in ("torch._dynamo", "scipy", "diffusers", "transformers", "torchvision")
                       if m in sys.modules))
print("DEFAULT MODEL", predict.default_model.cache_info().currsize)
predict.default_model()  # its first use still loads it
print("AFTER USE", predict.default_model.cache_info().currsize)
"""


def test_build_app_loads_no_model_and_no_module_only_an_action_needs(tmp_path):
    env = {"PLAYGROUND_DATA_DIR": str(tmp_path), "GRADIO_ANALYTICS_ENABLED": "False", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", BUILD], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "LOADED []" in out.stdout, out.stdout
    assert "DEFAULT MODEL 0" in out.stdout and "AFTER USE 1" in out.stdout, out.stdout
    assert not any(tmp_path.iterdir())  # nothing downloaded or cached while building
