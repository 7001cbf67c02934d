"""Benchmark data made through the ORM: users, customers, seed invoices.

The seeds are few (a few hundred) but real: posted by ``action_post``, paid
by ``account.payment.register``, credit notes reconciled by ``reconcile``,
so that :mod:`arom_bench.clones` copies documents exactly as Odoo makes them.
Every random draw comes from the ``rng`` passed in, in a fixed order: the
same seed gives the same data.
"""

import time
from datetime import timedelta

from odoo import Command

from .common import log

PAYMENT_TERMS = (
    "account_payment_term_immediate",
    "account_payment_term_15days",
    "account_payment_term_30days",
    "account_payment_term_30days",  # twice as likely
    "account_payment_term_45days",
    "account_payment_term_advance_60days",  # two receivable lines
)


def make_users(env):
    """Three salespeople, a risk manager and a collection team leader, so the
    warnings go to several owners as they would in a real company.  Returns
    (salespeople, risk manager, collection leader)."""
    group = env.ref("account.group_account_invoice")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench {role}",
                    "login": f"bench_{role}",
                    "email": f"bench_{role}@example.com",
                    "groups_id": [
                        Command.set([group.id, env.ref("base.group_user").id])
                    ],
                }
                for role in ("sales1", "sales2", "sales3", "risk", "collect")
            ]
        )
    )
    return users[:3], users[3], users[4]


def make_customers(env, rng, count, salespeople):
    """``count`` companies, 80% of them with a salesperson, created 1,000 at
    a time without chatter (as an import would)."""
    vals = []
    for i in range(count):
        vals.append(
            {
                "name": f"Bench Customer {i + 1:06d}",
                "is_company": True,
                "customer_rank": 1,
                "email": f"customer{i + 1}@example.com",
                # 20% of the customers have no salesperson: their mild-tier
                # warnings fall back to the risk manager
                "user_id": rng.choice(salespeople).id if rng.random() < 0.8 else False,
            }
        )
    partners = env["res.partner"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    for start in range(0, count, 1000):
        partners |= partners.create(vals[start : start + 1000])
    return partners


def seed_status(rng, age):
    """Older invoices are more likely to be paid, as in real books."""
    p_paid = min(0.85, 0.15 + age / 100.0)
    r = rng.random()
    if r < p_paid:
        return "paid"
    if r < p_paid + 0.10:
        return "partial"
    return "open"


def build_seeds(env, rng, customers, n_seeds, ref_date):
    """Create, post and pay ``n_seeds`` customer documents through the ORM.

    About 8% are credit notes: half of them reconciled against an open
    invoice of the same customer, half left open.  The rest are invoices with
    one of several payment terms (one with two instalments, so some invoices
    have two receivable lines); each is left open, partly paid or paid, by a
    real payment registered with ``account.payment.register``.
    """
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    terms = [env.ref(f"account.{xmlid}") for xmlid in PAYMENT_TERMS]
    seed_partners = customers[: max(1, min(len(customers), 40))]
    n_refunds = max(1, round(n_seeds * 0.08)) if n_seeds >= 10 else 0
    n_invoices = n_seeds - n_refunds

    plans = plan_seed_invoices(rng, seed_partners, terms, n_invoices, ref_date)
    invoices = post_seed_invoices(env, journal, plans)
    pay_seed_invoices(env, rng, plans, ref_date)
    refunds = make_seed_credit_notes(
        env, rng, journal, plans, seed_partners, n_refunds, ref_date
    )
    return invoices | refunds


def plan_seed_invoices(rng, seed_partners, terms, n_invoices, ref_date):
    """Draw the invoices (customer, date over the year, term, lines, fate)
    before creating any, so the draws do not depend on the ORM."""
    plans = []
    for _i in range(n_invoices):
        age = rng.randint(0, 364)
        inv_date = ref_date - timedelta(days=age)
        plans.append(
            {
                "partner": rng.choice(seed_partners),
                "date": inv_date,
                "term": rng.choice(terms),
                "lines": [
                    (rng.choice([1, 1, 2, 3, 5]), round(rng.uniform(50, 2500), 2))
                    for _j in range(rng.choice([1, 1, 2, 3]))
                ],
                "status": seed_status(rng, age),
                "age": age,
            }
        )
    return plans


def post_seed_invoices(env, journal, plans):
    """Create and post the planned invoices, 50 a transaction; each plan gets
    its ``move``."""
    invoices = env["account.move"]
    t0 = time.perf_counter()
    for start in range(0, len(plans), 50):
        chunk = plans[start : start + 50]
        moves = invoices.create(
            [
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "partner_id": plan["partner"].id,
                    "invoice_date": plan["date"],
                    "date": plan["date"],
                    "invoice_payment_term_id": plan["term"].id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Consulting services",
                                "quantity": qty,
                                "price_unit": price,
                            }
                        )
                        for qty, price in plan["lines"]
                    ],
                }
                for plan in chunk
            ]
        )
        moves.action_post()
        for plan, move in zip(chunk, moves, strict=True):
            plan["move"] = move
        invoices |= moves
        env.cr.commit()
    log(f"  {len(invoices)} seed invoices posted in {time.perf_counter() - t0:.1f}s")
    return invoices


