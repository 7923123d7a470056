# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HelpdeskPortalGuardHttpCase


@tagged("post_install", "-at_install")
class TestSubmitTicket(HelpdeskPortalGuardHttpCase):
    """``/submitted/ticket``: POST only, the user's own categories and
    teams, texts that fit; every error shown in the form (400)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "helpdesk_mgmt_portal_select_category": True,
                "helpdesk_mgmt_portal_select_team": True,
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Guard support", "company_id": cls.company.id}
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Guard other support", "company_id": cls.other_company.id}
        )

    def _count(self):
        return self.env["helpdesk.ticket"].search_count([])

    def _submit(self, **data):
        values = {
            "subject": "Guard new ticket",
            "description": "Please help.",
            "category": self.category.id,
        }
        values.update(data)
        values = {key: value for key, value in values.items() if value is not None}
        return self._post("/submitted/ticket", values)

    def test_customer_submits_a_ticket(self):
        self._login(self.owner)
        response = self._submit(team=self.team.id)
        self.assertIn(response.status_code, (302, 303))
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Guard new ticket")])
        self.assertEqual(ticket.partner_id, self.owner.partner_id)
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.company_id, self.company)

    def test_other_company_category_or_team_refused(self):
        """A customer of one company cannot file a ticket in another company
        by posting that company's category or team."""
        self._login(self.owner)
        before = self._count()
        for data, message in (
            ({"category": self.other_category.id}, "category from the list"),
            ({"team": self.other_team.id}, "team from the list"),
        ):
            with self.subTest(data=data):
                response = self._submit(**data)
                self.assertEqual(response.status_code, 400)
                self.assertIn('name="error"', response.text)
                self.assertIn(message, response.text)
                # What was typed is kept.
                self.assertIn("Please help.", response.text)
        self.assertEqual(self._count(), before)
        self.assertFalse(
            self.env["helpdesk.ticket"].search(
                [
                    ("company_id", "=", self.other_company.id),
                    ("name", "=", "Guard new ticket"),
                ]
            )
        )

    def test_get_creates_nothing(self):
        self._login(self.owner)
        before = self._count()
        with mute_logger("odoo.http"):
            response = self._get(
                "/submitted/ticket?subject=By+GET&description=x"
                f"&category={self.category.id}"
            )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self._count(), before)

    def test_bad_input_shown_in_the_form(self):
        self._login(self.owner)
        before = self._count()
        for data in (
            {"category": "abc"},
            {"category": str(2**40)},
            {"category": "-3"},
            {"team": "1.5"},
            {"subject": None},
            {"subject": "   "},
            {"description": None},
            {"subject": "x" * 256},
            {"description": "x" * 20001},
            {"subject": "nul\x00byte"},
        ):
            with self.subTest(data={k: str(v)[:20] for k, v in data.items()}):
                response = self._submit(**data)
                self.assertEqual(response.status_code, 400)
                self.assertIn('name="error"', response.text)
                self.assertIn('action="/submitted/ticket"', response.text)
        self.assertEqual(self._count(), before)

    def test_required_category(self):
        self.company.helpdesk_mgmt_portal_category_id_required = True
        self._login(self.owner)
        response = self._submit(category="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please choose a category.", response.text)
