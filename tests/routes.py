"""The HTTP routes of the installed stack, read from Odoo's routing map.

Shared by the route walk (``test_route_walk.py``) and the form fuzz test
(``test_form_fuzz.py``). A route comes from the addons whose controller
classes define its method; it belongs to

- the *project* when one of them is a folder under ``addons/`` of this
  repository (every addon, including those added later);
- the *dependencies* when one of them is installed from elsewhere: a wheel of
  its own (``odoo-addon-<name>``, as the OCA ships them) or an addons folder
  outside the Odoo source tree;
- *Odoo core* otherwise: Odoo guards its own routes, the tests count them
  apart.
"""

import dataclasses
import threading
from functools import cache
from importlib import metadata
from pathlib import Path

import odoo.release
from odoo.modules.module import get_module_path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_ADDONS = ROOT / "addons"
ODOO_SOURCE = Path(odoo.release.__file__).resolve().parents[1]

PROJECT = "project"
DEPENDENCY = "dependency"
CORE = "core"


@cache
def module_origin(module):
    """``PROJECT``, ``DEPENDENCY`` or ``CORE`` for an installed addon."""
    if (PROJECT_ADDONS / module / "__manifest__.py").is_file():
        return PROJECT
    try:
        metadata.distribution(f"odoo-addon-{module}")
        return DEPENDENCY
    except metadata.PackageNotFoundError:
        path = get_module_path(module)
    if path and not Path(path).resolve().is_relative_to(ODOO_SOURCE):
        return DEPENDENCY
    return CORE


@dataclasses.dataclass(frozen=True)
class Route:
    rule: str
    methods: frozenset
    auth: str
    type: str
    modules: tuple
    arguments: frozenset

    @property
    def origin(self):
        origins = {module_origin(module) for module in self.modules}
        for origin in (PROJECT, DEPENDENCY):
            if origin in origins:
                return origin
        return CORE

    @property
    def declared_by(self):
        """The origin of the addon that declared the route."""
        return module_origin(self.modules[0]) if self.modules else CORE

    @property
    def key(self):
        methods = "|".join(sorted(self.methods)) if self.methods else "ANY"
        return f"{methods} {self.rule}"

    def accepts(self, method):
        return not self.methods or method in self.methods


def endpoint_modules(endpoint):
    """The addons whose controller classes define the endpoint's method,
    the one that declared the route first."""
    method = endpoint.__wrapped__
    name = method.__name__
    modules = []
    for cls in reversed(type(method.__self__).__mro__):
        if name in vars(cls) and cls.__module__.startswith("odoo.addons."):
            module = cls.__module__.split(".")[2]
            if module not in modules:
                modules.append(module)
    return tuple(modules)


def routing_map(env):
    """Odoo's routing map of ``env``'s database."""
    thread = threading.current_thread()
    if not getattr(thread, "dbname", None):
        # Odoo's test runner names the database on the thread, as the
        # routing map expects; pytest-odoo does not.
        thread.dbname = env.cr.dbname
    return env["ir.http"].routing_map()


def get_routes(env):
    """Every rule of the routing map of ``env``'s database, as ``Route``."""
    routes = []
    for rule in routing_map(env).iter_rules():
        routing = rule.endpoint.routing
        routes.append(
            Route(
                rule=rule.rule,
                methods=frozenset(rule.methods or ()) - {"OPTIONS", "HEAD"},
                auth=routing.get("auth", "user"),
                type=routing.get("type", "http"),
                modules=endpoint_modules(rule.endpoint),
                arguments=frozenset(rule.arguments),
            )
        )
    return routes


def match_route(env, path, method):
    """The key of the route that answers ``method`` on ``path``."""
    adapter = routing_map(env).bind("localhost")
    rule, _args = adapter.match(path, method=method, return_rule=True)
    methods = frozenset(rule.methods or ()) - {"OPTIONS", "HEAD"}
    label = "|".join(sorted(methods)) if methods else "ANY"
    return f"{label} {rule.rule}"
