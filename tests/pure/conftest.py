"""Make ``policy`` importable on its own.

The addon's ``__init__`` imports odoo, so the pure tests put the addon
directory itself on ``sys.path`` and import ``policy`` as a top-level package.
"""

import sys
from pathlib import Path

import pytest

ADDON_DIR = Path(__file__).resolve().parents[2] / "ar_overdue_management"
if str(ADDON_DIR) not in sys.path:
    sys.path.insert(0, str(ADDON_DIR))

import policy  # noqa: E402, F401  (fail early and clearly if policy imports odoo)


# pytest-odoo, when installed, adds session fixtures that load an Odoo
# registry for every test; the pure tests need none of it.
@pytest.fixture(scope="session", autouse=True)
def load_registry():
    yield


@pytest.fixture(scope="session", autouse=True)
def load_http():
    yield


@pytest.fixture(scope="module", autouse=True)
def enable_odoo_test_flag():
    yield
