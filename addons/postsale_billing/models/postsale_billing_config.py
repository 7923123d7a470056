# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

# Above this many tickets, "Invoice activities" bills in the background: far
# below what one request bills within the workers' default time limits.
DEFAULT_BACKGROUND_THRESHOLD = 200

BILLING_CASES = [
    ("contract", "New post-sale contracts"),
    ("renewal", "Contract renewals"),
    ("ticket_activity", "Ticket activities"),
]


class PostsaleBillingConfig(models.Model):
    """Billing defaults of one company for one post-sale case.

    Only the "Post-sale billing configuration" group reads and writes these
    records through the interface; the billing flows read them with
    :meth:`_get_company_configs`, which is the one place that applies them.
    """

    _name = "postsale.billing.config"
    _description = "Post-sale billing configuration"
    _order = "company_id, billing_case"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
        index=True,
    )
    billing_case = fields.Selection(
        selection=BILLING_CASES,
        string="Billing case",
        required=True,
    )
    order_type_id = fields.Many2one(
        comodel_name="sale.order.type",
        string="Order type",
        check_company=True,
        ondelete="set null",
        help="Type given to the orders created for this case.",
    )
    subject = fields.Char(
        string="Deal subject",
        translate=True,
        help="Subject printed on the orders created for this case, in the "
        "customer's language.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Default product",
        check_company=True,
        domain=[("sale_ok", "=", True)],
        ondelete="restrict",
        help="Product or service of the order lines created for this case "
        "(for ticket activities: when the activity's condition has no product).",
    )
    renewal_price_policy = fields.Selection(
        selection=[
            ("last_renewal", "Last renewal price"),
            ("list_price", "Product list price"),
        ],
        string="Renewal price",
        default="last_renewal",
        required=True,
        help="Last renewal price: the price of the contract's last renewal.\n"
        "Product list price: the price of the default product in the customer's "
        "pricelist.",
    )

    background_threshold = fields.Integer(
        string="Background above",
        default=DEFAULT_BACKGROUND_THRESHOLD,
        help="Ticket activities: when more tickets than this are selected, "
        '"Invoice activities" bills them in the background and tells you when '
        "it is done; up to this many it bills them at once. 0: always at once.",
    )

    _company_case_unique = models.Constraint(
        "UNIQUE(company_id, billing_case)",
        "Each company has one billing configuration per case.",
    )
    _background_threshold_positive = models.Constraint(
        "CHECK(background_threshold >= 0)",
        "The background threshold cannot be negative.",
    )

    @api.depends("billing_case", "company_id")
    def _compute_display_name(self):
        labels = dict(self._fields["billing_case"]._description_selection(self.env))
        for config in self:
            config.display_name = (
                f"{labels.get(config.billing_case, '')} ({config.company_id.name})"
            )

    @api.model
    def _get_company_configs(self, companies, case):
        """Return ``{company_id: config}`` for ``case`` in ``companies``.

        The defaults are read with superuser rights: the users who create
        orders must apply them without being allowed to change them.
        """
        configs = (
            self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids), ("billing_case", "=", case)])
        )
        return {config.company_id.id: config for config in configs}

    def _get_subject(self, lang):
        """The deal subject translated into ``lang`` (the customer's)."""
        if not self:
            return False
        return self.with_context(lang=lang or self.env.lang).subject

    def _prepare_sale_order_values(self, partner, company, case):
        """Values shared by every order of a post-sale case.

        ``self`` is the configuration of ``company`` for ``case`` (may be
        empty). The customer's defaults (pricelist, payment terms, fiscal
        position, addresses) and the salesperson's team are left to the
        order's own computed fields.
        """
        values = {
            "partner_id": partner.id,
            "company_id": company.id,
            "user_id": self.env.user.id,
            "postsale_case": case,
        }
        if self.order_type_id:
            values["type_id"] = self.order_type_id.id
        subject = self._get_subject(partner.lang)
        if subject:
            values["postsale_subject"] = subject
        return values
