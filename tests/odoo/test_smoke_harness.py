"""Proves the harness itself: the test database has the addon installed."""

from odoo.tests import TransactionCase


class TestSmokeHarness(TransactionCase):
    def test_addon_is_installed(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "ar_overdue_management")]
        )
        self.assertEqual(module.state, "installed")

    def test_harness_tagged_the_class(self):
        self.assertEqual(self.test_module, "ar_overdue_management")
        self.assertIn("standard", self.test_tags)
