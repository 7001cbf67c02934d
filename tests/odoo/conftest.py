"""Glue between pytest-odoo and the tests kept outside the addon.

Odoo's ``MetaCase`` only tags test classes defined under ``odoo.addons.*``;
these tests live in the checkout's ``tests/odoo``, so their classes would miss
``test_tags`` (read by ``BaseCase.setUpClass``) and would inherit
``test_module`` from a parent such as ``AccountTestInvoicingCommon``
('account').  Give them what ``MetaCase`` gives an addon's own tests.
"""

import logging

ADDON = "ar_overdue_management"


def _not_test_framework_import(record):
    """pytest-odoo imports ``odoo.tests`` before it switches test mode on, so
    Odoo logs a misleading "Importing test framework" ERROR: drop that one."""
    return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_not_test_framework_import)


def pytest_ignore_collect(collection_path, config):
    """Without a database these tests cannot run: leave them to ``bin/test``."""
    if collection_path.name == "conftest.py":
        return None
    if not config.getoption("--odoo-database", default=None):
        return True
    return None


def pytest_collection_modifyitems(items):
    """Tag every collected Odoo test class like ``MetaCase`` would."""
    from odoo.tests.common import BaseCase

    for cls in {item.cls for item in items if getattr(item, "cls", None)}:
        if not issubclass(cls, BaseCase):
            continue
        if getattr(cls, "test_tags", None) is None:
            cls.test_tags = {"standard", "at_install"}
        for name, value in (
            ("test_module", ADDON),
            ("test_class", cls.__name__),
            ("test_sequence", 0),
        ):
            if name not in vars(cls):
                setattr(cls, name, value)
