# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo.tests import HttpCase, tagged

from .common import RenegotiationDataMixin


@tagged("post_install", "-at_install")
class TestRenegotiationTours(RenegotiationDataMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_renegotiation_data()

    def test_ticket_to_sent_contract_tour(self):
        """At most five user actions from the open ticket to the sent
        contract."""
        self.start_tour(
            f"/odoo/helpdesk.ticket/{self.ticket.id}",
            "crm_renegotiation_ticket_to_sent_contract",
            login=self.salesman.login,
        )
        renegotiation = self.env["crm.renegotiation"].search(
            [("ticket_id", "=", self.ticket.id)]
        )
        self.assertEqual(len(renegotiation), 1)
        self.assertRecordValues(
            renegotiation,
            [{"state": "sent", "new_licences": 20, "new_price": 90.0}],
        )
        order = renegotiation.order_id
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.user_id, self.sender)
        self.assertEqual(self.ticket.stage_id, self.sent_stage)
        self.assertEqual(self.ticket.name, "Renegotiation - Nordlys AS")
        self.assertEqual(renegotiation.lead_id.user_id, self.salesman)
        self.assertTrue(
            self.env["sms.sms"].sudo().search([("partner_id", "=", self.signatory.id)])
        )

    def test_customer_signs_in_portal_tour(self):
        """The customer signs with the link he received; the contract then
        shows the new line."""
        renegotiation = self._start_and_send()
        order = renegotiation.order_id
        self.start_tour(order.get_portal_url(), "crm_renegotiation_portal_sign")
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.signature)
        self.assertEqual(renegotiation.state, "applied")
        lines = self.contract.contract_line_ids.sorted("date_start")
        self.assertEqual(len(lines), 2)
        self.assertRecordValues(
            lines,
            [
                {
                    "quantity": 25,
                    "price_unit": 100.0,
                    "date_start": date(2024, 1, 1),
                    "date_end": date(2099, 1, 31),
                },
                {
                    "quantity": 20,
                    "price_unit": 90.0,
                    "date_start": date(2099, 2, 1),
                    "date_end": False,
                },
            ],
        )
        self.assertEqual(lines[1], renegotiation.successor_line_id)
        self.assertEqual(renegotiation.lead_id.won_status, "won")

    def _start_and_send(self):
        wizard = (
            self.env["crm.renegotiation.wizard"]
            .with_user(self.salesman)
            .with_context(default_ticket_id=self.ticket.id)
            .create({"delivery_start_date": date(2099, 2, 1)})
        )
        wizard.write({"new_licences": 20, "new_price": 90.0})
        action = wizard.action_confirm()
        order = self.env["sale.order"].browse(action["res_id"])
        order.with_user(self.salesman).action_renegotiation_send()
        return order.renegotiation_id