def pay_seed_invoices(env, rng, plans, ref_date):
    """Pay the invoices planned paid or partly paid with real payments, dated
    between the invoice date and the reference date."""
    t0 = time.perf_counter()
    paid = 0
    for plan in plans:
        if plan["status"] == "open":
            continue
        move = plan["move"]
        pay_date = min(
            plan["date"] + timedelta(days=rng.randint(0, max(plan["age"] - 1, 0))),
            ref_date,
        )
        vals = {"payment_date": pay_date}
        if plan["status"] == "partial":
            vals["amount"] = round(move.amount_residual * rng.uniform(0.2, 0.8), 2)
            vals["payment_difference_handling"] = "open"
        wizard = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(vals)
        )
        wizard._create_payments()
        paid += 1
        if paid % 50 == 0:
            env.cr.commit()
    env.cr.commit()
    log(f"  {paid} seed payments registered in {time.perf_counter() - t0:.1f}s")


def make_seed_credit_notes(env, rng, journal, plans, seed_partners, count, ref_date):
    """``count`` posted credit notes: every other one reconciled against an
    open invoice of the same customer, the others left open."""
    t0 = time.perf_counter()
    refunds = env["account.move"]
    open_plans = [p for p in plans if p["status"] == "open"]
    for i in range(count):
        applied = open_plans and i % 2 == 0
        target, partner, amount, ref_d = _draw_credit_note(
            rng, open_plans if applied else None, seed_partners, ref_date
        )
        refund = env["account.move"].create(
            {
                "move_type": "out_refund",
                "journal_id": journal.id,
                "partner_id": partner.id,
                "invoice_date": ref_d,
                "date": ref_d,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Credit", "quantity": 1, "price_unit": max(amount, 1)}
                    )
                ],
            }
        )
        refund.action_post()
        if target:
            lines = (refund.line_ids | target["move"].line_ids).filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            )
            lines.reconcile()
        refunds |= refund
    env.cr.commit()
    log(f"  {len(refunds)} seed credit notes in {time.perf_counter() - t0:.1f}s")
    return refunds


def _draw_credit_note(rng, open_plans, seed_partners, ref_date):
    """(target plan or None, customer, amount, date) of one credit note: on an
    open invoice (``open_plans`` given) 20-60% of its residual net of tax,
    else a free amount on any date of the year."""
    if open_plans:
        target = rng.choice(open_plans)
        partner = target["partner"]
        amount = round(target["move"].amount_residual * rng.uniform(0.2, 0.6) / 1.15, 2)
        ref_d = min(target["date"] + timedelta(days=rng.randint(0, 20)), ref_date)
    else:
        target = None
        partner = rng.choice(seed_partners)
        amount = round(rng.uniform(20, 400), 2)
        ref_d = ref_date - timedelta(days=rng.randint(0, 364))
    return target, partner, amount, ref_d
