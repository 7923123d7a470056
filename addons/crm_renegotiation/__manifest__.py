# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Renegotiation",
    "summary": "Renegotiate an agreement from a helpdesk ticket: deal, contract "
    "quotation, e-signature and the change applied to the contract",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/postsale-contract-ops/postsale",
    "author": "Postsale Contract Ops, Odoo Community Association (OCA)",
    "maintainers": ["postsale-contract-ops"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "crm",
        "sale_crm",
        "sale_management",
        "sale_sms",
        "helpdesk_mgmt",
        "contract_line_successor",
    ],
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": ["crm_renegotiation/static/tests/tours/*.js"],
    },
    "installable": True,
}
