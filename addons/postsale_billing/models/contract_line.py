# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class ContractLine(models.Model):
    """A renewal is the renewal of a contract line by contract_line_successor:
    ``renew()`` either plans a successor line or extends the line; both
    record a :class:`contract.renewal` to bill."""

    _inherit = "contract.line"

    renewal_ids = fields.One2many(
        comodel_name="contract.renewal",
        inverse_name="contract_line_id",
        string="Renewals",
    )

    def _prepare_value_for_plan_successor(
        self, date_start, date_end, is_auto_renew, recurring_next_date=False
    ):
        values = super()._prepare_value_for_plan_successor(
            date_start, date_end, is_auto_renew, recurring_next_date
        )
        # The successor copies every field it reads: the renewals stay with
        # the line they renewed.
        values.pop("renewal_ids", None)
        return values

    def _renew_create_line(self, date_end):
        date_start = self.date_end + relativedelta(days=1)
        new_line = super()._renew_create_line(date_end)
        new_line._create_postsale_renewal(date_start, date_end)
        return new_line

    def _renew_extend_line(self, date_end):
        date_start = self.date_end + relativedelta(days=1)
        line = super()._renew_extend_line(date_end)
        line._create_postsale_renewal(date_start, date_end)
        return line

    def _prepare_postsale_renewal_values(self, date_start, date_end):
        self.ensure_one()
        return {
            "contract_id": self.contract_id.id,
            "contract_line_id": self.id,
            "date_start": date_start,
            "date_end": date_end,
        }

    def _create_postsale_renewal(self, date_start, date_end):
        self.ensure_one()
        # Whoever may renew the line records its renewal, even without
        # access to the renewals themselves.
        self.check_access("write")
        return (
            self.env["contract.renewal"]
            .sudo()
            .create(self._prepare_postsale_renewal_values(date_start, date_end))
        )
