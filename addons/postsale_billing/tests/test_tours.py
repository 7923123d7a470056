# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, tagged

from .common import PostsaleBillingCommon


@tagged("post_install", "-at_install")
class TestBillingTours(HttpCase, PostsaleBillingCommon):
    """The two billing flows in a real browser, as a salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config_ticket.subject = "Tour interventions"

    def test_tour_create_order_from_ticket(self):
        ticket = self._create_ticket(name="Tour ticket")
        self._create_activity(ticket, summary="Tour billable work")
        self._create_activity(
            ticket, condition=self.condition_warranty, summary="Tour warranty work"
        )
        self.start_tour(
            f"/odoo/helpdesk-tickets/{ticket.id}",
            "postsale_billing_ticket_create_order",
            login=self.user_salesman.login,
        )
        order = ticket.postsale_order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(
            order.order_line.postsale_activity_id.summary, "Tour billable work"
        )

    def test_tour_invoice_activities_from_list(self):
        alpha = self._create_ticket(name="Tour batch alpha")
        beta = self._create_ticket(partner=self.other_customer, name="Tour batch beta")
        gamma = self._create_ticket(name="Tour batch gamma")
        self._create_activity(alpha, summary="Alpha work")
        self._create_activity(beta, summary="Beta work")
        self._create_activity(gamma, condition=self.condition_warranty)
        self.start_tour(
            "/odoo/helpdesk-tickets",
            "postsale_billing_invoice_activities",
            login=self.user_salesman.login,
        )
        self.assertEqual(len(alpha.postsale_order_ids), 1)
        self.assertEqual(len(beta.postsale_order_ids), 1)
        self.assertFalse(gamma.postsale_order_ids)
