# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

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
        self.assertRegex(html, r">25\.00</span>\s*→\s*<strong[^>]*>20\.00</strong>")


@freeze_time("2026-03-10")
class TestHistoryForWhoActs(RenegotiationCommon):
    """Invoice service and customer success act on downward adjustments:
    they read the adjustment history of the customers they handle."""

    def setUp(self):
        super().setUp()
        self.renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        self.renegotiation.order_id.action_confirm()
        # routed to customer success: the ticket is its team's now
        self.assertEqual(self.ticket.team_id, self.success_team)

    def _new_helpdesk_user(self, login, group, teams=None):
        user = new_test_user(self.env, login=login, groups=group)
        for team in teams or ():
            team.user_ids = [Command.link(user.id)]
        return user

    def _history_as(self, user):
        partner = self.customer.with_user(user)
        form = Form(partner)
        return partner.renegotiation_count, partner.renegotiation_ids, form

    def test_customer_success_reads_the_history_of_its_tickets(self):
        count, history, form = self._history_as(self.success_user)
        self.assertEqual(count, 1)
        self.assertEqual(history, self.renegotiation)
        action = self.customer.with_user(self.success_user).action_view_renegotiations()
        records = (
            self.env["crm.renegotiation"]
            .with_user(self.success_user)
            .search(action["domain"])
        )
        self.assertEqual(records, self.renegotiation)
        # the form opens (fields of models they cannot read are hidden)
        Form(records)

    def test_team_and_own_tiers(self):
        team_user = self._new_helpdesk_user(
            "reneg_team_user",
            "helpdesk_mgmt.group_helpdesk_user_team",
            [self.success_team],
        )
        other_team_user = self._new_helpdesk_user(
            "reneg_other_team",
            "helpdesk_mgmt.group_helpdesk_user_team",
            [self.invoice_team],
        )
        own_user = self._new_helpdesk_user(
            "reneg_own_user", "helpdesk_mgmt.group_helpdesk_user_own"
        )
        Renegotiation = self.env["crm.renegotiation"]
        self.assertEqual(
            Renegotiation.with_user(team_user).search([]), self.renegotiation
        )
        self.assertFalse(Renegotiation.with_user(other_team_user).search([]))
        self.assertFalse(Renegotiation.with_user(own_user).search([]))
        self.ticket.user_id = own_user
        self.assertEqual(
            Renegotiation.with_user(own_user).search([]), self.renegotiation
        )

    def test_history_is_read_only(self):
        with self.assertRaises(AccessError):
            self.renegotiation.with_user(self.success_user).write({"new_licences": 1})
