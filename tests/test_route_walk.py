"""Every HTTP route of the installed stack, walked as another company's users.

The routes come from Odoo's routing map (``ir.http.routing_map``). Those of
the project's addons and of the addons the suite installs from elsewhere (the
OCA dependencies) are walked; Odoo's own routes are counted apart (see
``routes.py``). Each walked route must be described in ``ROUTES``: a route
without a description fails the test, so that a route added later, here or in
a dependency, cannot slip through.

Two customers of two companies (``alpha`` in the main company, ``beta`` in a
second one), each with a portal user who owns the account and a contract
manager of that company only. For every route, in both directions:

- a request on the other customer's records, as that customer's portal user,
  as the other company's contract manager and as a visitor, is refused (403,
  404, or the portal's redirect to ``/my`` or to the login) and shows none of
  the other customer's data; the same request by the records' own user is
  not refused (the control: the walk would see a hole);
- a request that names no record shows none of the other customer's data;
- a form posted with another customer's records as choices is answered with a
  4xx;
- a GET with the parameters of a form changes nothing;
- and nothing at all is written in the database by any of these requests.
"""

import dataclasses
from collections.abc import Callable

from odoo.tests import tagged
from odoo.tools import mute_logger

from .route_common import PAGE, RouteCase
from .routes import CORE, DEPENDENCY, PROJECT, get_routes

# Route arguments that name no record.
NOT_RECORD_ARGUMENTS = {"page", "access_token"}


@dataclasses.dataclass(frozen=True)
class Probe:
    """One request of the walk, built by ``build(side, choice)`` from the
    records of ``side`` (and the records offered as choices, of ``choice``).

    ``kind``:

    - ``record``: acts on the records of ``side``: refused to the other
      company's users, not to ``side``'s own ``control`` user (``owner`` or
      ``manager``);
    - ``list``: names no record: never shows the other customer's data, and
      shows the text ``shows(side)`` of the user's own records;
    - ``choice``: a form of the user's own records with another customer's
      records as choices: a 4xx; with their own, not refused;
    - ``internal``: a route no user of the site calls (OCA queue_job's job
      runner, an administrators' tool; the production proxy refuses it,
      ``config/nginx.conf.in``): refused to every user of the walk, or doing
      nothing; there is no control user.
    """

    kind: str
    method: str
    build: Callable
    control: str = "owner"
    shows: Callable = None


def record(method, build, control="owner"):
    return Probe("record", method, build, control=control)


def listing(build, shows):
    return Probe("list", "GET", build, shows=shows)


def choice(build, control="owner"):
    return Probe("choice", "POST", build, control=control)


def internal(method, build):
    return Probe("internal", method, build)


