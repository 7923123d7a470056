# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The renegotiation links its contract quotation (crm.renegotiation.order_id,
    # written by the server only); an order cannot claim a renegotiation.
    renegotiation_ids = fields.One2many(
        comodel_name="crm.renegotiation",
        inverse_name="order_id",
        string="Renegotiations",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    renegotiation_id = fields.Many2one(
        comodel_name="crm.renegotiation",
        string="Renegotiation",
        compute="_compute_renegotiation_id",
        compute_sudo=True,
        search="_search_renegotiation_id",
    )
    renegotiation_state = fields.Selection(
        related="renegotiation_id.state",
        string="Renegotiation Status",
    )
    # The renegotiation as this quotation states it: the values the form
    # fields of its PDF documents are filled with (the quote builder follows
    # a path of fields from the order, see data/sale_pdf_form_field_data.xml).
    renegotiation_contract_reference = fields.Char(
        string="Renegotiated Contract",
        compute="_compute_renegotiation_document_values",
        compute_sudo=True,
    )
    renegotiation_effective_date = fields.Date(
        compute="_compute_renegotiation_document_values",
        compute_sudo=True,
    )
    renegotiation_old_licences = fields.Integer(
        string="Licences Before",
        compute="_compute_renegotiation_document_values",
        compute_sudo=True,
    )
    renegotiation_new_licences = fields.Integer(
        string="Licences After",
        compute="_compute_renegotiation_document_values",
        compute_sudo=True,
    )
    renegotiation_old_price = fields.Monetary(
        string="Price per Licence Before",
        compute="_compute_renegotiation_document_values",
        compute_sudo=True,
    )
    renegotiation_new_price = fields.Monetary(
        string="Price per Licence After",
        compute="_compute_renegotiation_document_values",
        compute_sudo=True,
    )

    @api.depends("renegotiation_ids")
    def _compute_renegotiation_id(self):
        for order in self:
            order.renegotiation_id = order.renegotiation_ids[:1]

    def _search_renegotiation_id(self, operator, value):
        return [("renegotiation_ids", operator, value)]

    @api.depends(
        "renegotiation_id",
        "contract_date_start",
        "order_line.product_uom_qty",
        "order_line.price_unit",
    )
    def _compute_renegotiation_document_values(self):
        empty = dict.fromkeys(self._get_renegotiation_document_fields(), False)
        for order in self:
            values = dict(empty)
            if order.renegotiation_id:
                values.update(order._get_renegotiation_document_values())
            order.update(values)

    @api.model
    def _get_renegotiation_document_fields(self):
        return [
            "renegotiation_contract_reference",
            "renegotiation_effective_date",
            "renegotiation_old_licences",
            "renegotiation_new_licences",
            "renegotiation_old_price",
            "renegotiation_new_price",
        ]

    def _get_renegotiation_document_values(self):
        """Old and new terms as the quotation states them now: its line
        may have been edited since the wizard, and it is what is signed."""
        self.ensure_one()
        renegotiation = self.renegotiation_id
        order_line = renegotiation._get_order_line()
        return {
            "renegotiation_contract_reference": (
                renegotiation.contract_id._get_renegotiation_reference()
            ),
            # the day the change takes effect, as the quotation's changes
            # to the contract state it (after what is already invoiced)
            "renegotiation_effective_date": (
                renegotiation.date_effective
                or next(
                    (
                        row["date"]
                        for row in self._get_contract_change_rows()
                        if row["line"] == order_line
                    ),
                    self._get_contract_date(),
                )
            ),
            "renegotiation_old_licences": renegotiation.old_licences,
            "renegotiation_new_licences": (
                int(order_line.product_uom_qty)
                if order_line
                else renegotiation.new_licences
            ),
            "renegotiation_old_price": renegotiation.old_price,
            "renegotiation_new_price": (
                order_line.price_unit if order_line else renegotiation.new_price
            ),
        }

    def _get_renegotiation_documents(self):
        """The quotation documents that print the renegotiation: the ones
        with a form field filled from it. The quote builder adds them to the
        PDF of a quotation (not of a confirmed order)."""
        self.ensure_one()
        if not self.renegotiation_id or self.state == "sale":
            return self.env["quotation.document"]
        return self.quotation_document_ids.filtered(
            lambda doc: any(
                (field.path or "").startswith(("renegotiation_", "renegotiation_id."))
                for field in doc.form_field_ids
            )
        )

    def action_renegotiation_send(self):
        """Send the renegotiation contract by e-mail and SMS (R8)."""
        self.ensure_one()
        self.check_access("write")
        if not self.renegotiation_id:
            raise UserError(
                self.env._("This quotation is not a renegotiation contract.")
            )
        self.renegotiation_id._send_quotation()
        return True

    def _check_contract_changes(self):
        res = super()._check_contract_changes()
        self.sudo().renegotiation_id._check_signed_order()
        return res

    def _action_confirm(self):
        """Signing online (or confirming) applies the renegotiation (R10):
        the contract changes with the order (contract_amendment), then what
        follows a signed renegotiation."""
        res = super()._action_confirm()
        self.renegotiation_id._apply_renegotiation()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self.renegotiation_id._cancel_renegotiation()
        return res
