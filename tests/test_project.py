"""Cross-addon checks of the project itself (run by `make test`)."""

import subprocess
from pathlib import Path

from odoo.addons.base.tests.common import BaseCommon

ROOT = Path(__file__).resolve().parent.parent
ADDONS = (
    "crm_renegotiation",
    "contract_portal",
    "postsale_billing",
    "helpdesk_mgmt_portal_guard",
)


class TestProject(BaseCommon):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(
            sorted(modules.filtered(lambda m: m.state == "installed").mapped("name")),
            sorted(ADDONS),
        )

    def test_no_odoo_source_tracked(self):
        if not (ROOT / ".git").exists():
            self.skipTest("not a git checkout")
        tracked = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        own = [
            path
            for path in tracked
            if path.endswith(("odoo-bin", "odoo/release.py"))
            or path.split("/")[:2]
            in (["addons", "base"], ["addons", "web"], ["addons", "sale"])
        ]
        self.assertEqual(own, [])