# Every walked route, by its URL rule: how to call it.
ROUTES = {
    # contract_portal
    PAGE: [
        record("GET", lambda s, c: (f"{PAGE}?partner_id={s.customer.id}", None)),
        listing(lambda s, c: (PAGE, None), shows=lambda s: s.customer.name),
    ],
    f"{PAGE}/account": [
        record(
            "POST",
            lambda s, c: (
                f"{PAGE}/account",
                {"partner_id": s.customer.id, "contract_customer_number": "RW"},
            ),
        ),
        choice(
            lambda s, c: (
                f"{PAGE}/account",
                {"contract_billing_address_id": c.invoice_address.id},
            )
        ),
    ],
    f"{PAGE}/contract/<int:contract_id>": [
        record(
            "POST",
            lambda s, c: (f"{PAGE}/contract/{s.contract.id}", {"payment_term_id": ""}),
        ),
        choice(
            lambda s, c: (
                f"{PAGE}/contract/{s.contract.id}",
                {"partner_id": c.invoice_address.id},
            ),
            control="manager",
        ),
    ],
    f"{PAGE}/contract/<int:contract_id>/order": [
        record(
            "POST",
            lambda s, c: (
                f"{PAGE}/contract/{s.contract.id}/order",
                {"product_id": s.orderable.id},
            ),
        ),
        choice(
            lambda s, c: (
                f"{PAGE}/contract/{s.contract.id}/order",
                {"product_id": c.orderable.id},
            )
        ),
    ],
    f"{PAGE}/module/<int:line_id>/cancel": [
        record("GET", lambda s, c: (f"{PAGE}/module/{s.line.id}/cancel", None)),
        record("POST", lambda s, c: (f"{PAGE}/module/{s.line.id}/cancel", {})),
    ],
    f"{PAGE}/module/<int:line_id>/change-tariff": [
        record("GET", lambda s, c: (f"{PAGE}/module/{s.line.id}/change-tariff", None)),
        record(
            "POST",
            lambda s, c: (
                f"{PAGE}/module/{s.line.id}/change-tariff",
                {"product_id": c.product.id},
            ),
        ),
    ],
    f"{PAGE}/module/<int:line_id>/info": [
        record(
            "POST",
            lambda s, c: (
                f"{PAGE}/module/{s.line.id}/info",
                {f"info_{c.info.id}": "RW"},
            ),
        ),
        choice(
            lambda s, c: (
                f"{PAGE}/module/{s.line.id}/info",
                {f"info_{c.info.id}": "RW"},
            )
        ),
    ],
    f"{PAGE}/module/<int:line_id>/add-option": [
        record(
            "POST",
            lambda s, c: (f"{PAGE}/module/{s.line.id}/add-option", {"product_id": ""}),
            control="manager",
        ),
    ],
    f"{PAGE}/legal/accept": [
        record(
            "POST",
            lambda s, c: (
                f"{PAGE}/legal/accept",
                {"partner_id": s.customer.id, "document_ids": c.document.id},
            ),
        ),
        choice(lambda s, c: (f"{PAGE}/legal/accept", {"document_ids": c.document.id})),
    ],
    f"{PAGE}/legal/<int:document_id>": [
        record("GET", lambda s, c: (f"{PAGE}/legal/{s.document.id}", None)),
    ],
    f"{PAGE}/delete-account": [
        record(
            "GET",
            lambda s, c: (f"{PAGE}/delete-account?partner_id={s.customer.id}", None),
        ),
        record(
            "POST",
            lambda s, c: (
                f"{PAGE}/delete-account",
                {"partner_id": s.customer.id, "confirm": "1"},
            ),
        ),
    ],
    # helpdesk_mgmt (guarded by helpdesk_mgmt_portal_guard)
    "/ticket/close": [
        record(
            "POST",
            lambda s, c: (
                "/ticket/close",
                {"ticket_id": s.ticket.id, "stage_id": s.stage_done.id},
            ),
        ),
    ],
    "/new/ticket": [
        listing(lambda s, c: ("/new/ticket", None), shows=lambda s: s.category.name),
    ],
    "/submitted/ticket": [
        choice(
            lambda s, c: (
                "/submitted/ticket",
                {
                    "subject": "Route walk ticket",
                    "description": "Filed by the route walk.",
                    "category": c.category.id,
                },
            )
        ),
    ],
    "/my/tickets": [
        listing(lambda s, c: ("/my/tickets", None), shows=lambda s: s.ticket.name),
    ],
    "/my/tickets/page/<int:page>": [
        listing(
            lambda s, c: ("/my/tickets/page/1", None), shows=lambda s: s.ticket.name
        ),
    ],
    "/my/ticket/<int:ticket_id>": [
        record("GET", lambda s, c: (f"/my/ticket/{s.ticket.id}", None)),
    ],
    "/my/ticket/<int:ticket_id>/<access_token>": [
        record("GET", lambda s, c: (f"/my/ticket/{s.ticket.id}/not-a-token", None)),
    ],
    # contract
    "/my/contracts": [
        listing(lambda s, c: ("/my/contracts", None), shows=lambda s: s.contract.name),
    ],
    "/my/contracts/page/<int:page>": [
        listing(
            lambda s, c: ("/my/contracts/page/1", None),
            shows=lambda s: s.contract.name,
        ),
    ],
    "/my/contracts/<int:contract_contract_id>": [
        record("GET", lambda s, c: (f"/my/contracts/{s.contract.id}", None)),
    ],
    # queue_job: only a job the runner has just enqueued runs (none here)
    "/queue_job/runjob": [
        internal(
            "GET",
            lambda s, c: (
                "/queue_job/runjob?job_uuid=00000000-0000-4000-8000-000000000000",
                None,
            ),
        ),
    ],
    "/queue_job/create_test_job": [
        internal("GET", lambda s, c: ("/queue_job/create_test_job", None)),
    ],
}


