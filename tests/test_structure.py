"""The package's shape: modules talk through public names only, and stay small enough to read."""
import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "swiftemu"
MODULES = sorted(path for path in PACKAGE.rglob("*.py") if path.name != "_modidx.py")
ALLOWED_OWNERS = {"self", "cls"}


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_here(tree: ast.Module) -> set[str]:
    "Every underscore name this module defines: functions, classes, and attributes it assigns."
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if private(name)}


def violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    own = defined_here(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            internal = node.level > 0 or (node.module or "").startswith("swiftemu")
            for alias in node.names:
                if internal and private(alias.name):
                    found.append(f"line {node.lineno}: imports {alias.name} from {node.module}")
        elif isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in own:
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ALLOWED_OWNERS:
                continue  # an object's own (or its class's) members, inherited hooks included
            if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
                continue
            found.append(f"line {node.lineno}: reads .{node.attr} defined in another module")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_reads_another_modules_underscore_names(path):
    assert violations(path) == []


def test_the_walk_catches_what_it_should(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from swiftemu.emulators.base import _point_table\n"
                   "def f(emulator):\n    return emulator._table\n")
    assert len(violations(bad)) == 2
    good = tmp_path / "good.py"
    good.write_text("class A:\n    def __init__(self):\n        self._x = 1\n\n"
                    "def f(a):\n    return a._x\n")
    assert violations(good) == []


def test_modules_and_exported_cells_stay_small():
    "No exported module over about 450 lines, no exported cell over about 60 (measured, with a small margin)."
    long_modules = {str(path.relative_to(PACKAGE)): n for path in MODULES
                    if (n := len(path.read_text().splitlines())) > 470}
    assert long_modules == {}
    long_cells = {}
    for notebook in sorted((ROOT / "nbs").rglob("*.ipynb")):
        for cell in json.loads(notebook.read_text())["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and source.startswith("#| export") and len(source.splitlines()) > 65:
                long_cells[f"{notebook.name}:{cell['id']}"] = len(source.splitlines())
    assert long_cells == {}
