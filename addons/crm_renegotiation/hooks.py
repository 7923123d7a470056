# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Give the existing companies the defaults that point to this addon's
    data (created after the columns)."""
    env["res.company"].search([])._set_renegotiation_defaults()
