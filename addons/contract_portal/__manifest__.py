# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Contract Management Portal",
    "summary": "Customers manage their contract in the portal: parties, billing, "
    "legal, modules, tariff changes and cancellations",
    "version": "19.0.1.0.0",
    "category": "Contract Management",
    "website": "https://github.com/postsale-contract-ops/postsale",
    "author": "Postsale Contract Ops, Odoo Community Association (OCA)",
    "maintainers": ["postsale-contract-ops"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "contract_line_successor",
        "portal",
        "account",
    ],
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": ["contract_portal/static/tests/tours/*.js"],
    },
    "installable": True,
}
