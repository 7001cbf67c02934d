#!/usr/bin/env python3
"""This addon beside OCA account_credit_control, on the same data.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_vs_oca.py                                   # 1,000 customers, 20,000 invoices
    bench/bench_vs_oca.py --customers 10000 --invoices 100000 --repeat 1

On the template of ``bench_overdue.py`` (built when missing; never
modified: when it was built from another version of the addon, a copy of it
is updated with ``-u`` and used instead), it prepares an OCA copy once: ``account_credit_control`` (pinned in
``bench/requirements-oca.txt``, installed into Odoo's Python when missing)
installed with ``odoo-bin -i``, a 30/60/90-day policy with e-mail levels on
the company and its customers.  Then, ``--repeat`` times, on fresh copies,
each system in a process of its own (so that its peak memory is its own):

- first run: the addon's daily run over every open invoice at ``--as-of``
  (``_cron_overdue_refresh`` until done), against OCA's credit control run
  of that day (``credit.control.run`` + ``generate_credit_lines``);
- letters of the day: the addon's dunning run (``_cron_dunning_send``,
  e-mail only), against OCA's lines marked "To Do" and e-mailed (its
  marker and emailer wizards: one communication per customer and level);
  both queue their mails, neither sends them;
- next day: the same run at ``--as-of`` + 1 on the same copy, then its
  letters.

Figures: seconds, SQL queries (Odoo's counter), peak resident memory of
the process during the step, what the step made; medians over the rounds;
the ratio OCA / this addon.  A table, then one JSON line, on stdout.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import json  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

from arom_bench.cli import DEFAULT_REF_DATE, build_parser  # noqa: E402
from arom_bench.common import configure_odoo, git_state, log  # noqa: E402
from arom_bench.dbs import close_odoo, copy_db, drop_db  # noqa: E402
from arom_bench.letters import pdf_per_letter, set_pdf  # noqa: E402
from arom_bench.measure import (  # noqa: E402
    summarize,
    timed,
    timed_once,
    with_peak_rss,
)
from arom_bench.oca import (  # noqa: E402
    oca_pdfs,
    oca_run,
    oca_send,
    oca_version,
    prepare_oca_db,
)
from arom_bench.template import template_name, template_or_updated_copy  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

SYSTEMS = (("ours", "this addon"), ("oca", "OCA account_credit_control"))
STEPS = (
    ("first", "first run (every open invoice)", "invoices", "lines"),
    ("next", "next day (second run)", "invoices", "lines"),
    ("letters", "letters of the day, e-mail only", "letters", "communications"),
    ("letters_next", "letters of the next day", "letters", "communications"),
    ("pdf", "PDFs (--pdf)", "PDFs", "PDFs"),
)


def build_vs_parser():
    parser = build_parser(__doc__.split("\n\n")[0])
    parser.set_defaults(repeat=3)
    parser.add_argument(
        "--pdf",
        type=int,
        default=0,
        metavar="N",
        help="also render the PDF of N letters / communications of the day",
    )
    parser.add_argument(
        "--markdown",
        metavar="FILE",
        help="also write the table, with the command, date and load, to FILE",
    )
    parser.add_argument("--worker", choices=[s for s, _ in SYSTEMS], help="internal")
    parser.add_argument("--worker-db", help="internal")
    return parser


# -- one system's steps, in a process of its own ---------------------------


def ours_steps(registry, as_of, args):
    """The addon: daily run, letters, next day's run and letters."""
    next_day = as_of + timedelta(days=1)
    moves = "account.move"
    letters = "ar.dunning.letter"
    set_pdf(registry, False)
    out = {
        "first": with_peak_rss(
            lambda: timed(
                registry,
                lambda env: env[moves]._cron_overdue_refresh(as_of, args.batch_size),
            )
        ),
        "letters": with_peak_rss(
            lambda: timed(registry, lambda env: env[letters]._cron_dunning_send(as_of))
        ),
    }
    if args.pdf:
        set_pdf(registry, True)
        pdf = with_peak_rss(lambda: pdf_per_letter(registry, args.pdf))
        pdf["done"] = pdf.pop("with_pdf")
        out["pdf"] = pdf
        set_pdf(registry, False)
    out["next"] = with_peak_rss(
        lambda: timed(
            registry,
            lambda env: env[moves]._cron_overdue_refresh(next_day, args.batch_size),
        )
    )
    out["letters_next"] = with_peak_rss(
        lambda: timed(registry, lambda env: env[letters]._cron_dunning_send(next_day))
    )
    return out


