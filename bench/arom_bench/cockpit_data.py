"""The cockpit's data: a copy of the daily run's template as the collection
team would have it some days after the addon's first run.

On the copy (Collections dashboard glue installed): the first full daily
run on the reference date (every overdue customer gets a case), that day's
dunning letters, the receivable history of the last 13 month ends
(``res.company._ar_history_backfill``), then ``days`` days of work: each
morning the daily run (and its letters), then each case owner logs contacts
on some of his open cases (promises to pay, next actions), and a few
customers answer on the portal.  Then the scorecards of the past year's
months (with targets), some write-off requests submitted for approval and
some letters marked as not sent; the screens are opened the morning after
the last day, after that day's run.

Each day runs with the clock frozen at that day (freezegun), so what the
addon dates with "today" follows the data.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

from .common import log
from .measure import run_until_done

#: the case owners of the bench data: the salespeople (80% of the customers
#: have one) and the risk manager (the others); the collection team leader
#: owns the formal cases and is the manager who opens the dashboard
COLLECTORS = ("bench_sales1", "bench_sales2", "bench_sales3", "bench_risk")
MANAGER = "bench_collect"
COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"
COLLECTION_MANAGER = "ar_overdue_management.group_ar_collection_manager"


@dataclass(frozen=True)
class Plan:
    """How the copy is prepared: reference date, days of work, contacts
    logged a day by each owner, letters or not, random seed."""

    as_of: object
    days: int = 7
    work_per_day: int = 40
    letters: bool = True
    seed: int = 42

    @property
    def screen_day(self):
        """The morning the screens are opened."""
        return self.as_of + timedelta(days=self.days + 1)


def on_day(day, hour=9):
    """The clock frozen at ``hour`` on ``day``."""
    return freeze_time(datetime.combine(day, time(hour)))


def with_env(registry, call, uid=SUPERUSER_ID):
    """``call(env)`` in its own committed transaction."""
    with registry.cursor() as cr:
        value = call(api.Environment(cr, uid, {}))
        cr.commit()
    return value


def prepare(db, plan):
    """Prepare ``db`` (the glue installed) after ``plan``; returns what
    it holds, as counts."""
    registry = Registry(db)
    rng = random.Random(plan.seed)
    with_env(registry, drop_install_cases)
    with_env(registry, set_users)
    with on_day(plan.as_of):
        log(f"first full daily run on {plan.as_of} (cases opened)")
        morning(registry, plan.as_of, plan.letters)
        log("receivable history: 13 month ends")
        with_env(
            registry,
            lambda env: env.company._ar_history_backfill(months=13, as_of=plan.as_of),
        )
    for offset in range(1, plan.days + 1):
        day = plan.as_of + timedelta(days=offset)
        with on_day(day):
            morning(registry, day, plan.letters)
            done = with_env(registry, lambda env, d=day: work_day(env, d, rng, plan))
        log(f"  {day}: {done} contacts logged")
    with on_day(plan.screen_day, hour=7):
        morning(registry, plan.screen_day, plan.letters)
        with_env(registry, lambda env: scorecards(env, plan.as_of))
        with_env(registry, lambda env: writeoff_requests(env, rng))
        with_env(registry, lambda env: failed_letters(env, rng))
    return with_env(registry, counts)


def drop_install_cases(env):
    """The cases the addon's install opened on the day the template was
    built (its post_init_hook classifies as of the machine's date, before
    the template's team leader is set): the template's reset leaves them,
    so they would be found open, escalated and without leader by the first
    run of the reference date.  Removed with their creation notes, so that
    the first run opens the cases of that date (the database keeps a
    case until its retention date: set to yesterday first)."""
    env.cr.execute("DELETE FROM mail_message WHERE model = 'ar.collection.case'")
    env.cr.execute("UPDATE ar_collection_case SET retention_until = current_date - 1")
    env.cr.execute("DELETE FROM ar_collection_case")
    log(f"  {env.cr.rowcount} cases opened by the install removed")


def set_users(env):
    """The case owners are collection users; the leader a collection
    manager."""
    users = env["res.users"].search([("login", "in", (*COLLECTORS, MANAGER))])
    for user in users:
        group = COLLECTION_MANAGER if user.login == MANAGER else COLLECTION_USER
        user.groups_id = [Command.link(env.ref(group).id)]


def morning(registry, day, letters):
    """The scheduled work of a morning: the daily run, then the letters."""
    run_until_done(registry, lambda env: env["account.move"]._cron_overdue_refresh(day))
    if letters:
        with_env(
            registry,
            lambda env: env["ir.config_parameter"].set_param(
                "ar_overdue_management.dunning_pdf", "0"
            ),
        )
        run_until_done(
            registry, lambda env: env["ar.dunning.letter"]._cron_dunning_send(day)
        )


def work_day(env, day, rng, plan):
    """Each owner logs ``work_per_day`` contacts on his open cases, those
    never contacted first; 1% of the open cases get a portal answer."""
    cases = env["ar.collection.case"].search([("stage", "!=", "closed")], order="id")
    contacted = {
        case.id for [case] in env["ar.collection.contact"]._read_group([], ["case_id"])
    }
    logged = 0
    for owner, owned in cases.grouped("user_id").items():
        fresh = [case for case in owned if case.id not in contacted]
        again = [case for case in owned if case.id in contacted]
        rng.shuffle(fresh)
        rng.shuffle(again)
        picked = (fresh + again)[: plan.work_per_day]
        vals = [contact_vals(case, day, rng) for case in picked]
        env["ar.collection.contact"].with_user(owner).create(vals)
        logged += len(vals)
    answering = rng.sample(list(cases), max(1, len(cases) // 100))
    env["ar.collection.contact"].create(
        [
            {
                "case_id": case.id,
                "date": day,
                "channel": "portal",
                "answer": "We shall pay at the end of the month.",
            }
            for case in answering
        ]
    )
    return logged + len(answering)


def contact_vals(case, day, rng):
    """A phone call or an e-mail: 40% end with a promise to pay part of the
    overdue amount within ten days, 30% with a next action."""
    vals = {
        "case_id": case.id,
        "date": day,
        "channel": rng.choice(("phone", "phone", "email")),
        "contact_name": "Accounts payable",
        "answer": "Discussed the overdue invoices.",
    }
    draw = rng.random()
    if draw < 0.4 and case.overdue_amount > 1:
        limit = min(10, case.company_id.ar_promise_max_days or 10)
        vals["promise_amount"] = round(case.overdue_amount * rng.uniform(0.2, 1.0), 2)
        vals["promise_date"] = day + timedelta(days=rng.randint(0, limit))
    elif draw < 0.7:
        vals["next_action"] = "Call back"
        vals["next_action_date"] = day + timedelta(days=rng.randint(1, 7))
    return vals


def scorecards(env, as_of):
    """Targets for every collector over the last twelve months, then the
    monthly run's scorecards of those months."""
    users = env["res.users"].search([("login", "in", COLLECTORS)])
    last = as_of.replace(day=1)
    months = [last - relativedelta(months=n) for n in range(12)]
    env["ar.collection.target"].create(
        [
            {
                "month": month,
                "scope": "collector",
                "user_id": user.id,
                "measure": "amount",
                "base_target": 50000.0,
            }
            for month in months
            for user in users
        ]
    )
    for month in sorted(months):
        env["ar.collection.scorecard"]._scorecard_make(env.company, month)


def writeoff_requests(env, rng, count=30):
    """``count`` write-off requests on overdue invoices of the cases,
    submitted for approval by their owners, each with its evidence."""
    cases = env["ar.collection.case"].search(
        [("stage", "!=", "closed"), ("user_id.login", "in", COLLECTORS)]
    )
    made = 0
    for case in rng.sample(list(cases), min(count, len(cases))):
        invoice = case.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")[:1]
        if not invoice:
            continue
        owner = case.user_id
        evidence = (
            env["ir.attachment"]
            .with_user(owner)
            .create({"name": "bankruptcy-notice.txt", "raw": b"Notice"})
        )
        request = (
            env["ar.writeoff.request"]
            .with_user(owner)
            .create(
                {
                    "move_id": invoice.id,
                    "amount": invoice.amount_residual,
                    "reason": "The customer is bankrupt.",
                    "attachment_ids": [Command.set(evidence.ids)],
                }
            )
        )
        request.action_submit()
        made += 1
    return made


def failed_letters(env, rng, share=0.01):
    """A share of the letters could not be sent."""
    letters = env["ar.dunning.letter"].search([("state", "!=", "failed")], order="id")
    if letters:
        picked = rng.sample(list(letters), max(1, int(len(letters) * share)))
        env["ar.dunning.letter"].browse(
            [letter.id for letter in picked]
        )._mailed_mark_failed("Mailbox unavailable")


def counts(env):
    """What the prepared copy holds."""

    def count(model, domain=()):
        return env[model].search_count(list(domain))

    owners = env["ar.collection.case"]._read_group(
        [("stage", "!=", "closed")], ["user_id"], ["__count"]
    )
    return {
        "cases_open": count("ar.collection.case", [("stage", "!=", "closed")]),
        "cases": count("ar.collection.case"),
        "open_cases_by_owner": {user.login: n for user, n in owners},
        "contacts": count("ar.collection.contact"),
        "promises": {
            state: n
            for state, n in env["ar.collection.promise"]._read_group(
                [], ["state"], ["__count"]
            )
        },
        "letters": count("ar.dunning.letter"),
        "letters_failed": count("ar.dunning.letter", [("state", "=", "failed")]),
        "snapshot_rows": count("ar.receivable.snapshot"),
        "customer_month_rows": count("ar.customer.month"),
        "scorecards": count("ar.collection.scorecard"),
        "writeoffs_to_approve": count(
            "ar.writeoff.request", [("state", "=", "to_approve")]
        ),
        "activities": count(
            "mail.activity", [("res_model", "=", "ar.collection.case")]
        ),
    }
