# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from urllib.parse import quote, urlencode

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.contract_contract import CONTRACT_FIELD_PERMISSIONS
from ..models.res_partner import ACCOUNT_FIELDS

PAGE_URL = "/my/contract-management"
# PostgreSQL ids are 32-bit integers: anything outside names no record.
MAX_ID = 2**31 - 1
# The longest text any input of the page takes (the fields have their own,
# shorter limits where they need one).
TEXT_MAX_LENGTH = 256


class ContractManagementPortal(CustomerPortal):
    """The customer's contract-management page.

    The controller parses the input, checks that the account and every
    sub-record belong to the user (or that the user is a contract manager
    of the account's companies), and delegates every change to the models,
    which apply the rule of ``res.partner._get_contract_portal_permissions``.
    GET routes never change anything; changes are POSTed with the CSRF token.

    Another customer's account, contract or module answers 403 or 404. Any
    other error of a form (a malformed or foreign choice, a date, a text too
    long, a refused change) renders the page with the reason and a 4xx
    status, and nothing is written.
    """

    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contract_module_count" in counters:
            # The user's own account: no other record is read. Ended modules
            # count too: the page stays reachable to delete the account.
            account = request.env.user.partner_id.commercial_partner_id
            values["contract_module_count"] = (
                request.env["contract.line"]
                .sudo()
                .search_count(
                    account._get_contract_portal_lines_domain()
                    + [("is_canceled", "=", False)]
                )
            )
        return values

    # ------------------------------------------------------------------
    # Access checks
    # ------------------------------------------------------------------

    def _contract_portal_account(self, partner_id=None):
        """The account (commercial partner, sudoed) the user may see.

        Without ``partner_id``: the user's own company. With it: only a
        contract manager may open another customer's page.
        """
        user = request.env.user
        if partner_id:
            try:
                partner_id = self._contract_portal_parse_id(partner_id)
            except UserError as error:
                raise NotFound() from error
            partner_sudo = request.env["res.partner"].sudo().browse(partner_id).exists()
            if not partner_sudo:
                raise NotFound()
            account_sudo = partner_sudo.commercial_partner_id
        else:
            account_sudo = user.partner_id.commercial_partner_id.sudo()
        try:
            account_sudo._contract_portal_check_access(user)
        except AccessError as error:
            raise Forbidden() from error
        return account_sudo

    def _contract_portal_contract(self, contract_id):
        """A customer contract (sudoed) of an account the user may see."""
        if not 0 < contract_id <= MAX_ID:
            raise NotFound()
        contract_sudo = request.env["contract.contract"].sudo().browse(contract_id)
        contract_sudo = contract_sudo.exists()
        if not contract_sudo or contract_sudo.contract_type != "sale":
            raise NotFound()
        try:
            contract_sudo.commercial_partner_id._contract_portal_check_access(
                request.env.user
            )
        except AccessError as error:
            raise NotFound() from error
        return contract_sudo

    def _contract_portal_line(self, line_id):
        """A module (contract line, sudoed) of an account the user may see."""
        if not 0 < line_id <= MAX_ID:
            raise NotFound()
        line_sudo = request.env["contract.line"].sudo().browse(line_id).exists()
        if not line_sudo or line_sudo.display_type:
            raise NotFound()
        self._contract_portal_contract(line_sudo.contract_id.id)
        # No route acts on a line the page does not show (a renewal or a
        # change planned after the line, a line its successor replaced).
        if not line_sudo._is_contract_portal_shown():
            raise NotFound()
        return line_sudo

    def _contract_portal_product(self, product_id, offered):
        """The posted product (sudoed, possibly empty), one of ``offered``;
        a UserError for any other product, which names none (the page never
        tells what an id is)."""
        product = (
            request.env["product.product"]
            .sudo()
            .browse(self._contract_portal_parse_id(product_id))
            .exists()
        )
        if product and product not in offered:
            raise UserError(
                request.env._("Please choose one of the products the page offers.")
            )
        return product

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _contract_portal_is_manager_mode(self, account_sudo):
        return account_sudo != request.env.user.partner_id.commercial_partner_id

    def _contract_portal_url(self, account_sudo, path="", **params):
        if self._contract_portal_is_manager_mode(account_sudo):
            params["partner_id"] = account_sudo.id
        params = {key: value for key, value in params.items() if value}
        url = PAGE_URL + path
        return f"{url}?{urlencode(params)}" if params else url

    def _contract_portal_manager_banner(self, account_sudo):
        if not self._contract_portal_is_manager_mode(account_sudo):
            return ""
        return request.env._(
            "You are viewing the contract management of %(customer)s as a contract "
            "manager.",
            customer=account_sudo.display_name,
        )

    def _contract_portal_messages(self):
        return {
            "saved": request.env._("Your changes are saved."),
            "cancelled": request.env._(
                "The module is cancelled. It stays active until its end date."
            ),
            "tariff_changed": request.env._("The tariff change is planned."),
            "option_added": request.env._("The option is added."),
            "module_added": request.env._("The module is added to your contract."),
            "accepted": request.env._("Thank you, your acceptance is recorded."),
            "account_deleted": request.env._(
                "The account is closed: the portal access of its users ended."
            ),
        }

    def _prepare_contract_portal_layout_values(self, account_sudo):
        """The values every page of the contract management renders with."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "contract_management",
                "account": account_sudo,
                "manager_mode": self._contract_portal_is_manager_mode(account_sudo),
                "manager_banner": self._contract_portal_manager_banner(account_sudo),
                "page_url": self._contract_portal_url(account_sudo),
                "modules_url": self._contract_portal_url(account_sudo, tab="modules"),
                "csrf_token": request.csrf_token(),
                "error": None,
            }
        )
        return values

    def _prepare_contract_management_values(self, account_sudo, tab=None, message=None):
        values = self._prepare_contract_portal_layout_values(account_sudo)
        values.update(account_sudo._prepare_contract_portal_values())
        values.update(
            {
                "tab": "modules" if tab == "modules" else "info",
                "delete_account_url": self._contract_portal_url(
                    account_sudo, "/delete-account"
                ),
                "message": self._contract_portal_messages().get(message),
            }
        )
        return values

    def _contract_portal_apply(self, action, render_error, redirect):
        """Run ``action``; on a refused or invalid change, roll it back and
        render the page with the error (403 when not allowed, 400 when the
        input is invalid). ``redirect`` is a URL, or a function of the
        action's result that returns one."""
        try:
            with request.env.cr.savepoint():
                result = action()
        except AccessError as error:
            return render_error(error.args[0], 403)
        except (UserError, ValidationError) as error:
            return render_error(error.args[0], 400)
        if callable(redirect):
            redirect = redirect(result)
        return request.redirect(redirect)

    def _contract_portal_error_renderer(self, template, prepare_values):
        """``render_error(message, status)`` of ``_contract_portal_apply``:
        ``template`` rendered with ``prepare_values()`` and the error."""

        def render_error(message, status):
            values = prepare_values()
            values["error"] = message
            return request.render(template, values, status=status)

        return render_error

    def _contract_portal_page_error(self, account_sudo, tab):
        return self._contract_portal_error_renderer(
            "contract_portal.portal_contract_management",
            lambda: self._prepare_contract_management_values(account_sudo, tab=tab),
        )

    @staticmethod
    def _contract_portal_invalid_form():
        return UserError(
            request.env._(
                "The form holds a value the page did not offer. Please reload the "
                "page and try again."
            )
        )

    def _contract_portal_parse_id(self, value):
        """The record id posted in ``value``, ``False`` when empty."""
        if value in (None, "", "0", "false", "False"):
            return False
        try:
            record_id = int(value)
        except (TypeError, ValueError):
            record_id = 0
        if not 0 < record_id <= MAX_ID:
            raise self._contract_portal_invalid_form()
        return record_id

    def _contract_portal_parse_date(self, value):
        if not value:
            return False
        try:
            return fields.Date.to_date(value)
        except (TypeError, ValueError) as error:
            raise UserError(
                request.env._("Please enter a valid date (year-month-day).")
            ) from error

    def _contract_portal_parse_text(self, value):
        """The text typed in an input: stripped, ``False`` when empty."""
        value = (value or "").strip()
        if len(value) > TEXT_MAX_LENGTH:
            raise UserError(
                request.env._(
                    "The text is too long: %(limit)s characters at most.",
                    limit=TEXT_MAX_LENGTH,
                )
            )
        if "\x00" in value:
            raise UserError(
                request.env._("The text contains characters that cannot be saved.")
            )
        return value or False

    def _contract_portal_parse_boolean(self, value):
        if value in ("1", "on", "true", "True"):
            return True
        if value in ("", "0", "off", "false", "False"):
            return False
        raise self._contract_portal_invalid_form()

    def _contract_portal_parse_values(self, model, field_names, post):
        """Convert the posted form fields of ``model`` into ORM values.

        Fields not in ``field_names`` are refused; multi-valued inputs
        (checkboxes) are read from the raw form.
        """
        form = request.httprequest.form
        values = {}
        for name in post:
            if name not in field_names:
                raise self._contract_portal_invalid_form()
            field = model._fields[name]
            if field.type == "many2one":
                values[name] = self._contract_portal_parse_id(post[name])
            elif field.type == "many2many":
                ids = [
                    self._contract_portal_parse_id(value)
                    for value in form.getlist(name)
                    if value
                ]
                values[name] = [fields.Command.set([i for i in ids if i])]
            elif field.type == "boolean":
                values[name] = self._contract_portal_parse_boolean(
                    form.getlist(name)[-1]
                )
            elif field.type == "date":
                values[name] = self._contract_portal_parse_date(post[name])
            else:
                values[name] = self._contract_portal_parse_text(post[name])
        if not values:
            raise UserError(request.env._("There is nothing to save in this form."))
        return values

    # ------------------------------------------------------------------
    # The page and the account settings
    # ------------------------------------------------------------------

    @http.route(
        PAGE_URL,
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_contract_management(
        self, partner_id=None, tab=None, message=None, **kwargs
    ):
        account_sudo = self._contract_portal_account(partner_id)
        values = self._prepare_contract_management_values(
            account_sudo, tab=tab, message=message
        )
        return request.render("contract_portal.portal_contract_management", values)

    @http.route(
        f"{PAGE_URL}/account",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_management_account(self, partner_id=None, **post):
        account_sudo = self._contract_portal_account(partner_id)
        return self._contract_portal_apply(
            lambda: account_sudo._contract_portal_write(
                self._contract_portal_parse_values(account_sudo, ACCOUNT_FIELDS, post)
            ),
            self._contract_portal_page_error(account_sudo, "info"),
            self._contract_portal_url(account_sudo, message="saved"),
        )

    @http.route(
        f"{PAGE_URL}/contract/<int:contract_id>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_management_contract(self, contract_id, **post):
        contract_sudo = self._contract_portal_contract(contract_id)
        account_sudo = contract_sudo.commercial_partner_id
        return self._contract_portal_apply(
            lambda: contract_sudo._contract_portal_write(
                self._contract_portal_parse_values(
                    contract_sudo, CONTRACT_FIELD_PERMISSIONS, post
                )
            ),
            self._contract_portal_page_error(account_sudo, "info"),
            self._contract_portal_url(account_sudo, message="saved"),
        )

    # ------------------------------------------------------------------
    # Modules
    # ------------------------------------------------------------------

    def _prepare_contract_module_values(self, line_sudo, **kwargs):
        account_sudo = line_sudo.contract_id.commercial_partner_id
        values = self._prepare_contract_portal_layout_values(account_sudo)
        permissions = account_sudo._get_contract_portal_permissions()
        values.update(
            {
                "line": line_sudo,
                "permissions": permissions,
                "is_manager": "module_choose_date" in permissions,
                "state": line_sudo._get_contract_portal_state(),
                **kwargs,
            }
        )
        return values

    def _prepare_contract_cancel_values(self, line_sudo):
        earliest_date_end = line_sudo._get_earliest_end_date()
        return self._prepare_contract_module_values(
            line_sudo,
            earliest_date_end=earliest_date_end,
            effect=line_sudo._get_contract_portal_cancel_effect(earliest_date_end),
        )

    def _prepare_contract_change_tariff_values(self, line_sudo):
        alternatives = line_sudo._get_contract_portal_tariff_alternatives()
        change_date = line_sudo._get_earliest_change_date()
        return self._prepare_contract_module_values(
            line_sudo,
            alternatives=alternatives,
            alternative_prices=line_sudo._get_contract_portal_tariff_prices(
                alternatives
            ),
            change_date=change_date,
            effects=line_sudo._get_contract_portal_tariff_effects(
                alternatives, change_date
            ),
        )

    def _contract_portal_apply_module(self, line_sudo, action, message, form=None):
        """Apply ``action`` to a module, then back to the modules.

        On an error, the page of ``form`` ("cancel", "change_tariff") shows
        it again; without ``form``, the modules tab does.
        """
        account_sudo = line_sudo.contract_id.commercial_partner_id
        if form == "cancel":
            render_error = self._contract_portal_error_renderer(
                "contract_portal.portal_contract_module_cancel",
                lambda: self._prepare_contract_cancel_values(line_sudo),
            )
        elif form == "change_tariff":
            render_error = self._contract_portal_error_renderer(
                "contract_portal.portal_contract_module_change_tariff",
                lambda: self._prepare_contract_change_tariff_values(line_sudo),
            )
        else:
            render_error = self._contract_portal_page_error(account_sudo, "modules")
        return self._contract_portal_apply(
            action,
            render_error,
            self._contract_portal_url(account_sudo, tab="modules", message=message),
        )

    @http.route(
        f"{PAGE_URL}/module/<int:line_id>/cancel",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_contract_module_cancel_form(self, line_id, **kwargs):
        line_sudo = self._contract_portal_line(line_id)
        return request.render(
            "contract_portal.portal_contract_module_cancel",
            self._prepare_contract_cancel_values(line_sudo),
        )

    @http.route(
        f"{PAGE_URL}/module/<int:line_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_module_cancel(self, line_id, date_end=None, **kwargs):
        line_sudo = self._contract_portal_line(line_id)
        return self._contract_portal_apply_module(
            line_sudo,
            lambda: line_sudo._contract_portal_cancel(
                date_end=self._contract_portal_parse_date(date_end) or None
            ),
            "cancelled",
            form="cancel",
        )

    @http.route(
        f"{PAGE_URL}/module/<int:line_id>/change-tariff",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_contract_module_change_tariff_form(self, line_id, **kwargs):
        line_sudo = self._contract_portal_line(line_id)
        return request.render(
            "contract_portal.portal_contract_module_change_tariff",
            self._prepare_contract_change_tariff_values(line_sudo),
        )

    @http.route(
        f"{PAGE_URL}/module/<int:line_id>/change-tariff",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_module_change_tariff(
        self, line_id, product_id=None, date_start=None, **kwargs
    ):
        line_sudo = self._contract_portal_line(line_id)
        return self._contract_portal_apply_module(
            line_sudo,
            lambda: line_sudo._contract_portal_change_tariff(
                self._contract_portal_product(
                    product_id, line_sudo._get_contract_portal_tariff_alternatives()
                ),
                date_start=self._contract_portal_parse_date(date_start) or None,
            ),
            "tariff_changed",
            form="change_tariff",
        )

    @http.route(
        f"{PAGE_URL}/module/<int:line_id>/info",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_module_info(self, line_id, **post):
        line_sudo = self._contract_portal_line(line_id)

        def action():
            values = {}
            for name, value in post.items():
                if not name.startswith("info_"):
                    raise self._contract_portal_invalid_form()
                info_id = self._contract_portal_parse_id(name[len("info_") :])
                if not info_id:
                    raise self._contract_portal_invalid_form()
                values[info_id] = self._contract_portal_parse_text(value) or ""
            if not values:
                raise UserError(request.env._("There is nothing to save in this form."))
            line_sudo._contract_portal_write_info(values)

        return self._contract_portal_apply_module(line_sudo, action, "saved")

    @http.route(
        f"{PAGE_URL}/module/<int:line_id>/add-option",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_module_add_option(
        self, line_id, product_id=None, date_start=None, **kwargs
    ):
        line_sudo = self._contract_portal_line(line_id)
        return self._contract_portal_apply_module(
            line_sudo,
            lambda: line_sudo._contract_portal_add_option(
                self._contract_portal_product(
                    product_id, line_sudo._get_contract_portal_addon_options()
                ),
                date_start=self._contract_portal_parse_date(date_start) or None,
            ),
            "option_added",
        )

    def _contract_portal_order_redirect(self, account_sudo, result):
        """Where ordering a module leads: the quotation to sign, or the
        modules with the free module added."""
        if result._name == "sale.order":
            return result.get_portal_url()
        return self._contract_portal_url(
            account_sudo, tab="modules", message="module_added"
        )

    @http.route(
        f"{PAGE_URL}/contract/<int:contract_id>/order",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_module_order(self, contract_id, product_id=None, **kwargs):
        contract_sudo = self._contract_portal_contract(contract_id)
        account_sudo = contract_sudo.commercial_partner_id
        return self._contract_portal_apply(
            lambda: contract_sudo._contract_portal_order_module(
                self._contract_portal_product(
                    product_id, contract_sudo._get_contract_portal_orderable_products()
                )
            ),
            self._contract_portal_page_error(account_sudo, "modules"),
            lambda result: self._contract_portal_order_redirect(account_sudo, result),
        )

    # ------------------------------------------------------------------
    # Legal documents
    # ------------------------------------------------------------------

    @http.route(
        f"{PAGE_URL}/legal/accept",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_legal_accept(self, partner_id=None, **post):
        account_sudo = self._contract_portal_account(partner_id)

        def action():
            document_ids = {
                self._contract_portal_parse_id(value)
                for value in request.httprequest.form.getlist("document_ids")
            } - {False}
            documents_sudo = (
                request.env["contract.legal.document"]
                .sudo()
                .browse(document_ids)
                .exists()
            )
            if len(documents_sudo) != len(document_ids):
                raise self._contract_portal_invalid_form()
            account_sudo._contract_portal_accept_legal_documents(documents_sudo)

        return self._contract_portal_apply(
            action,
            self._contract_portal_page_error(account_sudo, "info"),
            self._contract_portal_url(account_sudo, message="accepted"),
        )

    @http.route(
        f"{PAGE_URL}/legal/<int:document_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_contract_legal_document(self, document_id, **kwargs):
        account_sudo = self._contract_portal_account()
        if not 0 < document_id <= MAX_ID:
            raise NotFound()
        document_sudo = (
            request.env["contract.legal.document"].sudo().browse(document_id).exists()
        )
        user = request.env.user
        companies = account_sudo._get_contract_portal_companies()
        if not user.share and user.has_group("contract_portal.group_contract_manager"):
            # A contract manager reads the documents of their companies.
            companies |= user.company_ids
        if not document_sudo or document_sudo.company_id not in companies:
            raise NotFound()
        if document_sudo.attachment:
            stream = request.env["ir.binary"]._get_stream_from(
                document_sudo,
                "attachment",
                filename=document_sudo.attachment_filename,
            )
            return stream.get_response()
        return request.redirect(document_sudo.url, local=False)

    # ------------------------------------------------------------------
    # Delete account
    # ------------------------------------------------------------------

    def _prepare_contract_delete_account_values(self, account_sudo):
        values = self._prepare_contract_portal_layout_values(account_sudo)
        values.update(
            {
                "permissions": account_sudo._get_contract_portal_permissions(),
                "deletion_blockers": (
                    account_sudo._get_contract_account_deletion_blockers()
                ),
            }
        )
        return values

    @http.route(
        f"{PAGE_URL}/delete-account",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_contract_delete_account_form(self, partner_id=None, **kwargs):
        account_sudo = self._contract_portal_account(partner_id)
        return request.render(
            "contract_portal.portal_contract_delete_account",
            self._prepare_contract_delete_account_values(account_sudo),
        )

    @http.route(
        f"{PAGE_URL}/delete-account",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_delete_account(self, partner_id=None, confirm=None, **kwargs):
        account_sudo = self._contract_portal_account(partner_id)
        manager_mode = self._contract_portal_is_manager_mode(account_sudo)

        def action():
            if confirm != "1":
                raise UserError(
                    request.env._("Please confirm that the account is to be deleted.")
                )
            account_sudo._contract_portal_delete_account()

        response = self._contract_portal_apply(
            action,
            self._contract_portal_error_renderer(
                "contract_portal.portal_contract_delete_account",
                lambda: self._prepare_contract_delete_account_values(account_sudo),
            ),
            self._contract_portal_url(account_sudo, message="account_deleted"),
        )
        if manager_mode or response.status_code != 303:
            return response
        # The user's own portal access just ended.
        request.session.logout(keep_db=True)
        message = request.env._("Your account is deleted.")
        return request.redirect(f"/web/login?message={quote(message)}")
