# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class ContractLine(models.Model):
    """A renewal is the renewal of a contract line by contract_line_successor:
    ``renew()`` either plans a successor line or extends the line; both
    record a ``contract.renewal`` to bill."""

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

    def renew(self):
        # The renewed period starts the day after the line's end; renew()
        # returns one line per renewed line, in order: the successor, or
        # the line itself when it is extended.
        date_starts = [line.date_end + relativedelta(days=1) for line in self]
        renewed_lines = super().renew()
        renewed_lines._create_postsale_renewals(date_starts)
        return renewed_lines

    def _prepare_postsale_renewal_values(self, date_start):
        self.ensure_one()
        return {
            "contract_id": self.contract_id.id,
            "contract_line_id": self.id,
            "date_start": date_start,
            "date_end": self.date_end,
        }

    def _create_postsale_renewals(self, date_starts):
        """Record the renewal of each line of ``self``, renewed from the
        matching date of ``date_starts``, in one ``create()``. Only
        customer contracts are billed: supplier lines record nothing."""
        to_bill = [
            (line, date_start)
            for line, date_start in zip(self, date_starts, strict=True)
            if line.contract_id.contract_type == "sale"
        ]
        # Whoever may renew the lines records their renewals, even without
        # access to the renewals themselves.
        self.check_access("write")
        return (
            self.env["contract.renewal"]
            .sudo()
            .create(
                [
                    line._prepare_postsale_renewal_values(date_start)
                    for line, date_start in to_bill
                ]
            )
        )
