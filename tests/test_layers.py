"""The dependency direction of ARCHITECTURE.md, read from the source without importing it.

config → api → publishing → workflow → notifications → translations, never the reverse.
Every import statement counts, also one inside a function, and so does a module named by
a literal to import_module or import_string; so does a model named lazily ("workflow.Statement"
in a ForeignKey, apps.get_model("workflow", ...)), except in migrations, which are history.
django.setup() would load every app, so a check at run time could not tell who imported what.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OTHER_APPS = ("config", "api", "publishing", "workflow", "notifications")
# Source (a package, or one module) → the top-level packages it must not import.
FORBIDDEN = {
    "translations": set(OTHER_APPS),
    "notifications": {"config", "api", "publishing", "workflow"},
    "workflow": {"config", "api", "publishing"},
    "publishing": {"api", "config"},
    # The site's 404 and 500 work without the API; settings name the API's own views.
    "config/errors.py": {"api"},
}
_IMPORTERS = {"import_module", "import_string", "__import__"}
_RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField", "get_model"}


def sources(where: str) -> list[Path]:
    path = ROOT / where
    return [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, module: str | None = None) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in the file (named ``module``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = (module or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module
            if not node.module:  # "from . import x": x may be a module of the package
                for alias in node.names:
                    yield node.lineno, f"{module}.{alias.name}"
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in _IMPORTERS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield node.lineno, first.value


def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def models_named(path: Path) -> Iterator[tuple[int, str]]:
    """(line, app label) of every model named by a string: relations and get_model()."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not (isinstance(node, ast.Call) and _name(node) in _RELATIONS):
            continue
        given = [*node.args[:1], *(k.value for k in node.keywords if k.arg in {"to", "app_label"})]
        for value in given:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield node.lineno, value.value.split(".")[0]


def test_the_reader_finds_every_kind_of_import(tmp_path):
    source = tmp_path / "lookups.py"
    source.write_text(
        "import os.path\n"
        "from .. import languages\n"
        "from . import index\n"
        "from .base import Match\n"
        "def later():\n"
        "    from workflow.models import Statement\n"
        "    return import_string('api.errors.body'), importlib.import_module('publishing')\n",
        encoding="utf-8",
    )
    found = {name for _, name in imported(source, "translations.memory.lookups")}
    assert found == {
        "os.path",
        "translations",
        "translations.languages",
        "translations.memory",
        "translations.memory.index",
        "translations.memory.base",
        "workflow.models",
        "api.errors.body",
        "publishing",
    }


def test_the_reader_finds_models_named_by_a_string(tmp_path):
    source = tmp_path / "models.py"
    source.write_text(
        "statement = models.ForeignKey('workflow.Statement', on_delete=models.CASCADE)\n"
        "user = models.ForeignKey(to='auth.User', on_delete=models.CASCADE)\n"
        "topics = models.ManyToManyField(settings.AUTH_USER_MODEL)\n"
        "Variant = apps.get_model('workflow', 'Variant')\n",
        encoding="utf-8",
    )
    assert {label for _, label in models_named(source)} == {"workflow", "auth"}


@pytest.mark.parametrize("where", sorted(FORBIDDEN))
def test_no_module_imports_a_layer_above_its_own(where):
    paths = sources(where)
    assert paths, f"{where} has no Python files"
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in paths
        for line, name in imported(path)
        if name.split(".")[0] in FORBIDDEN[where]
    ]
    wrong += [
        f"{path.relative_to(ROOT)}:{line} names a model of {label}"
        for path in paths
        if "migrations" not in path.parts
        for line, label in models_named(path)
        if label in FORBIDDEN[where]
    ]
    assert not wrong, "\n".join(wrong)


def _graph(package: str) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports (anywhere in the file)."""
    paths = [p for p in sources(package) if "migrations" not in p.parts]
    modules = {module_name(p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {
            imported_name
            for _, imported_name in imported(path)
            if imported_name in modules and imported_name != name
        }
    return graph


@pytest.mark.parametrize("package", ["workflow", "translations", "publishing", "api"])
def test_no_import_cycle_inside_an_app(package):
    graph = _graph(package)
    # A package's __init__ re-exporting its modules is not an edge back into them.
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"{package} has an import cycle: {' → '.join(exc.args[1])}")


def test_the_cycle_finder_finds_a_cycle():
    with pytest.raises(CycleError):
        list(TopologicalSorter({"a": {"b"}, "b": {"c"}, "c": {"a"}}).static_order())


# The desk, the API and the admin ask workflow.permissions and the state machine who may do
# what; they do not test roles, claims or editable states themselves.
EDGES = ("workflow/views", "workflow/admin.py", "workflow/templatetags", "api")
RULES_ELSEWHERE = {
    r"\broles\.": "asks roles directly",
    r"\bRole\.": "tests a role",
    r"\b(has_role|works_in|role_names|working_languages)\(": "tests roles or languages",
    r"\b(assignee_id|translated_by_id|created_by_id)\s*(==|!=|in\b)": "tests who holds or wrote it",
    r"\b[A-Z_]*EDITABLE\b": "tests which states are editable",
    r"\.state\s+(in|not in)\s*[(\[{]": "tests a set of states",
}


def rule_breaches(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        for pattern, what in RULES_ELSEWHERE.items():
            if re.search(pattern, code):
                found.append(f"{path.relative_to(ROOT)}:{number} {what}: {line.strip()}")
    return found


def test_the_edges_ask_permissions_instead_of_testing_roles_and_states():
    paths = [p for where in EDGES for p in sources(where)]
    assert paths
    wrong = [breach for path in paths for breach in rule_breaches(path)]
    assert not wrong, "\n".join(wrong)


def test_the_rule_finder_finds_a_role_test(tmp_path):
    view = tmp_path / "view.py"
    view.write_text(
        "if roles.has_role(user, Role.EDITOR) and variant.assignee_id == user.pk:\n"
        "    editable = variant.state in (State.DRAFT,)\n",
        encoding="utf-8",
    )
    view = view.rename(ROOT / "tests" / "_rule_probe.py")
    try:
        assert len(rule_breaches(view)) >= 4
    finally:
        view.unlink()


@pytest.mark.parametrize(
    ("where", "never"),
    [
        # The state machine tells the world through a signal; notices and tasks listen.
        ("workflow/states.py", {"workflow.notices", "workflow.tasks", "workflow.services"}),
        ("workflow/guards.py", {"workflow.notices", "workflow.tasks", "workflow.services"}),
        ("workflow/permissions.py", {"workflow.states", "workflow.services"}),
        # Services and the pipeline send tasks by name (dispatch), never import them.
        ("workflow/services", {"workflow.tasks"}),
        ("workflow/pipeline", {"workflow.tasks", "workflow.services"}),
        ("workflow/notices.py", {"workflow.tasks", "workflow.services"}),
    ],
)
def test_the_kernel_does_not_reach_up(where, never):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sources(where)
        for line, name in imported(path)
        if any(name == n or name.startswith(n + ".") for n in never)
    ]
    assert not wrong, "\n".join(wrong)
