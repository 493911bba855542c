"""The floors of the package hold: the core never imports Textual, and no module imports upward.

Every module is found by walking the package with pkgutil (a new module or wing is covered the
day it is added, as harlequin's HEADLESS_IMPORTS test covers its own), and read with `ast`, so an
import inside a function (msq imports lazily for start-up time) counts as much as one at the top.
"""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import msq_tui

from .conftest import REPOSITORY

# The floors of DESIGN.md, from the ground: a module may import its own floor and those below.
FLOORS = {
    "files": 0,
    "model": 0,
    "submission": 1,
    "store": 2,
    "collect": 2,
    "agencies": 3,
    "plain": 3,
    "tui": 3,
    "cli": 4,
    "__main__": 4,  # `python -m msq_tui`: the msq command
}
# Upward imports allowed to stand, each to be removed with its cause (a test below fails when one
# of them is gone, so this list only shrinks). None stands today: keep it so.
KNOWN_UPWARD: set[tuple[str, str]] = set()
TEXTUAL = ("textual", "rich")  # Rich comes with Textual; the core prints through its own code


def all_modules() -> dict[str, Path]:
    """Every module of msq_tui, by name, with its source file: pkgutil, package by package."""
    found = {"msq_tui": Path(msq_tui.__file__)}

    def walk(path: Path, prefix: str) -> None:
        for info in pkgutil.iter_modules([str(path)]):
            name = f"{prefix}.{info.name}"
            if info.ispkg:
                found[name] = path / info.name / "__init__.py"
                walk(path / info.name, name)
            else:
                found[name] = path / f"{info.name}.py"

    walk(Path(msq_tui.__file__).parent, "msq_tui")
    return found


def core_modules() -> list[str]:
    """Every module outside the Textual application (msq_tui.tui)."""
    return sorted(name for name in all_modules() if not (name + ".").startswith("msq_tui.tui."))


def floor_of(module: str) -> int:
    """The floor of a module of msq_tui; the package's own __init__ (its version) is the ground."""
    parts = module.split(".")
    if len(parts) == 1:
        return 0
    if parts[1] not in FLOORS:
        raise AssertionError(
            f"{module} is in no floor: add its wing {parts[1]!r} to FLOORS (and to DESIGN.md's layout)"
        )
    return FLOORS[parts[1]]


def imported_names(source: Path, module: str) -> list[tuple[int, str]]:
    """(line, module) for every import in ``source``, at the top or inside a function."""
    tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
    package = module if source.name == "__init__.py" else module.rpartition(".")[0]
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upward
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names.append((node.lineno, base))
            # `from msq_tui import cli` imports the wing msq_tui.cli (`__version__` is the package's)
            names.extend(
                (node.lineno, f"{base}.{alias.name}")
                for alias in node.names
                if base == "msq_tui" and alias.name in FLOORS
            )
    return names


def test_every_module_is_found() -> None:
    modules = all_modules()
    on_disk = {
        ".".join(path.relative_to(REPOSITORY).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPOSITORY / "msq_tui").rglob("*.py")
    }
    assert set(modules) == on_disk
    core = core_modules()
    assert "msq_tui.cli" in core and "msq_tui.submission.document" in core and "msq_tui.store.session" in core
    assert not any(name.startswith("msq_tui.tui") for name in core)


def upward_imports() -> dict[tuple[str, str], str]:
    """(importer, imported) for every import up the floors, with where it is."""
    upward = {}
    for module, source in all_modules().items():
        own = floor_of(module)
        for line, name in imported_names(source, module):
            if name.split(".")[0] != "msq_tui" or name == "msq_tui":
                continue
            if floor_of(name) > own:
                upward[(module, name)] = f"{source.relative_to(REPOSITORY)}:{line}: {module} imports {name}"
    return upward


def test_no_module_imports_a_floor_above_its_own() -> None:
    found = upward_imports()
    new = [where for pair, where in found.items() if pair not in KNOWN_UPWARD]
    assert not new, "imports pointing up the floors (see DESIGN.md):\n" + "\n".join(new)
    gone = KNOWN_UPWARD - set(found)
    assert not gone, f"these upward imports are gone: remove them from KNOWN_UPWARD: {sorted(gone)}"


def test_the_core_never_imports_textual_not_even_lazily() -> None:
    found = [
        f"{source.relative_to(REPOSITORY)}:{line}: {name}"
        for module in core_modules()
        for source in [all_modules()[module]]
        for line, name in imported_names(source, module)
        if name.split(".")[0] in TEXTUAL
    ]
    assert not found, "the core imports Textual:\n" + "\n".join(found)


def test_the_core_runs_without_textual() -> None:
    """Importing every core module in a fresh interpreter, and running commands, leaves Textual
    (and Rich) out."""
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "from msq_tui.cli import main\n"
        "main(['check']); main(['blank', '-o', '/dev/null'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPOSITORY, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("msq_tui.model.words", "from msq_tui.store.drafts import DraftStore\n", "msq_tui.store.drafts"),
        ("msq_tui.submission.render", "def f():\n    import msq_tui.cli.output\n", "msq_tui.cli.output"),
        ("msq_tui.store.session", "from ..plain import mode\n", "msq_tui.plain"),
        ("msq_tui.files.atomic", "from msq_tui import cli\n", "msq_tui.cli"),
    ],
)
def test_an_upward_import_is_seen(tmp_path: Path, module: str, source: str, expected: str) -> None:
    """The check itself: an import up the floors, at the top, lazy, relative or by name, is found."""
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    names = [name for _, name in imported_names(path, module) if name.startswith("msq_tui.")]
    assert expected in names
    assert any(floor_of(name) > floor_of(module) for name in names)
