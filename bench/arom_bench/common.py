"""What every benchmark shares: where the addon is, logging, odoo-bin, versions.

Progress goes to stderr (:func:`log`) so that stdout keeps only the figures,
the last line of which is the JSON object a script reads back.
"""

import hashlib
import os
import subprocess
import sys
import time

import odoo
import odoo.tools

ADDON = "ar_overdue_management"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDON_DIR = os.path.join(REPO_ROOT, ADDON)
CUSTOMER_TYPES = ("out_invoice", "out_refund", "out_receipt")


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def addons_path():
    """Odoo's addons and this checkout (the addon is taken from here)."""
    pkg = os.path.dirname(odoo.__file__)
    paths = [os.path.join(pkg, "addons")]
    src_addons = os.path.join(os.path.dirname(pkg), "addons")
    if os.path.isdir(src_addons):
        paths.append(src_addons)
    paths.append(REPO_ROOT)
    return ",".join(paths)


def configure_odoo():
    """Odoo's configuration of this process: the same addons as odoo-bin gets,
    quiet logs, no demo data."""
    odoo.tools.config.parse_config(
        [f"--addons-path={addons_path()}", "--log-level=warn", "--without-demo=all"]
    )


def odoo_cmd():
    """Command line that runs odoo-bin with this interpreter."""
    pkg = os.path.dirname(odoo.__file__)
    odoo_bin = os.path.join(os.path.dirname(pkg), "odoo-bin")
    if os.path.isfile(odoo_bin):
        return [sys.executable, odoo_bin]
    return [sys.executable, "-c", "import odoo; odoo.cli.main()"]


def run_odoo(db, *args, logfile):
    """Run ``odoo-bin -d db --stop-after-init <args>`` (installing or updating
    modules happens in its own process, as in production); stop on failure and
    show the first warnings of its log."""
    cmd = [
        *odoo_cmd(),
        "-d",
        db,
        f"--addons-path={addons_path()}",
        "--stop-after-init",
        "--without-demo=all",
        "--log-level=warn",
        *args,
    ]
    with open(logfile, "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
    with open(logfile) as fh:
        text = fh.read()
    if proc.returncode:
        sys.stderr.write(text[-4000:])
        raise SystemExit(f"odoo-bin {' '.join(args)} failed on {db} (log: {logfile})")
    problems = [
        line for line in text.splitlines() if " WARNING " in line or " ERROR " in line
    ]
    if problems:
        log(
            f"odoo-bin {' '.join(args)}: {len(problems)} warning/error line(s), "
            f"see {logfile}"
        )
        for line in problems[:5]:
            log("  " + line[:200])


def addon_hash():
    """Hash of the addon's source: a change means the template needs ``-u``."""
    digest = hashlib.sha1()
    for root, dirs, files in os.walk(ADDON_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, ADDON_DIR).encode())
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()[:12]


def git_state():
    """Commit of the checkout and whether the addon differs from it."""
    try:
        head = subprocess.run(
            ["git", "-C", REPO_ROOT, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", REPO_ROOT, "status", "--porcelain", "--", ADDON],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty else "")
