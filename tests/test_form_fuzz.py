"""Every form route of the installed stack answers bad input in the page.

The form routes (those that take a POST) of the project's addons and of its
dependencies come from Odoo's routing map, as in the route walk; each must
be described in ``FORMS`` (or, for a page that takes any method, listed in
``NOT_FORMS``) or the test fails. Each form is first sent as its
user would (the control: it is accepted, then rolled back), then with one
value spoiled at a time: wrong types, other customers' records, records that
do not exist, ids PostgreSQL cannot hold, huge texts, a NUL byte, unknown and
missing fields. Every spoiled form is answered with a 4xx and a message in a
page of the site (the form's page with the reason, or the 403/404 page when
the record the form acts on is not the user's), never a bare 400/500 page,
and nothing is written in the database. One error per form is also read in
Norwegian: the message is translated.
"""

import dataclasses
import re
from collections.abc import Callable

from lxml import html

from odoo.tests import tagged
from odoo.tools import mute_logger

from .route_common import PAGE, RouteCase
from .routes import CORE, get_routes

# Ids no form offers: not numbers, negative, beyond what PostgreSQL holds.
WRONG_IDS = ("abc", "1.5", "-1", "1e3", str(2**40), str(10**30), "[1]")
NO_RECORD = str(2**31 - 1)
HUGE = "x" * 200_000
NUL = "a\x00b"
WRONG_DATES = ("abc", "2026-02-30", "2026-13-01", "99999-01-01", HUGE)
# "error": the form's page with the reason; "refused": the 403/404 page of
# the site, for a record the form acts on that is not the user's.
ERROR = "error"
REFUSED = "refused"


@dataclasses.dataclass(frozen=True)
class Spoil:
    """One spoiled form: ``change(own, other, url, data)`` returns the url
    and data to send."""

    label: str
    change: Callable
    expect: str = ERROR


def set_value(field, value, expect=ERROR):
    def change(own, other, url, data):
        new = value(own, other) if callable(value) else value
        return url, {**data, field: new}

    label = "another customer's" if callable(value) else repr(value)[:24]
    return Spoil(f"{field}={label}", change, expect)


def drop(field):
    def change(own, other, url, data):
        return url, {key: value for key, value in data.items() if key != field}

    return Spoil(f"without {field}", change)


def replace(label, make):
    """The whole form replaced by ``make(own, other)``."""

    def change(own, other, url, data):
        return url, make(own, other)

    return Spoil(label, change)


def other_url(path):
    def change(own, other, url, data):
        return path(other), data

    return Spoil("another customer's record in the URL", change, REFUSED)


def url_value(path, value):
    def change(own, other, url, data):
        return path(value), data

    return Spoil(f"{value!r} in the URL", change, REFUSED)


def wrong_ids(field, other_record, expect=ERROR):
    """An id field spoiled every way."""
    return [
        *(set_value(field, value, expect) for value in WRONG_IDS),
        set_value(field, NO_RECORD, expect),
        set_value(field, other_record, expect),
    ]


def texts(field):
    return [set_value(field, HUGE), set_value(field, NUL)]


def dates(field):
    return [set_value(field, value) for value in WRONG_DATES]


@dataclasses.dataclass(frozen=True)
class Form:
    """A form route: who sends it (``owner`` or ``manager``), the form as
    they send it (``build(own)`` returns url and data), its spoiled
    versions, and whether the control is sent (a form that cannot succeed
    on the test's data says why)."""

    user: str
    build: Callable
    spoils: list
    control: bool = True


def module_url(action):
    return lambda side: f"{PAGE}/module/{side.line.id}/{action}"


