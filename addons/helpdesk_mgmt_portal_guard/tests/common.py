# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user

from odoo.addons.base.tests.common import BaseCommon


class HelpdeskPortalGuardCommon(BaseCommon):
    """Two customers of two companies, each with portal users and a ticket
    in progress.

    - ``customer`` (company ``company``): ``owner`` and ``colleague``;
    - ``other_customer`` (company ``other_company``): ``other_user``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_helpdesk_portal_data()

    @classmethod
    def _setup_helpdesk_portal_data(cls):
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create(
            {"name": "Guard Other Company"}
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Guard Customer Ltd", "is_company": True}
        )
        cls.other_customer = Partner.create(
            {
                "name": "Guard Other Customer Inc",
                "is_company": True,
                "company_id": cls.other_company.id,
            }
        )
        cls.owner = cls._create_portal_user("guard_owner", cls.customer, cls.company)
        cls.colleague = cls._create_portal_user(
            "guard_colleague", cls.customer, cls.company
        )
        cls.other_user = cls._create_portal_user(
            "guard_other", cls.other_customer, cls.other_company
        )
        cls.stage_in_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Guard licences", "company_id": cls.company.id}
        )
        cls.other_category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Guard other licences", "company_id": cls.other_company.id}
        )
        cls.ticket = cls._create_ticket(cls.owner, "Guard printer jam")
        cls.other_ticket = cls._create_ticket(
            cls.other_user, "Guard other outage", company=cls.other_company
        )

    @classmethod
    def _create_portal_user(cls, login, customer, company):
        contact = cls.env["res.partner"].create(
            {
                "name": login.replace("_", " ").title(),
                "parent_id": customer.id,
                "email": f"{login}@example.com",
            }
        )
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _create_ticket(cls, user, name, company=None):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": f"<p>{name}</p>",
                "partner_id": user.partner_id.id,
                "company_id": (company or cls.company).id,
                "stage_id": cls.stage_in_progress.id,
            }
        )


class HelpdeskPortalGuardHttpCase(HelpdeskPortalGuardCommon, HttpCase):
    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _post(self, url, data=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = Request.csrf_token(self)
        return self.url_open(url, data=data, allow_redirects=False, method="POST")

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)
