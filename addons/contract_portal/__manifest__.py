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
        "contract_amendment",
        "portal",
        "account",
    ],
    "data": [
        "security/contract_portal_security.xml",
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/contract_contract_views.xml",
        "views/contract_line_views.xml",
        "views/product_template_views.xml",
        "views/account_move_views.xml",
        "views/contract_legal_document_views.xml",
        "views/contract_account_deletion_views.xml",
        "views/res_config_settings_views.xml",
        "views/report_invoice.xml",
        "views/contract_portal_templates.xml",
        "views/contract_portal_menus.xml",
    ],
    "demo": [
        "demo/contract_portal_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["contract_portal/static/tests/tours/*.js"],
    },
    "installable": True,
}
