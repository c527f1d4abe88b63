"""Layers enforced, not described: the pages and the API read data only through the domains' `queries` (and decide
only through their `rules`). Every view reachable from the URLconf is found by walking it; the module that
defines the view, the modules of its base classes, and every module of the delivery packages (phoihop.web,
phoihop.api) holding a view are parsed, and any access to a model manager (`X.objects`, `X._default_manager`,
`X._base_manager`) is reported as module:line."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

MANAGER_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager"})

# Modules allowed to touch a manager, each with its reason. Keep this empty: a view that needs a query gets a
# function in its domain's queries.py instead.
ALLOWED: dict[str, str] = {}

OURS = "phoihop."
DELIVERY_PACKAGES = ("phoihop.web", "phoihop.api")


def manager_accesses(source: str) -> list[tuple[int, str]]:
    """(line, attribute) of every attribute access to a model manager in the source, in order."""
    found = [
        (node.lineno, node.attr)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRIBUTES
    ]
    return sorted(found)


def _patterns(patterns: list[Any]) -> Iterator[tuple[URLPattern | URLResolver, Any]]:
    """Every URLPattern and URLResolver under the given ones, recursively, with the URLconf module holding it."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield pattern, pattern.urlconf_module
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern, None


def _view_modules(callback: Callable[..., Any]) -> set[str]:
    """The module defining a view: the function's (through its decorators), or the class's and its bases' for a
    class-based view (Django's view_class, DRF's cls)."""
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return {klass.__module__ for klass in inspect.getmro(view_class)}
    return {inspect.unwrap(callback).__module__}


def _package_modules(package_name: str) -> set[str]:
    package = importlib.import_module(package_name)
    names = {package_name}
    if hasattr(package, "__path__"):
        names |= {info.name for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}.")}
    return names


def checked_modules() -> set[str]:
    """Our modules reachable from the URLconf: every view's module (and its bases'), every URLconf module, and
    every module of the delivery package that holds a view (so that a helper module of web/views/reports/ is
    checked as well as the module of its views)."""
    modules: set[str] = set()
    for pattern, urlconf in _patterns(get_resolver().url_patterns):
        if isinstance(urlconf, ModuleType):
            modules.add(urlconf.__name__)
        if isinstance(pattern, URLPattern):
            modules |= _view_modules(pattern.callback)
    ours = {m for m in modules if m.startswith(OURS)}
    for module in list(ours):
        package = module.rpartition(".")[0]
        if package.startswith(DELIVERY_PACKAGES):
            ours |= _package_modules(package)
    return ours


def _violations(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    source = Path(str(module.__file__)).read_text(encoding="utf-8")
    return [f"{module_name}:{line}: .{attr}" for line, attr in manager_accesses(source)]


def test_the_walk_finds_the_views_of_every_area() -> None:
    modules = checked_modules()
    for expected in (
        "phoihop.web.views.consultations",
        "phoihop.web.views.home",
        "phoihop.web.views.calendar",
        "phoihop.web.views.regulations",
        "phoihop.api.consultations",
        "phoihop.api.regulations",
        "phoihop.api.workdays",
        "phoihop.api.views",
        "phoihop.scheduler.health",
    ):
        assert expected in modules
    assert any(m.startswith("phoihop.web.views.reports") for m in modules)
    assert any(m.startswith("phoihop.api.reports") for m in modules)
    assert not any(m.startswith("django.") for m in modules)


def test_no_view_touches_a_model_manager_directly() -> None:
    violations = [v for m in sorted(checked_modules() - set(ALLOWED)) for v in _violations(m)]
    assert violations == [], (
        "Views read through their domain's queries.py, never a model manager:\n" + "\n".join(violations)
    )


def test_the_checker_catches_a_manager_access() -> None:
    source = (
        "from app.models import Foo\n"
        "\n"
        "def view(request):\n"
        "    rows = Foo.objects.filter()\n"
        "    other = Foo._default_manager.all()\n"
        "    base = type(rows[0])._base_manager.none()\n"
        "    return rows.objects_count, getattr(Foo, 'objects')\n"
    )
    assert manager_accesses(source) == [(4, "objects"), (5, "_default_manager"), (6, "_base_manager")]


def test_the_allow_list_names_only_modules_that_exist_and_still_need_it() -> None:
    for module_name, reason in ALLOWED.items():
        assert reason
        assert _violations(module_name), f"{module_name} no longer touches a manager: drop it from ALLOWED"
