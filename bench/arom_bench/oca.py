"""OCA ``account_credit_control`` on a copy of the benchmark data.

Used by ``bench_vs_oca.py`` only: the OCA module is never a dependency of
the addon.  It is installed into Odoo's Python from
``bench/requirements-oca.txt`` when missing (``pip --no-deps``: it needs
nothing but ``account`` and ``mail``), then into a copy of the template
with ``odoo-bin -i``, and configured as its README describes: a policy on
the receivable accounts, levels with an e-mail channel, the policy on the
company and on its customers.

Its daily work, as its menus do it: a ``credit.control.run`` of the day and
its "Compute Credit Lines" button (``generate_credit_lines``); then the
lines marked "To Do" (``credit.control.marker``) and e-mailed
(``credit.control.emailer``), one communication per customer and level.
"""

import importlib.util
import os
import subprocess
import sys

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

from .common import REPO_ROOT, log, run_odoo
from .dbs import close_odoo, copy_db

OCA_MODULE = "account_credit_control"
REQUIREMENTS = os.path.join(REPO_ROOT, "bench", "requirements-oca.txt")

# (level, name, computation mode, days): 30 days after the due date, then
# 30 days after each reminder, so an invoice followed from its first day
# overdue gets its reminders at 30, 60 and 90 days
POLICY_LEVELS = (
    (1, "30 days overdue", "net_days", 30),
    (2, "60 days overdue", "previous_date", 30),
    (3, "90 days overdue", "previous_date", 30),
)


def ensure_oca_module():
    """Install the pinned OCA module into this Python when it is missing."""
    if importlib.util.find_spec(f"odoo.addons.{OCA_MODULE}"):
        return
    log(
        f"{OCA_MODULE} is not installed: installing it into {sys.executable} "
        f"from {os.path.relpath(REQUIREMENTS, REPO_ROOT)} (pip --no-deps)"
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-r", REQUIREMENTS],
        check=True,
        stdout=sys.stderr,
    )
    importlib.invalidate_caches()
    if not importlib.util.find_spec(f"odoo.addons.{OCA_MODULE}"):
        raise SystemExit(f"{OCA_MODULE} still cannot be imported after pip install")


def oca_version():
    """The installed distribution's version (the pin, or what was there)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(f"odoo-addon-{OCA_MODULE}")
    except PackageNotFoundError:
        return None


def prepare_oca_db(template, db, logdir="/tmp"):
    """``db``: a copy of ``template`` with the OCA module installed and its
    30/60/90 policy on the company and its customers."""
    ensure_oca_module()
    copy_db(template, db)
    log(f"installing {OCA_MODULE} into {db}")
    run_odoo(db, "-i", OCA_MODULE, logfile=os.path.join(logdir, f"{db}.log"))
    registry = Registry(db)
    with registry.cursor() as cr:
        policy = configure_policy(api.Environment(cr, SUPERUSER_ID, {}))
        cr.commit()
    close_odoo(db)
    return policy


def configure_policy(env):
    """The policy, its three e-mail levels, on the company and on every
    partner with a receivable line; return a summary of it."""
    company = env.company
    accounts = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)]
    )
    base = env.ref("account_credit_control.email_template_credit_control_base")
    # the OCA template attaches the summary PDF; the e-mail-only measurement
    # uses a copy without it (--pdf measures the PDF apart)
    template = base.copy(
        {
            "name": "Credit Control Email (no PDF)",
            "report_template_ids": [Command.clear()],
        }
    )
    policy = env["credit.control.policy"].create(
        {
            "name": "30/60/90 days",
            "company_id": company.id,
            "account_ids": [Command.set(accounts.ids)],
            "level_ids": [
                Command.create(
                    {
                        "level": level,
                        "name": name,
                        "computation_mode": mode,
                        "delay_days": days,
                        "channel": "email",
                        "email_template_id": template.id,
                        "mail_show_invoice_detail": True,
                        "custom_text": f"{name}: please pay the invoices below.",
                        "custom_mail_text": f"<p>{name}: please pay the invoices "
                        "listed below.</p>",
                    }
                )
                for level, name, mode, days in POLICY_LEVELS
            ],
        }
    )
    company.credit_policy_id = policy
    customers = env["account.move.line"]._read_group(
        [("account_id", "in", accounts.ids), ("partner_id", "!=", False)],
        ["partner_id"],
    )
    partners = env["res.partner"].browse([p.id for (p,) in customers])
    partners.write({"credit_policy_id": policy.id})
    return {"policy": policy.name, "customers": len(partners)}


def oca_run(env, day):
    """A credit control run of ``day`` and its lines, as the run's button
    does; return the run's id and the lines it generated."""
    run = env["credit.control.run"].create({"date": day})
    run.generate_credit_lines()
    return {"run_id": run.id, "done": len(run.line_ids)}


def oca_send(env, run_id):
    """The run's new lines marked "To Do", then e-mailed: one communication
    per customer and level, its mail queued (not sent: the mail queue sends
    it, as the addon's letters); return the communications made."""
    lines = env["credit.control.line"].search(
        [("run_id", "=", run_id), ("state", "=", "draft")]
    )
    if not lines:
        return {"done": 0, "lines": 0}
    ctx = {"active_model": "credit.control.line", "active_ids": lines.ids}
    marker = (
        env["credit.control.marker"].with_context(**ctx).create({"name": "to_be_sent"})
    )
    marker.mark_lines()
    emailer = (
        env["credit.control.emailer"]
        .with_context(mail_notify_force_send=False, **ctx)
        .create({})
    )
    emailer.email_lines()
    comms = lines.communication_id
    return {"done": len(comms), "lines": len(lines), "comm_ids": comms.ids}


def oca_pdfs(env, comm_ids):
    """The summary PDF of each communication, one by one as the OCA mail
    template attaches it to each e-mail."""
    report = env.ref("account_credit_control.credit_control_summary")
    for comm_id in comm_ids:
        env["ir.actions.report"]._render_qweb_pdf(report, [comm_id])
    return {"done": len(comm_ids)}
