"""Two customers of two companies and the helpers of the route tests.

``alpha`` (the main company) and ``beta`` (a second company) each have a
portal user who owns the account, a contract manager of that company only, a
contract with a module, module information, a legal document, a helpdesk
category and a ticket in progress. Shared by the route walk and the form fuzz
test.
"""

import dataclasses
from urllib.parse import urlencode, urlsplit

from werkzeug.exceptions import MethodNotAllowed, NotFound

from odoo import Command, fields
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user
from odoo.tools import SQL

from .routes import match_route

PAGE = "/my/contract-management"
# Where the portal sends a user who may not see a record (Odoo's convention
# for portal documents) or a visitor who must sign in.
REFUSAL_REDIRECTS = ("/my", "/my/home", "/web/login")
# Written by every sign-in of the tests' users, not by the routes.
SIGN_IN_TABLES = {"res_users_log", "res_device", "res_device_log"}


@dataclasses.dataclass
class Side:
    """One customer of one company and what the routes act on."""

    company: object
    customer: object
    owner: object
    manager: object
    invoice_address: object
    product: object
    tariff: object
    option: object
    orderable: object
    payment_term: object
    contract: object
    line: object
    info: object
    document: object
    ticket: object
    category: object
    stage_done: object
    # Texts that only pages of this customer show.
    markers: tuple = ()


class RouteCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls._create_side("Alpha", cls.env.company)
        cls.beta = cls._create_side(
            "Beta", cls.env["res.company"].create({"name": "Route Walk Beta Co"})
        )
        # Odoo's portal gives a document its access token the first time a
        # page links it (a write by a GET, Odoo's own): give them now.
        for model in ("contract.contract", "helpdesk.ticket"):
            for document in cls.env[model].with_context(active_test=False).search([]):
                document._portal_ensure_token()

    @classmethod
    def _create_side(cls, name, company):
        env = cls.env
        company.helpdesk_mgmt_portal_select_category = True
        customer = env["res.partner"].create(
            {
                "name": f"Routewalk {name} Customer",
                "is_company": True,
                "company_id": company.id,
            }
        )
        owner_contact, invoice_address = env["res.partner"].create(
            [
                {
                    "name": f"Routewalk {name} Owner",
                    "parent_id": customer.id,
                    "email": f"owner.{name.lower()}@example.com",
                },
                {
                    "name": f"Routewalk {name} Accounts Payable",
                    "parent_id": customer.id,
                    "type": "invoice",
                    "email": f"ap.{name.lower()}@example.com",
                },
            ]
        )
        customer.contract_account_owner_id = owner_contact
        login = f"routewalk_{name.lower()}"
        owner = new_test_user(
            env,
            login=login,
            groups="base.group_portal",
            partner_id=owner_contact.id,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        manager = new_test_user(
            env,
            login=f"{login}_manager",
            groups="contract_portal.group_contract_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        product, tariff, option = env["product.product"].create(
            [
                {"name": f"Routewalk {name} {what}", "type": "service", "list_price": 9}
                for what in ("licence", "pro licence", "recording option")
            ]
        )
        product.product_tmpl_id.write(
            {
                "contract_tariff_alternative_ids": [Command.set(tariff.ids)],
                "contract_addon_option_ids": [Command.set(option.ids)],
            }
        )
        # A module the customer may order in the portal, of this company.
        orderable = env["product.product"].create(
            {
                "name": f"Routewalk {name} orderable module",
                "type": "service",
                "list_price": 9,
                "company_id": company.id,
                "is_contract": True,
                "contract_portal_orderable": True,
            }
        )
        payment_term = env["account.payment.term"].create(
            {"name": f"Routewalk {name} terms", "company_id": company.id}
        )
        contract = env["contract.contract"].create(
            {
                "name": f"Routewalk {name} agreement",
                "partner_id": customer.id,
                "company_id": company.id,
                "contract_type": "sale",
                "line_recurrence": True,
            }
        )
        # The portal lists the contracts the customer follows (OCA contract).
        contract.message_subscribe(partner_ids=owner_contact.ids)
        line = env["contract.line"].create(
            {
                "contract_id": contract.id,
                "product_id": product.id,
                "name": product.name,
                "quantity": 1.0,
                "automatic_price": False,
                "specific_price": 9.0,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "date_start": fields.Date.to_date("2025-01-01"),
                "termination_notice_interval": 1,
                "termination_notice_rule_type": "monthly",
            }
        )
        info = env["contract.line.info"].create(
            {
                "contract_line_id": line.id,
                "name": "Extension",
                "value": f"Routewalk {name} extension 4711",
                "customer_editable": True,
            }
        )
        document = env["contract.legal.document"].create(
            {
                "name": f"Routewalk {name} terms",
                "document_type": "terms",
                "version": f"RW-{name}",
                # The current version: the latest effective today.
                "date_effective": fields.Date.today(),
                "company_id": company.id,
                "url": "https://example.com/terms.pdf",
            }
        )
        category = env["helpdesk.ticket.category"].create(
            {"name": f"Routewalk {name} category", "company_id": company.id}
        )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": f"Routewalk {name} ticket",
                "description": "<p>Route walk</p>",
                "partner_id": owner_contact.id,
                "company_id": company.id,
                "category_id": category.id,
                "stage_id": env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
                ).id,
            }
        )
        # What Odoo creates on a user's first visit, so that the walk's own
        # visits write nothing.
        for user in (owner, manager):
            env["res.users.settings"]._find_or_create_for_user(user)
        return Side(
            markers=(
                customer.name,
                contract.name,
                ticket.name,
                info.value,
                category.name,
            ),
            company=company,
            customer=customer,
            owner=owner,
            manager=manager,
            invoice_address=invoice_address,
            product=product,
            tariff=tariff,
            option=option,
            orderable=orderable,
            payment_term=payment_term,
            contract=contract,
            line=line,
            info=info,
            document=document,
            ticket=ticket,
            category=category,
            stage_done=env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done"),
        )

    def setUp(self):
        super().setUp()
        self.tried = set()  # the keys of the routes requested
        self.requests = 0

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _request(self, method, url, data=None):
        """Send one request as the current session; remember the route."""
        path = urlsplit(url).path
        try:
            self.tried.add(match_route(self.env, path, method))
        except (NotFound, MethodNotAllowed):
            # No route answers it (the 404 or 405 some requests expect).
            self.tried.add(None)
        self.requests += 1
        if method == "GET":
            if data:
                url = f"{url}{'&' if '?' in url else '?'}{urlencode(data)}"
            return self.url_open(url, allow_redirects=False)
        data = dict(data or {}, csrf_token=Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False, method="POST")

    @staticmethod
    def _is_refused(response):
        if response.status_code in (403, 404):
            return True
        if response.is_redirect:
            return urlsplit(response.headers["Location"]).path in REFUSAL_REDIRECTS
        return False

    # ------------------------------------------------------------------
    # What the database holds
    # ------------------------------------------------------------------

    def _fingerprint(self):
        """Rows and row versions of every table: any insert, update or
        delete changes it (an update gives the row a new ``ctid``)."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "ORDER BY tablename"
        )
        tables = [
            table for (table,) in self.env.cr.fetchall() if table not in SIGN_IN_TABLES
        ]
        query = SQL(" UNION ALL ").join(
            SQL(
                "SELECT %s, count(*), coalesce(sum(hashtext(ctid::text)::bigint), 0)"
                " FROM %s",
                table,
                SQL.identifier(table),
            )
            for table in tables
        )
        self.env.cr.execute(query)
        return {
            table: (count, checksum)
            for table, count, checksum in self.env.cr.fetchall()
        }

    def _assert_nothing_written(self, before, what):
        after = self._fingerprint()
        changed = sorted(
            table
            for table in before.keys() | after.keys()
            if before.get(table) != after.get(table)
        )
        self.assertEqual(changed, [], f"{what} wrote in the database")
