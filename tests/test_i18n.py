"""The two languages stay whole: every key in both tables with the same placeholders, no text a person reads
written past the tables in ui/ or views/, every UserError raised with a key, and each request answered in its
page's language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from playground import i18n
from playground.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
SCANNED = sorted([*(ROOT / "playground" / "ui").glob("*.py"), *(ROOT / "playground" / "views").glob("*.py")])
# component arguments a person reads
TEXT_ARGS = {"label", "info", "placeholder", "title", "description"}
FIRST_ARG_TEXT = {"Button", "Markdown", "Tab", "Accordion", "DownloadButton", "UploadButton", "TabItem"}
# calls whose strings nobody reads on the page: logs, exceptions meant for developers, regexes, formats
SILENT_CALLS = {"debug", "info", "warning", "exception", "getLogger", "compile", "search", "match", "sub",
                "fullmatch", "split", "replace", "strftime", "startswith", "endswith", "join", "format", "get",
                "TypeError", "AssertionError", "KeyError", "RuntimeError", "NotImplementedError", "ValueError",
                "IndexError"}
# a piece of prose: two words of letters with a space between, after HTML tags, entities, {placeholders},
# CSS/JS-looking text and code in backticks are taken out
PROSE = re.compile(r"\b[A-Za-z][a-z]{1,}[ ,;:'’]+[a-z]{2,}\b")
CODEISH = re.compile(r"<[^>]*>|&[a-z]+;|\{[^}]*\}|`[^`]*`|\b[\w-]+\s*:\s*[^;]+;|=>|\bvar\(--[\w-]+\)")
EXEMPT = "# i18n: not text"  # a line's marker for a string that is code or a name, never shown as prose


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_is_in_both_languages_with_the_same_placeholders():
    en, es = i18n.TABLES["en"], i18n.TABLES["es"]
    assert en.keys() == es.keys(), (sorted(en.keys() - es.keys())[:20], sorted(es.keys() - en.keys())[:20])
    differ = {k: (_placeholders(en[k]), _placeholders(es[k])) for k in en if _placeholders(en[k]) != _placeholders(es[k])}
    assert not differ, differ
    empty = [k for k in en if not en[k].strip() or not es[k].strip()]
    assert not empty, empty


def test_keys_are_named_after_their_table():
    import importlib

    for part in i18n.PARTS:
        module = importlib.import_module(f"playground.i18n.{part}")
        wrong = [k for k in module.EN if not re.fullmatch(rf"{part}\.[a-z0-9_]+(\.[a-z0-9_]+)*", k)]
        assert not wrong, (part, wrong[:10])


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _marked(tree: ast.AST, lines: list[str]) -> set[int]:
    """Strings in a simple statement whose first line carries the marker (a long script or template)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.Return, ast.Expr)) and EXEMPT in lines[node.lineno - 1]:
            ids.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Constant))
    return ids


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _silent(tree: ast.AST) -> set[int]:
    """Strings inside calls nobody reads on the page, and dict keys / subscripts (names, not text)."""
    ids = set()
    for node in ast.walk(tree):
        inside = []
        if isinstance(node, ast.Call) and _call_name(node) in SILENT_CALLS:
            inside = [node]
        elif isinstance(node, ast.Dict):
            inside = [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Subscript):
            inside = [node.slice]
        elif isinstance(node, ast.keyword) and node.arg in ("elem_id", "elem_classes", "api_name", "js", "css",
                                                            "concurrency_id", "format", "type", "key"):
            inside = [node.value]
        for part in inside:
            ids.update(id(n) for n in ast.walk(part) if isinstance(n, ast.Constant))
    return ids


def _texts(node: ast.AST):
    """The string constants of a node (an f-string's literal parts too)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _texts(part)


def _bypasses(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _docstrings(tree) | _silent(tree) | _marked(tree, lines)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):  # component text must be a key: L("...") or a value from the tables
            name = _call_name(node)
            args = [k.value for k in node.keywords if k.arg in TEXT_ARGS]
            if name in FIRST_ARG_TEXT and node.args:
                args.append(node.args[0])
            for arg in args:
                for text in _texts(arg):
                    if re.search(r"[A-Za-z]{2,}", text.value) and EXEMPT not in lines[text.lineno - 1]:
                        found.append(f"{path.name}:{text.lineno}: {text.value[:60]!r} (component text)")
                        skip.add(id(text))
        for text in _texts(node):
            if id(text) in skip or EXEMPT in lines[text.lineno - 1]:
                continue
            if PROSE.search(CODEISH.sub(" ", text.value)):
                found.append(f"{path.name}:{text.lineno}: {text.value[:60]!r}")
                skip.add(id(text))
    return sorted(set(found))


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_text_a_person_reads_bypasses_the_tables(path):
    found = _bypasses(path)
    assert not found, f"{len(found)} texts outside playground/i18n:\n" + "\n".join(found)


def _user_error_names() -> set[str]:
    names = {"UserError"}
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in (ROOT / "playground").rglob("*.py")]
    grew = True
    while grew:  # subclasses of subclasses
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        isinstance(b, ast.Name) and b.id in names for b in node.bases):
                    names.add(node.name)
                    grew = True
    return names


def test_every_user_error_is_raised_with_a_key():
    names = _user_error_names()
    found = []
    for path in sorted((ROOT / "playground").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in names and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) or (
                        isinstance(first, ast.Constant) and isinstance(first.value, str) and not i18n.has(first.value)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"{len(found)} UserErrors raised with a sentence, not a key:\n" + "\n".join(found)


def test_a_user_error_speaks_the_language_asked_and_logs_in_english():
    exc = UserError("common.limit_above", typed=12, used=8)
    assert str(exc) == "12 is more than the most this setting takes (8), so 8 is used."
    assert exc.message("es") == "12 es más de lo máximo que admite este ajuste (8), así que se usa 8."
    with i18n.speaking("es"):
        assert exc.message() == exc.message("es") and i18n.language() == "es"
    assert i18n.language() == "en"


@pytest.mark.parametrize("cookie, accept, expected", [
    (None, None, "en"), (None, "es-ES,es;q=0.9,en;q=0.8", "es"), (None, "fr-FR, en;q=0.5, es;q=0.7", "es"),
    ("en", "es-ES", "en"), ("es", None, "es"), ("de", "en-US", "en"), (None, "es;q=0.2, en;q=0.9", "en"),
    (None, "garbage;q=x", "en"),
])
def test_the_pages_choice_wins_then_the_clients_languages(cookie, accept, expected):
    assert i18n.pick(cookie, accept) == expected
