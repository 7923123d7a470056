from odoo.addons.base.tests.common import BaseCommon


class TestInstall(BaseCommon):
    def test_installed_with_dependencies(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "crm_renegotiation")]
        )
        self.assertEqual(module.state, "installed")
        for dependency in module.dependencies_id:
            self.assertEqual(dependency.state, "installed", dependency.name)
