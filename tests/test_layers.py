"""The package's layers: no module imports one that imports it back, and the CLI stays light."""

import ast
import subprocess
import sys
from pathlib import Path

import horingsanalyse

PACKAGE = Path(horingsanalyse.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def internal_imports() -> dict[str, set[str]]:
    """Module -> the package modules it imports, at the top or inside a function."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *([node.module] if node.module else [])])
                candidates = [target] + [f"{target}.{alias.name}".strip(".") for alias in node.names]
                graph[name] |= {c for c in candidates if c in modules and c != name}
    return graph


def test_no_module_imports_one_that_imports_it_back():
    graph = internal_imports()
    cycles = []

    def visit(node, path):
        for nxt in graph[node]:
            if nxt in path:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif len(path) < 12:
                visit(nxt, path + [nxt])

    for start in graph:
        visit(start, [start])
    assert not cycles, f"import cycles: {sorted({' -> '.join(c) for c in cycles})[:5]}"


def test_the_bottom_layers_import_nothing_from_the_stages():
    graph = internal_imports()
    for bottom in ("types", "errors", "serialize", "extensions", "kept"):
        assert graph[bottom] <= {"types", "errors"}, f"{bottom} imports {graph[bottom]}"


def test_help_loads_no_pipeline_module():
    code = ("import sys\nfrom horingsanalyse.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('spacy', 'pdfplumber', 'pandas', 'sklearn', 'docx') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_store_never_sees_the_corrections():
    """Corrections are applied to the machine's results after the store, never written into it."""
    graph = internal_imports()
    assert "corrections" not in graph["store"]
    assert graph["corrections"].isdisjoint({"store", "batch", "report", "analysis", "cli"})


def test_the_adaptation_sits_below_the_batch():
    """The stance model is taught from plain results; it knows nothing of the store or the run."""
    graph = internal_imports()
    assert graph["adaptation"].isdisjoint({"store", "batch", "report", "analysis", "cli", "corrections"})
    assert "adaptation" in graph["batch"]