def oca_steps(registry, as_of, args):
    """OCA: run and lines, mark and e-mail, next day's run and e-mails."""
    next_day = as_of + timedelta(days=1)
    out = {"first": with_peak_rss(lambda: timed_once(registry, run_of(as_of)))}
    out["letters"] = with_peak_rss(
        lambda: timed_once(registry, send_of(out["first"]["run_id"]))
    )
    comm_ids = out["letters"].pop("comm_ids")
    if args.pdf:
        out["pdf"] = with_peak_rss(
            lambda: timed_once(
                registry, lambda env: oca_pdfs(env, comm_ids[: args.pdf])
            )
        )
    out["next"] = with_peak_rss(lambda: timed_once(registry, run_of(next_day)))
    out["letters_next"] = with_peak_rss(
        lambda: timed_once(registry, send_of(out["next"]["run_id"]))
    )
    out["letters_next"].pop("comm_ids", None)
    return out


def run_of(day):
    return lambda env: oca_run(env, day)


def send_of(run_id):
    return lambda env: oca_send(env, run_id)


def worker(args):
    """Measure one system on ``--worker-db``; print its figures as JSON."""
    registry = Registry(args.worker_db)
    as_of = date.fromisoformat(args.as_of)
    steps = ours_steps if args.worker == "ours" else oca_steps
    print(json.dumps(steps(registry, as_of, args)))


