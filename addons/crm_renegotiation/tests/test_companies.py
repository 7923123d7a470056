# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import RenegotiationCommon


class TestRenegotiationCompanies(RenegotiationCommon):
    """The buttons act only in the user's allowed companies: a salesperson of
    company A on company B's ticket, contract or quotation is refused and
    nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Renegotiation B AS"})
        cls.salesman_a = new_test_user(
            cls.env,
            login="reneg_salesman_a",
            groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.b_customer = cls.env["res.partner"].create(
            {
                "name": "Fjord B AS",
                "is_company": True,
                "company_id": cls.company_b.id,
            }
        )
        cls.b_signatory = cls.env["res.partner"].create(
            {
                "name": "Bjørn B",
                "parent_id": cls.b_customer.id,
                "email": "bjorn@fjord.example.com",
                "phone": "+47 900 00 000",
                "signing_authority": True,
            }
        )
        cls.b_contract = cls._create_contract(
            cls.b_customer, licences=12, price=80.0, code="TST-B"
        )
        cls.b_contract.company_id = cls.company_b
        cls.b_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "B wants fewer licences",
                "description": "<p>Please.</p>",
                "partner_id": cls.b_signatory.id,
                "company_id": cls.company_b.id,
            }
        )

    def test_buttons_refused_on_another_company(self):
        before = self._counts()
        ticket_name = self.b_ticket.name
        for action in (
            lambda: self.b_ticket.with_user(self.salesman_a).action_renegotiate(),
            lambda: self.b_contract.with_user(self.salesman_a).action_renegotiate(),
            lambda: self.env["crm.renegotiation.wizard"]
            .with_user(self.salesman_a)
            .with_context(default_ticket_id=self.b_ticket.id)
            .create({})
            .action_confirm(),
            lambda: self.env["crm.renegotiation.wizard"]
            .with_user(self.salesman_a)
            .with_context(default_contract_id=self.b_contract.id)
            .create({"new_licences": 5, "new_price": 70.0})
            .action_confirm(),
        ):
            with self.subTest(action=action), self.assertRaises(AccessError):
                action()
        self.assertEqual(self._counts(), before)
        self.assertEqual(self.b_ticket.name, ticket_name)

    def test_send_refused_on_another_company(self):
        self.template.company_id = False
        self.company_b.renegotiation_order_template_id = self.template
        renegotiation = (
            self.env["crm.renegotiation"]
            .with_company(self.company_b)
            .with_context(default_ticket_id=self.b_ticket.id)
            ._start_renegotiation(
                {
                    "company": self.company_b,
                    "ticket": self.b_ticket,
                    "partner": self.b_customer,
                    "signatory": self.b_signatory,
                    "contract_line": self.b_contract.contract_line_ids,
                    "new_licences": 10,
                    "new_price": 80.0,
                    "delivery_start_date": date(2026, 1, 1),
                }
            )
        )
        with self.assertRaises(AccessError):
            renegotiation.order_id.with_user(
                self.salesman_a
            ).action_renegotiation_send()
        with self.assertRaises(AccessError):
            renegotiation.with_user(self.salesman_a).action_open_order()
        self.assertEqual(renegotiation.state, "draft")
        self.assertEqual(renegotiation.order_id.state, "draft")
