# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

# The account settings kept on the customer's commercial partner.
ACCOUNT_FIELDS = (
    "contract_account_owner_id",
    "contract_billing_address_id",
    "contract_customer_number",
    "contract_vat_treatment",
    "contract_invoice_recipient_ids",
    "contract_invoice_delivery_mode",
    "contract_purchase_order_number",
    "contract_test_account",
)

# The longest customer number or purchase-order number (as the page's inputs).
ACCOUNT_TEXT_MAX_LENGTH = 64

ACCOUNT_FIELD_DEFAULTS = {
    "contract_vat_treatment": "standard",
    "contract_invoice_delivery_mode": "attachment",
}

# Who may change what on a customer account. Permissions are account fields
# (res.partner), contract fields ("contract_<field>") and page actions.
# This is the one rule: the portal controller and the ORM (back office) both
# ask ``res.partner._get_contract_portal_permissions()``.
OWNER_FIELD_PERMISSIONS = frozenset(
    {
        "contract_billing_address_id",
        "contract_customer_number",
        "contract_invoice_recipient_ids",
        "contract_invoice_delivery_mode",
        "contract_purchase_order_number",
    }
)
OWNER_PERMISSIONS = OWNER_FIELD_PERMISSIONS | {
    "module_info",
    "module_cancel",
    "module_change_tariff",
    "module_order",
    "legal_accept",
    "account_delete",
}
MANAGER_PERMISSIONS = (OWNER_PERMISSIONS - {"legal_accept"}) | {
    "contract_account_owner_id",
    "contract_vat_treatment",
    "contract_test_account",
    "contract_partner_id",
    "contract_payment_term_id",
    "contract_period",
    "module_info_restricted",
    "module_choose_date",
    "module_add_option",
}