FORMS = {
    f"{PAGE}/account": Form(
        "owner",
        lambda s: (f"{PAGE}/account", {"contract_customer_number": "FZ-1"}),
        [
            *texts("contract_customer_number"),
            set_value("contract_customer_number", "y" * 65),
            set_value("contract_invoice_delivery_mode", "abc"),
            set_value("contract_invoice_delivery_mode", HUGE),
            *wrong_ids(
                "contract_billing_address_id", lambda s, o: o.invoice_address.id
            ),
            *wrong_ids(
                "contract_invoice_recipient_ids", lambda s, o: o.invoice_address.id
            ),
            set_value("name", "Renamed by a form"),
            set_value("contract_customer_number[]", "FZ"),
            drop("contract_customer_number"),
            *wrong_ids("partner_id", lambda s, o: o.customer.id, REFUSED),
        ],
    ),
    f"{PAGE}/account (manager)": Form(
        "manager",
        lambda s: (
            f"{PAGE}/account",
            {"partner_id": s.customer.id, "contract_test_account": "1"},
        ),
        [
            set_value("contract_test_account", "abc"),
            set_value("contract_test_account", HUGE),
            set_value("contract_vat_treatment", "abc"),
            *wrong_ids("contract_account_owner_id", lambda s, o: o.invoice_address.id),
            *wrong_ids("partner_id", lambda s, o: o.customer.id, REFUSED),
        ],
    ),
    f"{PAGE}/contract/<int:contract_id>": Form(
        "manager",
        lambda s: (
            f"{PAGE}/contract/{s.contract.id}",
            {"payment_term_id": s.payment_term.id},
        ),
        [
            *wrong_ids("payment_term_id", lambda s, o: o.payment_term.id),
            *wrong_ids("partner_id", lambda s, o: o.invoice_address.id),
            *dates("manual_period_date_start"),
            set_value("date_end", "2026-01-01"),
            drop("payment_term_id"),
            other_url(lambda o: f"{PAGE}/contract/{o.contract.id}"),
            url_value(lambda v: f"{PAGE}/contract/{v}", 2**40),
            url_value(lambda v: f"{PAGE}/contract/{v}", NO_RECORD),
        ],
    ),
    f"{PAGE}/contract/<int:contract_id>/order": Form(
        "owner",
        lambda s: (
            f"{PAGE}/contract/{s.contract.id}/order",
            {"product_id": s.orderable.id},
        ),
        [
            *wrong_ids("product_id", lambda s, o: o.orderable.id),
            # A product the page does not offer to order.
            set_value("product_id", lambda s, o: s.option.id),
            drop("product_id"),
            other_url(lambda o: f"{PAGE}/contract/{o.contract.id}/order"),
            url_value(lambda v: f"{PAGE}/contract/{v}/order", 2**40),
            url_value(lambda v: f"{PAGE}/contract/{v}/order", NO_RECORD),
        ],
    ),
    f"{PAGE}/module/<int:line_id>/cancel": Form(
        "owner",
        lambda s: (module_url("cancel")(s), {}),
        [
            *dates("date_end"),
            other_url(module_url("cancel")),
            url_value(lambda v: f"{PAGE}/module/{v}/cancel", 2**40),
        ],
    ),
    f"{PAGE}/module/<int:line_id>/cancel (manager)": Form(
        "manager",
        lambda s: (module_url("cancel")(s), {"date_end": "2026-12-31"}),
        [
            *dates("date_end"),
            # Before the module starts.
            set_value("date_end", "2024-01-01"),
        ],
    ),
    f"{PAGE}/module/<int:line_id>/change-tariff": Form(
        "owner",
        lambda s: (module_url("change-tariff")(s), {"product_id": s.tariff.id}),
        [
            *wrong_ids("product_id", lambda s, o: o.tariff.id),
            # A product the module does not offer as a tariff.
            set_value("product_id", lambda s, o: s.option.id),
            drop("product_id"),
            *dates("date_start"),
            other_url(module_url("change-tariff")),
        ],
    ),
    f"{PAGE}/module/<int:line_id>/info": Form(
        "owner",
        lambda s: (module_url("info")(s), {f"info_{s.info.id}": "FZ 42"}),
        [
            *(
                replace(
                    f"info_{value}", lambda s, o, value=value: {f"info_{value}": "1"}
                )
                for value in (*WRONG_IDS, NO_RECORD)
            ),
            replace(
                "another module's information", lambda s, o: {f"info_{o.info.id}": "1"}
            ),
            replace("info", lambda s, o: {"info": "1"}),
            replace("an unknown field", lambda s, o: {"value": "1"}),
            replace("nothing", lambda s, o: {}),
            replace("a huge value", lambda s, o: {f"info_{s.info.id}": HUGE}),
            replace("a NUL byte", lambda s, o: {f"info_{s.info.id}": NUL}),
            other_url(module_url("info")),
        ],
    ),
    f"{PAGE}/module/<int:line_id>/add-option": Form(
        "manager",
        lambda s: (module_url("add-option")(s), {"product_id": s.option.id}),
        [
            *wrong_ids("product_id", lambda s, o: o.option.id),
            set_value("product_id", lambda s, o: s.tariff.id),
            drop("product_id"),
            *dates("date_start"),
            other_url(module_url("add-option")),
        ],
    ),
    f"{PAGE}/legal/accept": Form(
        "owner",
        lambda s: (f"{PAGE}/legal/accept", {"document_ids": s.document.id}),
        [
            *wrong_ids("document_ids", lambda s, o: o.document.id),
            drop("document_ids"),
            *wrong_ids("partner_id", lambda s, o: o.customer.id, REFUSED),
        ],
    ),
    f"{PAGE}/delete-account": Form(
        "owner",
        lambda s: (f"{PAGE}/delete-account", {"confirm": "1"}),
        [
            drop("confirm"),
            set_value("confirm", "abc"),
            set_value("confirm", HUGE),
            *wrong_ids("partner_id", lambda s, o: o.customer.id, REFUSED),
        ],
        # The account has an active module: deleting it is refused in the
        # page whatever is posted (the route tests delete an ended account).
        control=False,
    ),
    "/ticket/close": Form(
        "owner",
        lambda s: (
            "/ticket/close",
            {"ticket_id": s.ticket.id, "stage_id": s.stage_done.id},
        ),
        [
            *wrong_ids("stage_id", lambda s, o: o.ticket.stage_id.id),
            drop("stage_id"),
            *wrong_ids("ticket_id", lambda s, o: o.ticket.id, REFUSED),
            Spoil(
                "without ticket_id",
                lambda s, o, url, data: (url, {"stage_id": s.stage_done.id}),
                REFUSED,
            ),
        ],
    ),
    "/submitted/ticket": Form(
        "owner",
        lambda s: (
            "/submitted/ticket",
            {
                "subject": "Fuzzed ticket",
                "description": "Filed by the form fuzz test.",
                "category": s.category.id,
            },
        ),
        [
            *wrong_ids("category", lambda s, o: o.category.id),
            drop("subject"),
            drop("description"),
            *texts("subject"),
            *texts("description"),
            set_value("subject", "   "),
        ],
    ),
}


