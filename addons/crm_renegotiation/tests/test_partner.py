# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time
from lxml import etree

from .common import RenegotiationCommon


@freeze_time("2026-03-10")
class TestCompanyCard(RenegotiationCommon):
    """C1: the company card; E3: the contract document."""

    def test_history_on_the_company_card(self):
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        renegotiation.order_id.action_confirm()
        partner = self.customer.with_user(self.salesman)
        self.assertEqual(partner.renegotiation_count, 1)
        self.assertEqual(partner.renegotiation_ids, renegotiation)
        action = partner.action_view_renegotiations()
        self.assertEqual(action["res_model"], "crm.renegotiation")
        self.assertEqual(
            self.env["crm.renegotiation"].search(action["domain"]), renegotiation
        )

    def test_company_card_buttons_for_a_salesperson(self):
        """Contracts, tickets, deals, orders and renegotiations on the card."""
        arch = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        tree = etree.fromstring(arch)
        buttons = set(tree.xpath("//div[@name='button_box']/button/@name"))
        for name in (
            "act_show_contract",
            "action_view_helpdesk_tickets",
            "action_view_renegotiations",
            "action_view_opportunity",
            "sale.act_res_partner_2_sale_order",
        ):
            self.assertIn(name, buttons)
        self.assertTrue(tree.xpath("//page[@name='renegotiation_history']"))
        self.assertTrue(tree.xpath("//field[@name='signing_authority']"))
        contracts = self.customer.with_user(self.salesman).act_show_contract()
        self.assertEqual(
            self.env["contract.contract"].search(contracts["domain"]), self.contract
        )
        tickets = self.customer.with_user(self.salesman).action_view_helpdesk_tickets()
        self.assertEqual(
            self.env["helpdesk.ticket"].search(tickets["domain"]), self.ticket
        )

    def test_signatories(self):
        self.assertEqual(self.customer._get_signatories(), self.signatory)
        self.assertEqual(self.contact._get_signatories(), self.signatory)

    def test_counts_are_batched(self):
        """The card's counters do not query per partner."""
        partners = self.customer | self.env["res.partner"].create(
            [{"name": f"Customer {index}", "is_company": True} for index in range(4)]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(2):
            partners.mapped("renegotiation_count")
        partners |= self.env["res.partner"].create(
            [{"name": f"Customer {index}", "is_company": True} for index in range(5)]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(2):
            partners.mapped("renegotiation_count")
        tickets = self.ticket | self.ticket.copy()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            tickets.mapped("lead_count")
        tickets |= self.ticket.copy() | self.ticket.copy()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            tickets.mapped("lead_count")

    def test_contract_document_shows_the_agreement(self):
        """E3: the quotation PDF carries the terms with the customer's data."""
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "sale.action_report_saleorder", renegotiation.order_id.ids
            )[0]
            .decode()
        )
        for text in (
            "Renegotiated Agreement",
            "Nordlys AS",
            "NO999888777",
            "Test agreement (TST-1)",
            "Kari Nordmann",
            "04/01/2026",
            "03/17/2026",
            "Test terms",
        ):
            self.assertIn(text, html)
        self.assertRegex(html, r"<span>25</span>\s*→\s*<strong>20</strong>")
