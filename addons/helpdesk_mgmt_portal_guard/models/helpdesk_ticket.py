# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# What a customer may type in the new-ticket form of the portal.
PORTAL_TEXT_LIMITS = {
    "subject": 255,
    "description": 20000,
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Closing a ticket from the portal
    # ------------------------------------------------------------------

    def _get_portal_close_stages(self):
        """The stages a customer may close this ticket in from the portal.

        The closing stages offered to portal users (``close_from_portal``)
        among the stages of the ticket's team, or among the stages shared by
        every team of its company when it has none: the buttons of the
        ticket's portal page and the check of ``/ticket/close``.
        """
        self.ensure_one()
        ticket = self.sudo()
        if ticket.team_id:
            stages = ticket.team_id._get_applicable_stages()
        else:
            stages = (
                self.env["helpdesk.ticket.stage"]
                .sudo()
                .search(
                    [
                        ("company_id", "in", [False, ticket.company_id.id]),
                        ("team_ids", "=", False),
                    ]
                )
            )
        return stages.filtered("close_from_portal")

    def _check_portal_close_access(self, user=None):
        """Raise an AccessError unless ``user`` may close the ticket from the
        portal: an internal user who may edit it, or a portal user for a
        ticket of their own company (commercial partner) that they may read.
        """
        self.ensure_one()
        user = user or self.env.user
        if user._is_public():
            raise AccessError(self.env._("Please sign in."))
        ticket = self.with_user(user)
        if not user.share:
            ticket.check_access("write")
            return
        ticket.check_access("read")
        if self.sudo().commercial_partner_id != user.partner_id.commercial_partner_id:
            raise AccessError(
                self.env._("You can only close the tickets of your own company.")
            )

    def _portal_close(self, stage, user=None):
        """Close the ticket in ``stage`` for ``user`` (default: the current
        user), from the portal."""
        self.ensure_one()
        self._check_portal_close_access(user)
        ticket = self.sudo()
        if ticket.closed:
            raise UserError(
                self.env._(
                    "The ticket %(ticket)s is already closed.",
                    ticket=ticket.number or ticket.name,
                )
            )
        if not stage or stage not in ticket._get_portal_close_stages():
            raise UserError(
                self.env._(
                    "The ticket %(ticket)s cannot be closed in this stage: "
                    "please use one of the buttons of the ticket.",
                    ticket=ticket.number or ticket.name,
                )
            )
        # A portal user may not edit tickets: once the access is checked the
        # stage is written as superuser; the tracking still names the user.
        ticket.stage_id = stage
        return True

    # ------------------------------------------------------------------
    # A new ticket from the portal
    # ------------------------------------------------------------------

    @api.model
    def _get_portal_text_limits(self):
        """The longest subject and description a customer may submit."""
        return dict(PORTAL_TEXT_LIMITS)

    @api.model
    def _check_portal_new_ticket_text(self, subject, description):
        """Raise a UserError when the subject or the description typed in the
        portal is missing, too long or holds what PostgreSQL cannot store."""
        limits = self._get_portal_text_limits()
        if not (subject or "").strip():
            raise UserError(self.env._("Please enter the subject of your ticket."))
        if not (description or "").strip():
            raise UserError(self.env._("Please describe your request."))
        if len(subject) > limits["subject"]:
            raise UserError(
                self.env._(
                    "The subject is too long: %(limit)s characters at most.",
                    limit=limits["subject"],
                )
            )
        if len(description) > limits["description"]:
            raise UserError(
                self.env._(
                    "The description is too long: %(limit)s characters at most.",
                    limit=limits["description"],
                )
            )
        if "\x00" in subject or "\x00" in description:
            raise UserError(
                self.env._("Your ticket contains characters that cannot be saved.")
            )