# Routes that take any method but are pages, not forms (they read, list or
# show a form): a route that takes a POST and is in neither table fails.
NOT_FORMS = {
    "/my/contracts",
    "/my/contracts/page/<int:page>",
    "/my/contracts/<int:contract_contract_id>",
    "/my/tickets",
    "/my/tickets/page/<int:page>",
    "/my/ticket/<int:ticket_id>",
    "/my/ticket/<int:ticket_id>/<access_token>",
    "/new/ticket",
    # OCA queue_job: the job runner's endpoint and an administrators' test
    # tool, no form of the site (the route walk proves what they do to
    # others; the production proxy keeps them internal).
    "/queue_job/runjob",
    "/queue_job/create_test_job",
}


@tagged("post_install", "-at_install")
class TestFormFuzz(RouteCase):
    def _message(self, response):
        """The error shown in the page, or ``None``."""
        if not response.content.strip():
            return None
        tree = html.fromstring(response.content)
        alerts = tree.xpath("//*[@name='error' and contains(@class, 'alert')]")
        if alerts:
            return re.sub(r"\s+", " ", alerts[0].text_content()).strip()
        return None

    def _assert_answered(self, response, spoil, what):
        self.assertTrue(
            400 <= response.status_code < 500,
            f"{what} answered {response.status_code}",
        )
        # A page of the site (its layout), not a bare error page.
        self.assertIn('id="wrapwrap"', response.text, f"{what}: a bare page")
        if spoil.expect == REFUSED:
            self.assertIn(response.status_code, (403, 404), what)
        else:
            self.assertTrue(self._message(response), f"{what}: no message")

    def _send(self, user, url, data):
        self._login(user)
        return self._request("POST", url, data)

    def _control(self, form, side, what):
        """The form as its user sends it is accepted (rolled back)."""
        url, data = form.build(side)
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            response = self._send(getattr(side, form.user), url, data)
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        self.assertIn(response.status_code, (302, 303), f"{what}: the control")
        self.assertFalse(self._message(response), what)

    def _forget_language(self):
        for cookie in list(self.opener.cookies):
            if cookie.name == "frontend_lang":
                self.opener.cookies.clear(cookie.domain, cookie.path, cookie.name)

    def _translated(self, form, spoil, side):
        """The first error of the form, read in English and in Norwegian
        (the site's language in the URL, as its language menu links it)."""
        user = getattr(side, form.user)
        url, data = spoil.change(side, self.beta, *form.build(side))
        messages = {}
        try:
            for lang in ("en", "nb_NO"):
                response = self._send(user, f"/{lang}{url}", data)
                messages[lang] = self._message(response)
        finally:
            self._forget_language()
        self.assertTrue(messages["nb_NO"], f"{url}: no message in Norwegian")
        self.assertNotEqual(messages["nb_NO"], messages["en"], f"{url}: not translated")

    def test_every_form_answers_bad_input_in_the_page(self):
        self.env["res.lang"]._activate_lang("nb_NO")
        forms = [
            route
            for route in get_routes(self.env)
            if route.origin != CORE
            and route.accepts("POST")
            and route.type == "http"
            and route.rule not in NOT_FORMS
        ]
        described = {name.split(" (")[0] for name in FORMS}
        self.assertEqual(
            sorted(
                f"{route.key} ({', '.join(route.modules)})"
                for route in forms
                if route.rule not in described
            ),
            [],
            "Form routes the fuzz test does not know: describe them in FORMS of "
            "tests/test_form_fuzz.py",
        )
        side, other = self.alpha, self.beta
        sent = 0
        with mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http"):
            self._send(side.owner, PAGE, {})  # assets, once
            for name, form in FORMS.items():
                if form.control:
                    self._control(form, side, name)
                before = self._fingerprint()
                for spoil in form.spoils:
                    url, data = spoil.change(side, other, *form.build(side))
                    what = f"{name}: {spoil.label}"
                    with self.subTest(form=name, spoil=spoil.label):
                        response = self._send(getattr(side, form.user), url, data)
                        sent += 1
                        self._assert_answered(response, spoil, what)
                with self.subTest(form=name):
                    self._assert_nothing_written(before, name)
                    error = next(s for s in form.spoils if s.expect == ERROR)
                    self._translated(form, error, side)
        untried = sorted(route.key for route in forms if route.key not in self.tried)
        self.assertEqual(untried, [], "form routes the fuzz test did not send")
        # The figure is the test's report: pytest repeats it after the run
        # (conftest.py), Odoo's runner prints it.
        print(  # pylint: disable=print-used
            f"summary: form routes fuzzed: {len(forms)}; spoiled forms sent: {sent}"
        )
