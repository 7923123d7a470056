# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Helpdesk Portal Guard",
    "summary": "Customers close and submit tickets in the portal only for their "
    "own company: POST with the CSRF token, ownership and stage checked",
    "version": "19.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/postsale-contract-ops/postsale",
    "author": "Postsale Contract Ops, Odoo Community Association (OCA)",
    "maintainers": ["postsale-contract-ops"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "helpdesk_mgmt",
    ],
    "data": [
        "views/helpdesk_ticket_templates.xml",
    ],
    # The routes it guards come with helpdesk_mgmt: wherever that is
    # installed, so is the guard.
    "auto_install": True,
    "installable": True,
}
