"""Layer rules: core loads no GUI library, and nothing imports the folders bare."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GUI_MODULES = ("panel", "holoviews", "bokeh")
#: Top-level folders that install as adexlab.<name> and must be imported that way.
BARE_PACKAGES = ("core", "app", "widgets", "demos")

_IMPORT_ALL_OF_CORE = """
import json, pkgutil, sys
import adexlab.core
for info in pkgutil.walk_packages(adexlab.core.__path__, "adexlab.core."):
    __import__(info.name)
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def modules_loaded_by_importing_core() -> set[str]:
    """Names in sys.modules after a fresh interpreter imported all of adexlab.core.

    It starts in the repository root, where bare `core` would be importable, so a stray
    `import core` shows up here instead of failing.
    """
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL_OF_CORE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_core_and_its_submodules_load_no_gui_library(modules_loaded_by_importing_core):
    loaded = modules_loaded_by_importing_core
    assert {"adexlab.core.analysis", "adexlab.core.pynn"} <= loaded
    assert not {name.partition(".")[0] for name in loaded} & set(GUI_MODULES)


def test_importing_core_loads_no_bare_package(modules_loaded_by_importing_core):
    assert not modules_loaded_by_importing_core & set(BARE_PACKAGES)


def _bare_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            f"{path.relative_to(REPO)}:{node.lineno}: {name}"
            for name in names
            if name.partition(".")[0] in BARE_PACKAGES
        ]
    return found


def test_no_source_file_imports_a_folder_by_its_bare_name():
    """`import core` would load a second copy of every module; use adexlab.core."""
    sources = [
        path
        for folder in (*BARE_PACKAGES, "tests")
        for path in sorted((REPO / folder).rglob("*.py"))
    ]
    offenders = [line for path in sources for line in _bare_imports(path)]
    assert offenders == []
