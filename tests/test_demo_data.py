"""The demo data of the three addons lets a user try every flow of the brief.

`make test` installs the addons with their demo data: these tests read it.
"""

from odoo.addons.base.tests.common import BaseCommon


class TestDemoData(BaseCommon):
    def _contracts(self):
        contracts = self.env["contract.contract"].search(
            [("contract_type", "=", "sale")]
        )
        return contracts.filtered(
            lambda contract: len(
                contract.contract_line_ids.filtered(lambda line: not line.display_type)
            )
            >= 2
        )

    def test_customers_with_contacts_and_a_signatory(self):
        customers = self._contracts().partner_id.commercial_partner_id
        self.assertGreaterEqual(len(customers), 3)
        self.assertTrue(all(customer.is_company for customer in customers))
        self.assertTrue(all(customer.child_ids for customer in customers))
        signatories = self.env["res.partner"].search(
            [("signing_authority", "=", True), ("phone", "!=", False)]
        )
        self.assertTrue(signatories.filtered("email"))

    def test_contracts_with_several_modules_one_above_ten_licences(self):
        contracts = self._contracts()
        self.assertGreaterEqual(len(contracts), 3)
        self.assertTrue(
            any(line.quantity > 10 for line in contracts.contract_line_ids),
            "a contract with more than 10 licences",
        )

    def test_tickets_and_closed_activities(self):
        tickets = self.env["helpdesk.ticket"].search([])
        self.assertGreaterEqual(len(tickets), 5)
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("active", "=", False),
                    ("billing_condition_id", "!=", False),
                ]
            )
        )
        self.assertTrue(done.filtered("billing_condition_id.to_invoice"))
        self.assertTrue(done.filtered(lambda a: not a.billing_condition_id.to_invoice))

    def test_renegotiation_template_with_discount_line(self):
        company = self.env.ref("base.main_company")
        template = company.renegotiation_order_template_id
        self.assertTrue(template)
        self.assertTrue(
            template.sale_order_template_line_ids.filtered(
                lambda line: line.discount == 100
            )
        )

    def test_portal_logins(self):
        users = self.env["res.users"].search(
            [("login", "in", ["customer", "colleague"])]
        )
        self.assertEqual(len(users), 2)
        self.assertTrue(all(user.share for user in users))
        self.assertEqual(
            users.partner_id.commercial_partner_id, self.env.ref("base.res_partner_2")
        )

    def test_applied_renegotiation_in_the_history(self):
        """C1: one renegotiation went through the whole flow."""
        applied = self.env["crm.renegotiation"].search([("state", "=", "applied")])
        self.assertTrue(applied)
        self.assertTrue(applied.successor_line_id)
        self.assertEqual(applied.route, "invoice_service")
        self.assertIn(applied, applied.partner_id.renegotiation_ids)

    def test_modules_to_order_in_the_portal(self):
        """The customer's contract offers a module to sign a quotation for and
        one its price list makes free."""
        contract = self.env.ref("contract_portal.contract_deco_demo")
        rows = contract._get_contract_portal_order_rows()
        products = {row["product"]: row["price"] for row in rows}
        video = self.env.ref("contract_portal.product_video_meetings_demo")
        statistics = self.env.ref("contract_portal.product_call_statistics_demo")
        self.assertGreater(products[video], 0)
        self.assertEqual(products[statistics], 0)