@tagged("post_install", "-at_install")
class TestRouteWalk(RouteCase):
    def _assert_hides(self, response, side, what):
        shown = [marker for marker in side.markers if marker in response.text]
        self.assertFalse(shown, f"{what} shows another customer's data")

    # ------------------------------------------------------------------
    # The walk
    # ------------------------------------------------------------------

    def _attack(self, route, probe, victim, other):
        """Every request of ``probe`` that must not reach ``victim``'s
        records, by the users of the ``other`` customer and by a visitor."""
        if probe.kind == "internal":
            url, data = probe.build(victim, victim)
            for user in (other.owner, other.manager, None):
                self._login(user)
                what = f"{probe.method} {url} as {user.login if user else 'a visitor'}"
                with self.subTest(route=route, request=what):
                    response = self._request(probe.method, url, data)
                    self.assertLess(response.status_code, 500, what)
                    self.assertTrue(
                        self._is_refused(response) or not response.text.strip(),
                        f"{what} answered {response.status_code} with a page",
                    )
            return
        if probe.kind == "choice":
            # The form of the other customer's own records, with the
            # victim's records as choices.
            url, data = probe.build(other, victim)
            users = (getattr(other, probe.control), None)
        else:
            side = victim if probe.kind == "record" else other
            url, data = probe.build(side, side)
            users = (other.owner, other.manager, None)
        for user in users:
            self._login(user)
            what = f"{probe.method} {url} as {user.login if user else 'a visitor'}"
            with self.subTest(route=route, request=what):
                response = self._request(probe.method, url, data)
                self.assertLess(response.status_code, 500, what)
                self._assert_hides(response, victim, what)
                if probe.kind == "record" or (probe.kind == "choice" and not user):
                    self.assertTrue(
                        self._is_refused(response),
                        f"{what} answered {response.status_code}, not refused",
                    )
                elif probe.kind == "choice":
                    self.assertTrue(
                        400 <= response.status_code < 500,
                        f"{what} answered {response.status_code}",
                    )
        if probe.method == "POST":
            # The parameters of the form in a GET, by the records' own user:
            # a GET changes nothing.
            self._login(getattr(victim, probe.control))
            url, data = probe.build(victim, victim)
            self._request("GET", url, data)

    def _control(self, route, probe, side):
        """The same request by ``side``'s own user is not refused (rolled
        back: the control may change what it acts on)."""
        user = getattr(side, probe.control)
        self._login(user)
        url, data = probe.build(side, side)
        what = f"{probe.method} {url} as {user.login}"
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            response = self._request(probe.method, url, data)
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        with self.subTest(route=route, control=what):
            self.assertLess(response.status_code, 500, what)
            self.assertFalse(
                self._is_refused(response),
                f"{what} answered {response.status_code}: the walk would not "
                "see a hole in this route",
            )
            if probe.shows:
                self.assertIn(probe.shows(side), response.text, what)

    def test_walk_every_route(self):
        routes = get_routes(self.env)
        walked = [route for route in routes if route.origin != CORE]
        core = [route for route in routes if route.origin == CORE]
        unclassified = sorted(
            f"{route.key} ({', '.join(route.modules)})"
            for route in walked
            if route.rule not in ROUTES
        )
        self.assertEqual(
            unclassified,
            [],
            "Routes of the project or of its dependencies that the walk cannot "
            "classify: describe them in ROUTES of tests/test_route_walk.py",
        )
        stale = sorted(set(ROUTES) - {route.rule for route in walked})
        self.assertEqual(stale, [], "ROUTES describes routes that do not exist")
        for route in walked:
            takes_record = route.arguments - NOT_RECORD_ARGUMENTS
            if takes_record:
                with self.subTest(route=route.key):
                    self.assertTrue(
                        {"record", "internal"}
                        & {probe.kind for probe in ROUTES[route.rule]},
                        f"{route.key} takes {sorted(takes_record)}: it needs a "
                        "'record' probe",
                    )

        with mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http"):
            # Pages render their assets once: not a write of the walk.
            for side in (self.alpha, self.beta):
                self._login(side.owner)
                self._request("GET", PAGE)
            for rule, probes in ROUTES.items():
                before = self._fingerprint()
                for probe in probes:
                    for victim, attacker in (
                        (self.alpha, self.beta),
                        (self.beta, self.alpha),
                    ):
                        self._attack(rule, probe, victim, attacker)
                with self.subTest(route=rule):
                    self._assert_nothing_written(before, rule)
                for probe in probes:
                    if probe.kind == "internal":
                        continue
                    for side in (self.alpha, self.beta):
                        self._control(rule, probe, side)

        walked_keys = {route.key for route in walked}
        self.assertEqual(
            sorted(walked_keys - self.tried), [], "routes the walk did not try"
        )
        tried = [route for route in walked if route.key in self.tried]
        from_dependencies = [r for r in tried if r.declared_by == DEPENDENCY]
        # The figure is the test's report: pytest repeats it after the run
        # (conftest.py), Odoo's runner prints it.
        print(  # pylint: disable=print-used
            f"summary: routes tried: {len(tried)} "
            f"(project {len(tried) - len(from_dependencies)}, "
            f"dependencies {len(from_dependencies)}, of which "
            f"{sum(r.origin == PROJECT for r in from_dependencies)} guarded by the "
            f"project); requests: {self.requests}; "
            f"Odoo core routes counted apart: {len(core)}"
        )
