"""Cross-addon checks of the project itself (run by `make test`)."""

import ast
import subprocess
from pathlib import Path

from odoo.addons.base.tests.common import BaseCommon

ROOT = Path(__file__).resolve().parent.parent
ADDONS = tuple(
    sorted(path.parent.name for path in (ROOT / "addons").glob("*/__manifest__.py"))
)


class TestProject(BaseCommon):
    def test_every_test_module_is_imported(self):
        """Odoo's own runner (``odoo -i <addon> --test-enable``, OCA's CI,
        runbot) runs only the test modules ``tests/__init__.py`` imports."""
        for addon in ADDONS:
            tests = ROOT / "addons" / addon / "tests"
            with self.subTest(addon=addon):
                modules = {path.stem for path in tests.glob("test_*.py")}
                self.assertTrue(modules, f"{addon} has no test module")
                tree = ast.parse((tests / "__init__.py").read_text())
                imported = {
                    alias.name
                    for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 1
                    for alias in node.names
                }
                self.assertEqual(sorted(modules - imported), [])

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
