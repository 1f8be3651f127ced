"""The one rule: only app.py and playground/ui/ import gradio; nothing heavy happens at import."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports_gradio(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "gradio" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "gradio":
            return True
    return False


def test_only_the_ui_imports_gradio():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "playground").rglob("*.py")
        if _imports_gradio(p) and "ui" not in p.relative_to(ROOT / "playground").parts[:1]
    ]
    assert offenders == []
    assert _imports_gradio(ROOT / "app.py")  # the scan itself works
    assert _imports_gradio(ROOT / "playground" / "ui" / "builder.py")


def test_core_imports_without_gradio():
    code = (
        "import sys; import playground.cnn.summary, playground.cnn.export, playground.cnn.model, "
        "playground.ui.plots, playground.ui.builder_view; "
        "assert 'gradio' not in sys.modules, 'gradio was imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_app_builds_offline_without_loading_models():
    code = (
        "import sys, app; demo = app.build_app(); "
        "assert not any(m.startswith(('torchvision.datasets', 'diffusers')) for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
