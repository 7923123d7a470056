# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import RenegotiationCommon


class TestRenegotiationSecurity(RenegotiationCommon):
    """Per tier: a salesperson renegotiates, only a manager configures, a
    portal user reaches none of it."""

    def test_salesperson_renegotiates_and_sends(self):
        renegotiation = self._start(20, 90.0, user=self.salesman)
        order = renegotiation.order_id.with_user(self.salesman)
        # booked on the non-human sender, yet visible to the deal owner
        self.assertEqual(order.user_id, self.sender)
        order.check_access("read")
        self.assertIn(order, self.env["sale.order"].with_user(self.salesman).search([]))
        renegotiation.with_user(self.salesman).check_access("read")
        order.action_renegotiation_send()
        self.assertEqual(order.state, "sent")
        self.assertEqual(self.ticket.stage_id, self.sent_stage)

    def test_other_salesperson_does_not_see_the_contract_quotation(self):
        renegotiation = self._start(20, 90.0, user=self.salesman)
        other = new_test_user(
            self.env,
            login="reneg_other_salesman",
            groups="sales_team.group_sale_salesman",
        )
        self.assertNotIn(
            renegotiation.order_id,
            self.env["sale.order"].with_user(other).search([]),
        )
        with self.assertRaises(AccessError):
            renegotiation.order_id.with_user(other).action_renegotiation_send()

    def test_an_order_cannot_claim_a_renegotiation(self):
        """Only the renegotiation links its contract quotation: another order
        that claims it neither applies it on confirmation nor shows its terms
        to its customer."""
        renegotiation = self._start(20, 90.0, user=self.salesman)
        orders = self.env["sale.order"].with_user(self.salesman)
        forged = orders.create(
            {
                "partner_id": self.customer.id,
                "renegotiation_id": renegotiation.id,
                "order_line": [Command.create({"product_id": self.module_product.id})],
            }
        )
        forged.write({"renegotiation_id": renegotiation.id})
        self.env.invalidate_all()  # the next request
        self.assertFalse(forged.renegotiation_id)
        self.assertEqual(renegotiation.order_id.renegotiation_id, renegotiation)
        with self.assertRaises(AccessError):
            forged.write({"renegotiation_ids": [Command.link(renegotiation.id)]})
        forged.action_confirm()
        self.assertEqual(renegotiation.state, "draft")
        self.assertEqual(len(self.contract.contract_line_ids), 1)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", forged.ids)[0]
            .decode()
        )
        self.assertNotIn("Renegotiated Agreement", html)

    def test_salesperson_reads_but_cannot_change_the_history(self):
        renegotiation = self._start(20, 90.0, user=self.salesman)
        as_salesman = renegotiation.with_user(self.salesman)
        self.assertEqual(as_salesman.old_licences, 25)
        with self.assertRaises(AccessError):
            as_salesman.write({"state": "applied"})
        with self.assertRaises(AccessError):
            self.env["crm.renegotiation"].with_user(self.salesman).create(
                {
                    "partner_id": self.customer.id,
                    "contract_id": self.contract.id,
                    "contract_line_id": self.contract_line.id,
                    "product_id": self.licence_product.id,
                    "currency_id": self.currency.id,
                    "delivery_start_date": "2026-01-01",
                }
            )
        # a sales manager may correct it
        renegotiation.with_user(self.sales_manager).write({"route": False})

    def test_salesperson_reads_contracts(self):
        contract = self.contract.with_user(self.salesman)
        self.assertEqual(contract.contract_line_ids.quantity, 25)
        with self.assertRaises(AccessError):
            contract.write({"name": "Changed"})

    def test_salesperson_lists_the_contracts_of_the_company_card(self):
        """The list the card's "Contracts" button opens reads every column
        (contract tags included)."""
        action = self.customer.with_user(self.salesman).act_show_contract()
        contracts = self.env["contract.contract"].with_user(self.salesman)
        arch = contracts.get_views([(False, "list")])["views"]["list"]["arch"]
        spec = {
            name: {"fields": {"display_name": {}}}
            if contracts._fields[name].relational
            else {}
            for name in etree.fromstring(arch).xpath("/list/field/@name")
        }
        self.assertIn("tag_ids", spec)
        rows = contracts.web_search_read(action["domain"], spec)["records"]
        self.assertEqual([row["id"] for row in rows], self.contract.ids)

    def test_only_managers_configure_deal_types(self):
        deal_type = self.env.ref("crm_renegotiation.crm_deal_type_new_business")
        deal_type.with_user(self.salesman).check_access("read")
        with self.assertRaises(AccessError):
            deal_type.with_user(self.salesman).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["crm.deal.type"].with_user(self.salesman).create(
                {"name": "Upsell"}
            )
        new_type = (
            self.env["crm.deal.type"]
            .with_user(self.sales_manager)
            .create({"name": "Upsell"})
        )
        new_type.write({"name": "Cross-sell"})
        self.assertEqual(new_type.name, "Cross-sell")

    def test_only_administrators_change_the_settings(self):
        for user in (self.salesman, self.sales_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["res.config.settings"].with_user(user).create(
                    {"renegotiation_close_days": 5}
                ).execute()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.company.with_user(user).write({"renegotiation_close_days": 5})
        admin = new_test_user(
            self.env, login="reneg_admin", groups="base.group_system,base.group_user"
        )
        self.env["res.config.settings"].with_user(admin).create(
            {"renegotiation_close_days": 5}
        ).execute()
        self.assertEqual(self.company.renegotiation_close_days, 5)

    def test_portal_reaches_none_of_it(self):
        renegotiation = self._start(20, 90.0)
        portal_env = self.env(user=self.portal_user)
        for model in (
            "crm.renegotiation",
            "crm.deal.type",
            "crm.renegotiation.wizard",
        ):
            with self.subTest(model=model):
                self.assertFalse(portal_env[model].has_access("read"))
                with self.assertRaises(AccessError):
                    portal_env[model].search([])
        with self.assertRaises(AccessError):
            renegotiation.with_user(self.portal_user).read(["old_licences"])
        with self.assertRaises(AccessError):
            portal_env["crm.renegotiation.wizard"].create({})
        with self.assertRaises(AccessError):
            portal_env["crm.renegotiation"]._start_renegotiation({})
        with self.assertRaises(AccessError):
            renegotiation.with_user(self.portal_user)._send_quotation()
        with self.assertRaises(AccessError):
            self.contract.with_user(self.portal_user).action_renegotiate()

    def test_internal_user_without_sales_rights(self):
        renegotiation = self._start(20, 90.0)
        env = self.env(user=self.internal_user)
        self.assertFalse(env["crm.renegotiation"].has_access("read"))
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.internal_user).action_renegotiate()
        with self.assertRaises(AccessError):
            renegotiation.with_user(self.internal_user)._apply_renegotiation()
        self.assertEqual(renegotiation.state, "draft")

    def test_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other company"})
        renegotiation = self._start(20, 90.0)
        other_user = new_test_user(
            self.env,
            login="reneg_other_company",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertNotIn(
            renegotiation,
            self.env["crm.renegotiation"].with_user(other_user).search([]),
        )
