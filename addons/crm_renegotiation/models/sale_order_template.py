# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class SaleOrderTemplate(models.Model):
    _inherit = "sale.order.template"

    def _get_quotation_documents(self, company):
        """The headers and footers (PDF quote builder) of a quotation of this
        template created in ``company`` by code, as the quotation form adds
        them when the template is chosen: the documents added by default to
        every quotation and the template's own added by default."""
        self.ensure_one()
        orders = self.env["sale.order"].with_company(company)
        return orders._default_quotation_document_ids() | (
            self.quotation_document_ids.filtered(
                lambda doc: doc.add_by_default
                and doc.company_id.id in (False, company.id)
            )
        )