def value_changes(record, field_name, value):
    """Whether writing ``value`` (a write value) in ``field_name`` changes
    ``record``: writing what is already there is no change, for any user."""
    field = record._fields[field_name]
    new_value = field.convert_to_record(
        field.convert_to_cache(value, record, validate=False), record
    )
    if field.type == "many2many":
        return set(new_value.ids) != set(record[field_name].ids)
    return new_value != record[field_name]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The account settings belong to one customer: a duplicated partner is a
    # new account and starts from the defaults (its contacts are not those of
    # the original, and duplicating is no change of the original's settings).
    contract_account_owner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Account owner",
        tracking=True,
        copy=False,
        index="btree_not_null",
        domain="[('commercial_partner_id', '=', id), ('type', '=', 'contact')]",
        help="The contact of the customer who manages the account on the "
        "contract-management page of the portal.",
    )
    contract_billing_address_id = fields.Many2one(
        comodel_name="res.partner",
        string="Billing address",
        tracking=True,
        copy=False,
        domain="[('commercial_partner_id', '=', id)]",
        help="Printed instead of the contract party on the future invoices and "
        "credit notes of the customer: of its contracts, its orders and those "
        "made by hand.",
    )
    contract_customer_number = fields.Char(
        string="Customer number",
        tracking=True,
        copy=False,
        help="Free reference of the customer (e.g. from their bookkeeping), "
        "printed on their future invoices and credit notes.",
    )
    contract_purchase_order_number = fields.Char(
        string="Purchase order number",
        tracking=True,
        copy=False,
        help="The customer's reference for our services, printed on their "
        "future invoices and credit notes.",
    )
    contract_vat_treatment = fields.Selection(
        selection=[
            ("standard", "Standard VAT"),
            ("reverse_charge", "Reverse charge"),
            ("exempt", "VAT exempt"),
        ],
        string="VAT treatment",
        default="standard",
        tracking=True,
        copy=False,
        help="Reverse charge and VAT exempt apply the fiscal position "
        "configured for them in the Invoicing settings to the customer's "
        "orders, contracts and invoices.",
    )
    contract_invoice_recipient_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="res_partner_contract_invoice_recipient_rel",
        column1="partner_id",
        column2="recipient_id",
        string="Invoice recipients",
        tracking=True,
        copy=False,
        domain="[('commercial_partner_id', '=', id), ('email', '!=', False)]",
        help="Contacts who receive the invoices and credit notes by e-mail. "
        "When empty, Odoo's usual recipients apply.",
    )
    contract_invoice_delivery_mode = fields.Selection(
        selection=[
            ("attachment", "As attachment"),
            ("link", "As download link"),
        ],
        string="Invoice delivery",
        default="attachment",
        required=True,
        tracking=True,
        copy=False,
        help="Send invoices and credit notes as a PDF attached to the e-mail "
        "or as a link to download them from the portal.",
    )
    contract_test_account = fields.Boolean(
        string="Test account",
        tracking=True,
        copy=False,
        help="The contracts of a test account are never invoiced: their periods "
        "pass without an invoice, also once the flag is removed.",
    )
    contract_legal_acceptance_ids = fields.One2many(
        comodel_name="contract.legal.acceptance",
        inverse_name="partner_id",
        string="Legal acceptances",
    )
    contract_account_deletion_ids = fields.One2many(
        comodel_name="contract.account.deletion",
        inverse_name="partner_id",
        string="Account deletion requests",
    )
    is_contract_manager = fields.Boolean(
        compute="_compute_is_contract_manager",
        help="Technical field: whether the current user is a contract manager.",
    )

    @api.depends_context("uid")
    @api.depends("commercial_partner_id", "company_id")
    def _compute_is_contract_manager(self):
        is_manager = self.env.user.has_group("contract_portal.group_contract_manager")
        for partner in self:
            account = partner.commercial_partner_id
            partner.is_contract_manager = (
                account._is_contract_portal_manager()
                if account and is_manager
                else is_manager
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains(
        "contract_account_owner_id",
        "contract_billing_address_id",
        "contract_invoice_recipient_ids",
    )
    def _check_contract_account_contacts(self):
        for partner in self:
            contacts = (
                partner.contract_account_owner_id
                | partner.contract_billing_address_id
                | partner.contract_invoice_recipient_ids
            )
            foreign = contacts.filtered(
                lambda contact, account=partner: (
                    contact.commercial_partner_id != account
                )
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "These contacts do not belong to %(account)s: %(contacts)s. "
                        "The account owner, the billing address and the invoice "
                        "recipients must be contacts or addresses of the customer.",
                        contacts=", ".join(foreign.mapped("display_name")),
                        account=partner.display_name,
                    )
                )
            recipients_without_email = partner.contract_invoice_recipient_ids.filtered(
                lambda contact: not contact.email
            )
            if recipients_without_email:
                raise ValidationError(
                    self.env._(
                        "Invoice recipients need an e-mail address: %(contacts)s.",
                        contacts=", ".join(
                            recipients_without_email.mapped("display_name")
                        ),
                    )
                )

    @api.constrains("contract_vat_treatment")
    def _check_contract_vat_treatment(self):
        """Every company invoicing the customer has the fiscal position."""
        partners = self.filtered(
            lambda p: p.contract_vat_treatment not in (False, "standard")
        )
        if not partners:
            return
        companies_by_partner = dict(
            self.env["contract.contract"]._read_group(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("contract_type", "=", "sale"),
                ],
                ["commercial_partner_id"],
                ["company_id:recordset"],
            )
        )
        for partner in partners:
            companies = companies_by_partner.get(partner) or self.env.company
            for company in companies:
                company._get_contract_vat_fiscal_position(
                    partner.contract_vat_treatment
                )

    # ------------------------------------------------------------------
    # The rule: who may change what
    # ------------------------------------------------------------------

    def _get_contract_portal_permissions(self, user=None):
        """Return what ``user`` may change on the account ``self``.

        ``self`` is the customer's commercial partner. The result is a
        frozenset of account field names, contract permissions
        (``contract_partner_id``, ``contract_payment_term_id``,
        ``contract_period``) and page actions (``module_*``,
        ``legal_accept``, ``account_delete``):

        - a contract manager may change everything except accepting legal
          documents on the customer's behalf;
        - the account owner (a portal contact of the company designated on
          the account) may change the billing settings, module information
          flagged customer-editable, cancel modules and change tariffs at the
          dates the notice period allows, accept legal documents and delete
          the account;
        - other internal users who may edit the partner may change the same
          billing settings as the account owner in the back office;
        - anybody else only reads.

        Internal users (contract managers included) act only on accounts of
        their allowed companies (``_is_contract_portal_company_allowed``).
        """
        self.ensure_one()
        user = user or self.env.user
        if user._is_public():
            return frozenset()
        if not user.share:
            if not self._is_contract_portal_company_allowed(user):
                return frozenset()
            if self._is_contract_portal_manager(user):
                return frozenset(MANAGER_PERMISSIONS)
            if self.with_user(user).has_access("write"):
                return frozenset(OWNER_FIELD_PERMISSIONS)
            return frozenset()
        if (
            self.contract_account_owner_id
            and user.partner_id == self.contract_account_owner_id
            and user.partner_id.commercial_partner_id == self
        ):
            return frozenset(OWNER_PERMISSIONS)
        return frozenset()

    def _get_contract_portal_account_companies(self):
        """The companies the account ``self`` belongs to: its own company,
        if it has one, and the companies of its customer contracts."""
        self.ensure_one()
        account = self.sudo()
        if not account._origin:
            return account.company_id
        contracts = (
            self.env["contract.contract"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("commercial_partner_id", "=", account._origin.id),
                    ("contract_type", "=", "sale"),
                ]
            )
        )
        return account.company_id | contracts.company_id

    def _is_contract_portal_company_allowed(self, user=None):
        """Whether the internal ``user`` may act on the account ``self``:
        every company of the account is among the user's allowed companies,
        so that a user of company A never changes what company B invoices."""
        self.ensure_one()
        user = user or self.env.user
        companies = self._get_contract_portal_account_companies()
        return not (companies - user.sudo().company_ids)

    def _is_contract_portal_manager(self, user=None):
        """Whether ``user`` acts as a contract manager on the account
        ``self``: an internal user of the Contract manager group, allowed in
        every company of the account."""
        self.ensure_one()
        user = user or self.env.user
        return (
            not user.share
            and user.has_group("contract_portal.group_contract_manager")
            and self._is_contract_portal_company_allowed(user)
        )

    def _get_contract_portal_permission_labels(self):
        """Human readable names of the permissions, for error messages."""
        contract_fields = self.env["contract.contract"]._fields
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in ACCOUNT_FIELDS
        }
        labels.update(
            {
                "contract_partner_id": self.env._("Contract parties"),
                "contract_payment_term_id": contract_fields[
                    "payment_term_id"
                ]._description_string(self.env),
                "contract_period": self.env._("Contract period"),
                "module_info": self.env._("Module information"),
                "module_info_restricted": self.env._(
                    "Module information reserved to contract managers"
                ),
                "module_cancel": self.env._("Cancel a module"),
                "module_change_tariff": self.env._("Change tariff"),
                "module_order": self.env._("Order a module"),
                "module_choose_date": self.env._(
                    "The date of a cancellation or tariff change"
                ),
                "module_add_option": self.env._("Add-on options"),
                "legal_accept": self.env._("Acceptance of legal documents"),
                "account_delete": self.env._("Delete account"),
            }
        )
        return labels

    def _check_contract_portal_permission(self, permissions, user=None):
        """Raise an AccessError unless ``user`` has all ``permissions``."""
        for account in self:
            missing = set(permissions) - account._get_contract_portal_permissions(user)
            if missing:
                labels = account._get_contract_portal_permission_labels()
                raise AccessError(
                    self.env._(
                        "You are not allowed to change %(items)s of the account "
                        "%(account)s. Please contact your account owner or our "
                        "contract managers.",
                        items=", ".join(sorted(labels[key] for key in missing)),
                        account=account.display_name,
                    )
                )

    def _check_contract_portal_write(self, vals):
        """Check that the current user may write ``vals`` (account fields)."""
        keys = set(vals) & set(ACCOUNT_FIELDS)
        if not keys:
            return
        for partner in self:
            changed = {key for key in keys if value_changes(partner, key, vals[key])}
            if changed:
                partner._check_contract_portal_permission(changed)

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if not self.env.su:
            for partner, vals in zip(partners, vals_list, strict=True):
                keys = {
                    key
                    for key in set(vals) & set(ACCOUNT_FIELDS)
                    if vals[key] and vals[key] != ACCOUNT_FIELD_DEFAULTS.get(key)
                }
                if keys:
                    partner.commercial_partner_id._check_contract_portal_permission(
                        keys
                    )
        return partners

    def write(self, vals):
        if not self.env.su:
            self._check_contract_portal_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Account (commercial partner) helpers
    # ------------------------------------------------------------------

    def _contract_portal_check_access(self, user=None):
        """Raise AccessError unless ``user`` may view the account ``self``.

        A customer sees the account of their own company; a contract manager
        sees the accounts of their allowed companies.
        """
        self.ensure_one()
        user = user or self.env.user
        if user._is_public():
            raise AccessError(self.env._("Please sign in."))
        if user.partner_id.commercial_partner_id == self:
            return
        if self._is_contract_portal_manager(user):
            return
        raise AccessError(
            self.env._("You are not allowed to view the contracts of this customer.")
        )

    def _get_contract_portal_contracts(self):
        """The customer contracts of the account ``self`` (its agreements:
        not the one-time contracts that record purchases)."""
        self.ensure_one()
        return self.env["contract.contract"].search(
            [
                ("commercial_partner_id", "=", self.id),
                ("contract_type", "=", "sale"),
                ("is_one_time", "=", False),
            ],
            order="date, id",
        )

    def _get_contract_portal_companies(self, contracts=None):
        self.ensure_one()
        if contracts is None:
            contracts = self._get_contract_portal_contracts()
        return contracts.company_id or self.env.company

    def _contract_portal_write(self, vals):
        """Write account settings from the contract-management page.

        The rule is checked for the current user, every sub-record must
        belong to the account, then the values are written as superuser so
        that a portal account owner may change them; tracking records the
        real author.
        """
        self.ensure_one()
        unknown = set(vals) - set(ACCOUNT_FIELDS)
        if unknown:
            raise UserError(
                self.env._(
                    "These fields cannot be changed here: %(fields)s.",
                    fields=", ".join(sorted(unknown)),
                )
            )
        account = self.sudo()
        account._check_contract_portal_write(vals)
        account._check_contract_portal_contacts(vals)
        account._check_contract_portal_texts(vals)
        if "contract_vat_treatment" in vals:
            selection = dict(
                self._fields["contract_vat_treatment"]._description_selection(self.env)
            )
            if vals["contract_vat_treatment"] not in selection:
                raise UserError(self.env._("Please choose a VAT treatment."))
        if "contract_invoice_delivery_mode" in vals:
            modes = dict(
                self._fields["contract_invoice_delivery_mode"]._description_selection(
                    self.env
                )
            )
            if vals["contract_invoice_delivery_mode"] not in modes:
                raise UserError(self.env._("Please choose how invoices are sent."))
        return account.write(vals)

    def _check_contract_portal_contacts(self, vals):
        """The contacts chosen on the page (account owner, billing address,
        invoice recipients) must be contacts or addresses of the account.

        The message names none of them: the page never tells a customer
        whose contact an id is, nor whether it exists.
        """
        self.ensure_one()
        contact_ids = {
            vals[name]
            for name in ("contract_account_owner_id", "contract_billing_address_id")
            if vals.get(name)
        }
        for command in vals.get("contract_invoice_recipient_ids") or ():
            if command[0] == Command.SET:
                contact_ids.update(command[2])
            elif command[0] == Command.LINK:
                contact_ids.add(command[1])
        if not contact_ids:
            return
        members = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("id", "in", list(contact_ids)),
                    ("commercial_partner_id", "=", self.id),
                ]
            )
        )
        if members != len(contact_ids):
            raise UserError(
                self.env._(
                    "Please choose among the contacts and addresses of %(account)s.",
                    account=self.display_name,
                )
            )

    @api.model
    def _get_contract_portal_text_max_length(self):
        """The longest customer number or purchase-order number."""
        return ACCOUNT_TEXT_MAX_LENGTH

    def _check_contract_portal_texts(self, vals):
        """The texts typed on the page fit and can be stored."""
        limit = self._get_contract_portal_text_max_length()
        for name in ("contract_customer_number", "contract_purchase_order_number"):
            value = vals.get(name) or ""
            if len(value) > limit:
                raise UserError(
                    self.env._(
                        "%(field)s is too long: %(limit)s characters at most.",
                        field=self._fields[name]._description_string(self.env),
                        limit=limit,
                    )
                )
            if "\x00" in value:
                raise UserError(
                    self.env._(
                        "%(field)s contains characters that cannot be saved.",
                        field=self._fields[name]._description_string(self.env),
                    )
                )

    def _get_contract_account_deletion_blockers(self, lines=None):
        """Reasons why the account cannot be deleted yet (empty: it can).

        An account can be deleted only when no module is active and every
        module's end date has passed.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        if lines is None:
            lines = self.env["contract.line"].search(
                self._get_contract_portal_lines_domain()
            )
        reasons = []
        for line in lines.filtered(lambda li: not li.is_canceled):
            state = line._get_contract_portal_state(today)
            if state == "ending":
                reasons.append(
                    self.env._(
                        "%(module)s ends on %(date)s.",
                        module=line.name,
                        date=format_date(self.env, line.date_end),
                    )
                )
            elif state != "ended":
                reasons.append(self.env._("%(module)s is active.", module=line.name))
        return reasons

    def _get_contract_portal_lines_domain(self):
        self.ensure_one()
        return [
            ("contract_id.commercial_partner_id", "=", self.id),
            ("contract_id.contract_type", "=", "sale"),
            # a purchase recorded as a one-time contract is no module
            ("contract_id.is_one_time", "=", False),
            ("display_type", "=", False),
        ]

    def _contract_portal_delete_account(self):
        """Close the customer's account: end the portal access of its users.

        Allowed to the account owner and to contract managers, only when no
        module is active and every end date has passed. Nothing accounting
        is deleted: invoices, payments and contracts stay; the portal users
        are archived and moved out of the portal group as Odoo's portal
        wizard does, and the request is recorded.
        """
        self.ensure_one()
        self.sudo()._check_contract_portal_permission({"account_delete"})
        return self.sudo()._contract_portal_apply_delete_account()

    def _contract_portal_apply_delete_account(self):
        # Two clicks at once close the account once.
        self.lock_for_update()
        blockers = self._get_contract_account_deletion_blockers()
        if blockers:
            raise UserError(
                self.env._(
                    "The account cannot be deleted yet:\n%(reasons)s",
                    reasons="\n".join(blockers),
                )
            )
        portal_users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self.id),
                    ("share", "=", True),
                ]
            )
            .filtered(lambda user: user._is_portal())
        )
        group_portal = self.env.ref("base.group_portal")
        group_public = self.env.ref("base.group_public")
        request = self.env["contract.account.deletion"].create(
            {
                "partner_id": self.id,
                "user_id": self.env.user.id,
                "revoked_user_ids": [Command.set(portal_users.ids)],
            }
        )
        # A user cannot archive themselves: act as superuser, as the portal
        # wizard and the portal's own account deactivation do.
        portal_users.partner_id.sudo().write({"signup_type": None})
        portal_users.with_user(SUPERUSER_ID).write(
            {
                "group_ids": [
                    Command.unlink(group_portal.id),
                    Command.link(group_public.id),
                ],
                "active": False,
            }
        )
        body = Markup("%s<br/>%s") % (
            self.env._(
                "Account deletion requested by %(user)s.", user=self.env.user.name
            ),
            self.env._(
                "Portal access ended for: %(users)s. Invoices, payments and "
                "contracts are kept.",
                users=", ".join(portal_users.mapped("name")) or self.env._("nobody"),
            ),
        )
        self.message_post(body=body, message_type="comment")
        return request

    # ------------------------------------------------------------------
    # Legal acceptance
    # ------------------------------------------------------------------

    def _contract_portal_accept_legal_documents(self, documents):
        """Record that the account accepts the current ``documents``."""
        self.ensure_one()
        self.sudo()._check_contract_portal_permission({"legal_accept"})
        return self.sudo()._contract_portal_apply_accept_legal_documents(
            documents.sudo()
        )

    def _contract_portal_apply_accept_legal_documents(self, documents):
        current = self.env["contract.legal.document"]._get_current_documents(
            self._get_contract_portal_companies()
        )
        not_current = documents - current
        if not documents or not_current:
            raise UserError(
                self.env._("Please accept the current version of the documents.")
            )
        self.lock_for_update()
        already = (
            self.env["contract.legal.acceptance"]
            .search(
                [("partner_id", "=", self.id), ("document_id", "in", documents.ids)]
            )
            .document_id
        )
        to_accept = documents - already
        acceptances = self.env["contract.legal.acceptance"].create(
            [
                {
                    "partner_id": self.id,
                    "document_id": document.id,
                    "user_id": self.env.user.id,
                }
                for document in to_accept
            ]
        )
        if acceptances:
            self.message_post(
                body=self.env._(
                    "%(user)s accepted %(documents)s.",
                    user=self.env.user.name,
                    documents=", ".join(acceptances.document_id.mapped("display_name")),
                ),
                message_type="comment",
            )
        return acceptances

    # ------------------------------------------------------------------
    # Values of the contract-management page
    # ------------------------------------------------------------------

    def _prepare_contract_portal_values(self):
        """Everything the contract-management page shows of the account.

        Called on the sudoed account after the access check of the
        controller (``_contract_portal_check_access``); the permissions are
        those of the current user. The number of queries does not depend on
        the number of modules.
        """
        self.ensure_one()
        contracts = self._get_contract_portal_contracts()
        lines = self.env["contract.line"].search(
            [("contract_id", "in", contracts.ids), ("display_type", "=", False)],
            order="contract_id, sequence, id",
        )
        companies = self._get_contract_portal_companies(contracts)
        members = self.with_context(active_test=True).search(
            [("id", "child_of", self.id)], order="name, id"
        )
        contacts = members.filtered(lambda p: p != self and p.type == "contact")
        permissions = self._get_contract_portal_permissions()
        legal_rows = self._get_contract_portal_legal_rows(companies)
        payment_terms = self.env["account.payment.term"]
        if "contract_payment_term_id" in permissions:
            payment_terms = self.env["account.payment.term"].search(
                [("company_id", "in", [*companies.ids, False])]
            )
        return {
            "account": self,
            "permissions": permissions,
            "is_manager": "module_choose_date" in permissions,
            "contract_rows": [
                {
                    "contract": contract,
                    "payment_term": contract._get_contract_portal_payment_term(),
                }
                for contract in contracts
            ],
            "module_rows": lines._get_contract_portal_module_rows(),
            "order_sections": [
                {
                    "contract": contract,
                    "rows": contract._get_contract_portal_order_rows(),
                }
                for contract in contracts
            ],
            "state_labels": lines._get_contract_portal_state_labels(),
            "contacts": contacts,
            "recipient_candidates": contacts.filtered("email"),
            "billing_addresses": members.filtered(
                lambda p: p == self or p.type in ("invoice", "other")
            ),
            "payment_terms": payment_terms,
            "vat_treatments": self._fields[
                "contract_vat_treatment"
            ]._description_selection(self.env),
            "delivery_modes": self._fields[
                "contract_invoice_delivery_mode"
            ]._description_selection(self.env),
            "legal_rows": legal_rows,
            "documents_to_accept": self.env["contract.legal.document"].union(
                *(
                    row["current"]
                    for row in legal_rows
                    if row["current"] and not row["current_accepted"]
                )
            ),
            "deletion_blockers": self._get_contract_account_deletion_blockers(lines),
        }

    def _get_contract_portal_legal_rows(self, companies):
        """One row per type of legal document: the current version and
        the latest acceptance of the account."""
        self.ensure_one()
        documents = self.env["contract.legal.document"]._get_current_documents(
            companies
        )
        acceptances = self.env["contract.legal.acceptance"].search(
            [("partner_id", "=", self.id)]
        )
        rows = []
        for doc_type, label in (
            self.env["contract.legal.document"]
            ._fields["document_type"]
            ._description_selection(self.env)
        ):
            current = documents.filtered(lambda d, t=doc_type: d.document_type == t)[:1]
            accepted = acceptances.filtered(lambda a, t=doc_type: a.document_type == t)
            rows.append(
                {
                    "type": doc_type,
                    "label": label,
                    "current": current,
                    "last_acceptance": accepted[:1],
                    "current_accepted": bool(
                        current and current in accepted.document_id
                    ),
                }
            )
        return rows

    # ------------------------------------------------------------------
    # Back office
    # ------------------------------------------------------------------

    def action_open_contract_portal(self):
        """Open the customer's contract-management page as a manager."""
        self.ensure_one()
        account = self.commercial_partner_id
        account._contract_portal_check_access()
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": f"/my/contract-management?partner_id={account.id}",
        }
