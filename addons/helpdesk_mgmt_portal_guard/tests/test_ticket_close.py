# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import HelpdeskPortalGuardHttpCase


@tagged("post_install", "-at_install")
class TestTicketClose(HelpdeskPortalGuardHttpCase):
    """``/ticket/close``: POST with the CSRF token, own company's ticket,
    a closing stage the page offers."""

    def _close(self, ticket, stage, csrf=True):
        return self._post(
            "/ticket/close",
            {"ticket_id": ticket.id, "stage_id": stage.id},
            csrf=csrf,
        )

    def _stages(self):
        self.env.invalidate_all()
        return (self.ticket | self.other_ticket).mapped("stage_id")

    def test_owner_closes_own_ticket(self):
        self._login(self.owner)
        page = self._get(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('action="/ticket/close"', page.text)
        self.assertIn('method="POST"', page.text)
        self.assertIn('name="csrf_token"', page.text)
        response = self._close(self.ticket, self.stage_done)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.ticket.id}")
        )
        self.env.invalidate_all()
        self.assertEqual(self.ticket.stage_id, self.stage_done)
        # The change is the customer's, not the superuser's.
        tracking = self.ticket.message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(tracking.author_id, self.owner.partner_id)

    def test_colleague_closes_company_ticket(self):
        self._login(self.colleague)
        self.assertEqual(self._close(self.ticket, self.stage_done).status_code, 303)
        self.assertEqual(self._stages()[0], self.stage_done)

    def test_other_customer_cannot_close(self):
        """Another company's customer: 404, with or without their own CSRF
        token, by POST or GET; nothing changes."""
        self._login(self.other_user)
        before = self._stages()
        with mute_logger("odoo.http"):
            self.assertEqual(self._close(self.ticket, self.stage_done).status_code, 404)
            response = self._get(
                f"/ticket/close?ticket_id={self.ticket.id}&stage_id={self.stage_done.id}"
            )
        self.assertIn(response.status_code, (404, 405))
        self.assertEqual(self._stages(), before)
        self.assertEqual(self.ticket.stage_id, self.stage_in_progress)

    def test_get_changes_nothing(self):
        self._login(self.owner)
        with mute_logger("odoo.http"):
            response = self._get(
                f"/ticket/close?ticket_id={self.ticket.id}&stage_id={self.stage_done.id}"
            )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self._stages()[0], self.stage_in_progress)

    def test_post_without_csrf_refused(self):
        self._login(self.owner)
        with mute_logger("odoo.http"):
            response = self._close(self.ticket, self.stage_done, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._stages()[0], self.stage_in_progress)

    def test_stage_the_portal_may_not_set(self):
        """A closing stage not offered to the portal, a stage of another
        team, or a ticket already closed: the ticket page says why (400)."""
        team = self.env["helpdesk.ticket.team"].create({"name": "Guard team"})
        team_stage = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Guard team done",
                "closed": True,
                "close_from_portal": True,
                "team_ids": [(4, team.id)],
            }
        )
        self._login(self.owner)
        for stage in (self.stage_rejected, self.stage_in_progress, team_stage):
            with self.subTest(stage=stage.name):
                response = self._close(self.ticket, stage)
                self.assertEqual(response.status_code, 400)
                self.assertIn('name="error"', response.text)
                self.assertIn("cannot be closed in this stage", response.text)
                # The ticket page itself, with its buttons.
                self.assertIn(self.ticket.number, response.text)
        self.assertEqual(self._stages()[0], self.stage_in_progress)
        self.assertEqual(self._close(self.ticket, self.stage_done).status_code, 303)
        response = self._close(
            self.ticket, self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is already closed", response.text)
        self.assertEqual(self._stages()[0], self.stage_done)

    def test_malformed_ids(self):
        self._login(self.owner)
        with mute_logger("odoo.http"):
            for data in (
                {"ticket_id": "abc", "stage_id": self.stage_done.id},
                {"ticket_id": str(2**40), "stage_id": self.stage_done.id},
                {"ticket_id": "-1", "stage_id": self.stage_done.id},
                {"stage_id": self.stage_done.id},
            ):
                with self.subTest(data=data):
                    self.assertEqual(self._post("/ticket/close", data).status_code, 404)
        for stage_id in ("abc", str(2**40), ""):
            with self.subTest(stage_id=stage_id):
                response = self._post(
                    "/ticket/close", {"ticket_id": self.ticket.id, "stage_id": stage_id}
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn('name="error"', response.text)
        self.assertEqual(self._stages()[0], self.stage_in_progress)

    def test_internal_user_needs_write_access(self):
        employee = new_test_user(
            self.env, login="guard_employee", groups="base.group_user"
        )
        self._login(employee)
        with mute_logger("odoo.http"):
            self.assertEqual(self._close(self.ticket, self.stage_done).status_code, 404)
        self.assertEqual(self._stages()[0], self.stage_in_progress)
        agent = new_test_user(
            self.env,
            login="guard_agent",
            groups="helpdesk_mgmt.group_helpdesk_user",
        )
        self._login(agent)
        self.assertEqual(self._close(self.ticket, self.stage_done).status_code, 303)
        self.assertEqual(self._stages()[0], self.stage_done)
