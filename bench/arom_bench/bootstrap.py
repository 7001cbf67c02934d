"""Find a Python that imports odoo before anything else runs.

This module must not import odoo (nor any module of this package that does):
an entry point calls :func:`use_odoo_python` first, so ``bench/<script>.py``
works whatever ``python3`` a person typed, as odoo-bin's own scripts do.
"""

import os
import shutil
import sys
import time

REEXEC_FLAG = "AROM_BENCH_REEXEC"  # set in the re-executed process: no loop


def odoo_python_candidates():
    """Interpreters to try, in the order the README documents."""
    candidates = [
        os.environ.get("ODOO_PYTHON"),
        "/opt/odoo18/venv/bin/python",
        "python3",
    ]
    return [c for c in candidates if c]


def use_odoo_python(script):
    """Import odoo, or re-execute ``script`` (with the same arguments) under the
    first candidate interpreter that is not the current one; exit with a
    message when none can.  Then the process runs in UTC, as odoo-bin does."""
    os.environ["TZ"] = "UTC"
    try:
        import odoo  # noqa: F401
    except ImportError:
        _reexec_or_exit(script)
    time.tzset()


def _reexec_or_exit(script):
    message = (
        f"{os.path.basename(script)}: cannot import odoo; "
        "set ODOO_PYTHON to Odoo's Python"
    )
    if os.environ.get(REEXEC_FLAG):
        sys.exit(message)
    for candidate in odoo_python_candidates():
        path = shutil.which(candidate) or (
            candidate if os.path.isfile(candidate) else None
        )
        if path and os.path.abspath(path) != os.path.abspath(sys.executable):
            os.environ[REEXEC_FLAG] = "1"
            os.execv(path, [path, os.path.abspath(script), *sys.argv[1:]])
    sys.exit(message)
