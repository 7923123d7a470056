# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Post-sale Billing",
    "summary": "Sale orders from contracts, renewals and closed helpdesk ticket "
    "activities, with per-company billing defaults",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/postsale-contract-ops/postsale",
    "author": "Postsale Contract Ops, Odoo Community Association (OCA)",
    "maintainers": ["postsale-contract-ops"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "sale_management",
        "sale_order_type",
        "contract",
        "helpdesk_mgmt",
    ],
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": ["postsale_billing/static/tests/tours/*.js"],
    },
    "installable": True,
}
