# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Contract Amendments",
    "summary": "One way to change a customer's contract from a date: sale "
    "orders, renegotiations, the portal and renewals amend its lines",
    "version": "19.0.1.0.0",
    "category": "Contract Management",
    "website": "https://github.com/postsale-contract-ops/postsale",
    "author": "Postsale Contract Ops, Odoo Community Association (OCA)",
    "maintainers": ["postsale-contract-ops"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "contract_line_successor",
        "sale",
    ],
    "data": [
        "security/ir.model.access.csv",
        "views/product_template_views.xml",
        "views/contract_contract_views.xml",
        "views/contract_line_views.xml",
        "views/sale_order_views.xml",
        "views/sale_order_templates.xml",
    ],
    "demo": [
        "demo/contract_amendment_demo.xml",
    ],
    "installable": True,
}
