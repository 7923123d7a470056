# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import AccessError


class PostsaleProtectedFieldsMixin(models.AbstractModel):
    """Fields only the post-sale billing writes.

    They say what was billed, by which order line, and where a renewal
    stands. The billing writes them as superuser once it has checked the
    user's access; a user's own ``create`` or ``write`` that sets them is
    refused, whatever the user's rights on the record.
    """

    _name = "postsale.protected.fields.mixin"
    _description = "Fields set by the post-sale billing only"

    @api.model
    def _get_postsale_protected_fields(self):
        """The names of the fields only the billing writes."""
        return frozenset()

    @api.model
    def _check_postsale_protected_fields(self, field_names):
        if self.env.su:
            return
        protected = set(field_names) & self._get_postsale_protected_fields()
        if protected:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s are set by the post-sale billing "
                    "only, never by hand.",
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            for name in protected
                        )
                    ),
                    model=self.env["ir.model"]._get(self._name).sudo().name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_postsale_protected_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_postsale_protected_fields(vals)
        return super().write(vals)
