"""The project's shape, enforced: the core never imports gradio, only the UI layer imports
``playground.ui``, no import cycles, no function longer than 60 lines, nothing heavy at import."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_DIRS = ("playground", "benchmarks", "scripts", "tests")
MAX_FUNCTION_LINES = 60


def _python_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in PROJECT_DIRS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported_modules(path: Path) -> set[str]:
    """Every module an import statement names (top-level or inside functions), resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)  # "from pkg import submodule"
    return found


def _is_core(path: Path) -> bool:
    rel = path.relative_to(ROOT).parts
    return rel[0] == "playground" and rel[1] != "ui"


def test_the_core_never_imports_gradio():
    core = [p for p in _python_files() if _is_core(p)]
    assert len(core) > 20  # the walk found the core
    offenders = [str(p.relative_to(ROOT)) for p in core
                 if any(m.split(".")[0] in ("gradio", "gradio_client") for m in _imported_modules(p))]
    assert offenders == []
    assert "gradio" in {m.split(".")[0] for m in _imported_modules(ROOT / "playground" / "ui" / "builder.py")}


def test_only_the_ui_layer_and_app_import_playground_ui():
    offenders = []
    for path in _python_files():
        rel = path.relative_to(ROOT)
        if rel == Path("app.py") or rel.parts[:2] == ("playground", "ui"):
            continue
        if any(m == "playground.ui" or m.startswith("playground.ui.") for m in _imported_modules(path)):
            offenders.append(str(rel))
    assert offenders == []


def _import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in _python_files() if not p.relative_to(ROOT).parts[0] == "tests"}
    graph = {}
    for name, path in files.items():
        targets = set()
        for module in _imported_modules(path):
            # "a.b.c" imports a.b.c, or names c inside a.b: keep the longest project module it names
            while module and module not in files:
                module = module.rpartition(".")[0]
            if module and module != name and not name.startswith(module + "."):  # a package's own __init__
                targets.add(module)
        graph[name] = targets
    return graph


def _find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Depth-first search; each back edge closes a cycle, returned as a path."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_no_import_cycles():
    graph = _import_graph()
    assert "playground.train.engine" in graph and "benchmarks.__main__" in graph
    assert _find_cycles(graph) == []


def test_the_cycle_check_can_fail():
    """The walk sees a real cycle, so the test above cannot pass vacuously."""
    assert _find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_function_is_longer_than_60_lines():
    long = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_every_core_module_imports_without_gradio():
    modules = [_module_name(p) for p in _python_files() if _is_core(p) and p.name != "__main__.py"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'gradio' not in sys.modules, f'{name} pulled in gradio'\n"
        "print(len(sys.modules))\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_app_builds_offline_without_loading_models():
    code = (
        "import sys, app; demo = app.build_app(); "
        "assert not any(m.startswith(('torchvision.datasets', 'diffusers')) for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