def spawn_worker(args, system, db):
    cmd = [
        sys.executable,
        os.path.abspath(__file__),
        "--worker",
        system,
        "--worker-db",
        db,
        "--as-of",
        args.as_of,
        "--pdf",
        str(args.pdf),
    ]
    if args.batch_size:
        cmd += ["--batch-size", str(args.batch_size)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- rounds, figures, table --------------------------------------------------


def measure_rounds(args, template, oca_base):
    """``--repeat`` rounds; each system on a fresh copy, the order of the two
    alternating from one round to the next (the machine's load drifts)."""
    sources = {"ours": template, "oca": oca_base}
    rounds = []
    for i in range(args.repeat):
        order = [s for s, _ in SYSTEMS]
        if i % 2:
            order.reverse()
        rnd = {}
        for system in order:
            db = f"{template_name(args)}_vs_{system}{i}"
            copy_db(sources[system], db)
            close_odoo(db)
            log(f"round {i + 1}/{args.repeat}: {system} on {db}")
            rnd[system] = spawn_worker(args, system, db)
            if not (args.keep and i == args.repeat - 1):
                drop_db(db)
            log(
                "  "
                + ", ".join(
                    f"{step} {fig['seconds']:.3f}s/{fig.get('queries', '-')}q"
                    for step, fig in rnd[system].items()
                )
            )
        rounds.append(rnd)
    return rounds


def figures(rounds):
    """Per system and step: medians (min, max) of seconds and peak memory;
    queries and counts of the first round (they do not vary between copies)."""
    out = {}
    for system, _label in SYSTEMS:
        out[system] = {}
        for step, *_ in STEPS:
            runs = [r[system][step] for r in rounds if step in r[system]]
            if not runs:
                continue
            out[system][step] = {
                "seconds": summarize([r["seconds"] for r in runs]),
                "peak_rss_mb": summarize([r["peak_rss_mb"] for r in runs]),
                "rss_before_mb": summarize([r["rss_before_mb"] for r in runs]),
                "queries": runs[0].get("queries"),
                "done": runs[0].get("done"),
            }
    for step, *_ in STEPS:
        ours, oca = out["ours"].get(step), out["oca"].get(step)
        if ours and oca:
            out.setdefault("ratio", {})[step] = {
                "seconds": div(oca["seconds"]["median"], ours["seconds"]["median"]),
                "queries": div(oca["queries"], ours["queries"]),
                "peak_rss_mb": div(
                    oca["peak_rss_mb"]["median"], ours["peak_rss_mb"]["median"]
                ),
            }
    return out


def div(x, y):
    return x / y if x is not None and y else None


def fmt_seconds(s):
    """Median (min-max); the median alone when there was one round."""
    one = s["min"] == s["max"]
    if s["median"] < 1:
        spread = f" ({s['min'] * 1000:.0f}-{s['max'] * 1000:.0f})"
        return f"{s['median'] * 1000:.1f} ms" + ("" if one else spread)
    spread = f" ({s['min']:.2f}-{s['max']:.2f})"
    return f"{s['median']:.2f} s" + ("" if one else spread)


def cell(fig, unit):
    queries = "" if fig["queries"] is None else f", {fig['queries']:,} queries"
    return (
        f"**{fmt_seconds(fig['seconds'])}**{queries}, "
        f"{fig['peak_rss_mb']['median']:.0f} MB peak; {fig['done']:,} {unit}"
    )


def fmt_ratio(value, bold=False):
    if value is None:
        return "-"
    text = f"{value:.1f}x" if value < 100 else f"{value:,.0f}x"
    return f"**{text}**" if bold else text


def table(fig, repeat):
    """The side-by-side table, in Markdown."""
    lines = [
        f"| median of {repeat} | this addon | OCA account_credit_control "
        "| OCA / this addon: time (queries, memory) |",
        "| --- | --- | --- | --- |",
    ]
    for step, label, unit_ours, unit_oca in STEPS:
        ours, oca = fig["ours"].get(step), fig["oca"].get(step)
        if not (ours and oca):
            continue
        ratio = fig["ratio"][step]
        lines.append(
            f"| {label} | {cell(ours, unit_ours)} | {cell(oca, unit_oca)} | "
            f"{fmt_ratio(ratio['seconds'], True)} ({fmt_ratio(ratio['queries'])}, "
            f"{fmt_ratio(ratio['peak_rss_mb'])}) |"
        )
    return "\n".join(lines)


# the goals of the daily run and the letters: (label, "ratio" of OCA's time
# to ours or "ms_each" of ours, step, goal, sense of "met")
GOALS = (
    ("next day, OCA / this addon", "ratio", "next", 100.0, ">="),
    ("first run, OCA / this addon", "ratio", "first", 5.0, ">="),
    (
        "a letter made with its e-mail (letters of the day)",
        "ms_each",
        "letters",
        5.0,
        "<=",
    ),
    ("a PDF, the --pdf ones in one run", "ms_each", "pdf", 100.0, "<="),
)


def goals(fig):
    """``[(label, value, unit, goal, met)]`` of the goals this run measured."""
    out = []
    for label, kind, step, goal, sense in GOALS:
        if kind == "ratio":
            value = fig.get("ratio", {}).get(step, {}).get("seconds")
            unit = "x"
        else:
            ours = fig["ours"].get(step)
            done = ours and ours["done"]
            value = 1000.0 * ours["seconds"]["median"] / done if done else None
            unit = " ms"
        if value is None:
            continue
        met = value >= goal if sense == ">=" else value <= goal
        out.append((label, value, unit, f"{sense} {goal:g}{unit}", met))
    return out


def goals_table(rows):
    lines = ["| goal | measured | aimed at | |", "| --- | --- | --- | --- |"]
    for label, value, unit, goal, met in rows:
        gap = "met" if met else "**not met**"
        lines.append(f"| {label} | {value:,.1f}{unit} | {goal} | {gap} |")
    return "\n".join(lines)


def main():
    parser = build_vs_parser()
    args = parser.parse_args()
    configure_odoo()
    if args.worker:
        worker(args)
        return
    if args.profile:
        parser.error("--profile is bench_overdue.py's; this benchmark has none")
    command = "bench/bench_vs_oca.py " + shlex.join(sys.argv[1:])
    load_start = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    as_of = date.fromisoformat(args.as_of or DEFAULT_REF_DATE)
    name = template_name(args)
    template, updated = template_or_updated_copy(args, as_of, f"{name}_vs")
    oca_base = f"{name}_oca"
    try:
        policy = prepare_oca_db(template, oca_base)
        log(f"OCA copy {oca_base}: policy {policy}")
        rounds = measure_rounds(args, template, oca_base)
    finally:
        if not args.keep:
            drop_db(oca_base)
            if updated:
                drop_db(template)
    if args.drop_templates:
        drop_db(name)
    fig = figures(rounds)
    load_end = os.getloadavg()
    reached = goals(fig)
    text = table(fig, args.repeat) + "\n\n" + goals_table(reached)
    header = (
        f"`{command}`, {started}, commit {git_state()}, "
        f"{os.cpu_count()} cores, load average {load_start[0]:.1f} at the start, "
        f"{load_end[0]:.1f} at the end; {args.customers:,} customers, "
        f"{args.invoices:,} invoices, as of {as_of}; "
        f"account_credit_control {oca_version()}"
    )
    print(header)
    print()
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as fh:
            fh.write(header + "\n\n" + text + "\n")
    report = {
        "command": command,
        "started": started,
        "load_average_start": load_start,
        "load_average_end": load_end,
        "commit": git_state(),
        "template": template_name(args),
        "template_updated_copy": updated,
        "oca_version": oca_version(),
        "oca_policy": policy,
        "figures": fig,
        "goals": [
            {"goal": label, "value": value, "aimed_at": goal, "met": met}
            for label, value, _unit, goal, met in reached
        ],
        "rounds": rounds,
    }
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
