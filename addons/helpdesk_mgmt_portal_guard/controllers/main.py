# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers import main, myaccount

# PostgreSQL ids are 32-bit integers: anything outside is no record.
MAX_ID = 2**31 - 1


def parse_id(value):
    """The record id posted in ``value``, or ``None`` when it is none."""
    try:
        record_id = int(value)
    except (TypeError, ValueError):
        return None
    return record_id if 0 < record_id <= MAX_ID else None


class HelpdeskTicketController(main.HelpdeskTicketController):
    """helpdesk_mgmt's portal forms, guarded.

    ``/ticket/close`` changed the stage of any ticket through a sudo lookup,
    by GET and without checking whose ticket it was; ``/submitted/ticket``
    took any company's category or team and answered bad input with a
    server error. Both now take POST with the CSRF token only, check the
    records against the user, and show what is wrong in the page (4xx).
    """

    @http.route(
        "/ticket/close",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kwargs):
        ticket_sudo = self._get_portal_guard_ticket(ticket_id)
        stage = request.env["helpdesk.ticket.stage"].sudo()
        stage_id = parse_id(stage_id)
        if stage_id:
            stage = stage.browse(stage_id).exists()
        try:
            with request.env.cr.savepoint():
                ticket_sudo._portal_close(stage, request.env.user)
        except UserError as error:
            return self._render_portal_guard_ticket_error(ticket_sudo, error.args[0])
        return request.redirect(f"/my/ticket/{ticket_sudo.id}")

    def _get_portal_guard_ticket(self, ticket_id):
        """The ticket (sudoed) the user may close; 404 for any other id, so
        that the ids of other customers' tickets tell nothing."""
        ticket_id = parse_id(ticket_id)
        ticket_sudo = request.env["helpdesk.ticket"].sudo()
        if ticket_id:
            ticket_sudo = ticket_sudo.browse(ticket_id).exists()
        if not ticket_sudo:
            raise NotFound()
        try:
            ticket_sudo._check_portal_close_access(request.env.user)
        except AccessError as error:
            raise NotFound() from error
        return ticket_sudo

    def _render_portal_guard_ticket_error(self, ticket_sudo, message):
        """The ticket's own portal page, as its route renders it, with the
        error (status 400).

        The message goes into the rendering values, not through the URL:
        the page never shows a text a link could carry.
        """
        rule, args = request.env["ir.http"]._match(f"/my/ticket/{ticket_sudo.id}")
        response = rule.endpoint(**args)
        if response.is_qweb:
            response.qcontext["ticket_close_error"] = message
            response.status_code = 400
        return response

    @http.route(
        "/submitted/ticket",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        csrf=True,
    )
    def submit_ticket(self, **kw):
        try:
            self._check_portal_guard_new_ticket(kw)
        except UserError as error:
            values = self._get_create_new_ticket_values(**kw)
            values.update(
                error=error.args[0],
                subject=kw.get("subject") or "",
                description=kw.get("description") or "",
            )
            return request.render(
                "helpdesk_mgmt.portal_create_ticket", values, status=400
            )
        return super().submit_ticket(**kw)

    def _check_portal_guard_new_ticket(self, kw):
        """Raise a UserError for any input the new-ticket form cannot take:
        the category and the team must be ones the user is offered, the
        texts must fit."""
        env = request.env
        company = env.company
        env["helpdesk.ticket"]._check_portal_new_ticket_text(
            kw.get("subject"), kw.get("description")
        )
        if kw.get("category"):
            category = self._get_portal_guard_choice(
                "helpdesk.ticket.category", kw["category"]
            )
            if not category:
                raise UserError(env._("Please choose a category from the list."))
        elif (
            company.helpdesk_mgmt_portal_select_category
            and company.helpdesk_mgmt_portal_category_id_required
        ):
            raise UserError(env._("Please choose a category."))
        if kw.get("team") and company.helpdesk_mgmt_portal_select_team:
            team = self._get_portal_guard_choice("helpdesk.ticket.team", kw["team"])
            if not team:
                raise UserError(env._("Please choose a team from the list."))
        elif (
            company.helpdesk_mgmt_portal_select_team
            and company.helpdesk_mgmt_portal_team_id_required
        ):
            raise UserError(env._("Please choose a team."))

    def _get_portal_guard_choice(self, model, value):
        """The active record of ``model`` shown in the portal with the id
        ``value``, searched as the user: the record rules of their company
        apply (empty when there is none)."""
        record_id = parse_id(value)
        if not record_id:
            return request.env[model]
        return request.env[model].search(
            [
                ("id", "=", record_id),
                ("active", "=", True),
                ("show_in_portal", "=", True),
            ]
        )


class CustomerPortalHelpdesk(myaccount.CustomerPortalHelpdesk):
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        # The buttons offer the stages /ticket/close accepts: one rule.
        values["closed_stages"] = ticket._get_portal_close_stages()
        return values
