"""Figures of the overdue benchmark: the JSON report and the text table.

Times are medians over the runs (:func:`figures`); counts (queries, batches,
invoices, customers) are those of the first run, since they do not vary
between fresh copies of the same template.  bench/README.md explains every
figure.
"""

from .common import git_state
from .measure import series

RUNS = ("a", "b", "c")
PHASES = ("classify", "partners", "notify", "holds")

# figure key -> path of the value in a run's result (see overdue.measure_once)
FIGURE_PATHS = (
    ("a", ("a", "seconds")),
    ("b", ("b", "seconds")),
    ("c", ("c", "seconds")),
    ("d", ("floor_seconds",)),
    ("d_next", ("floor_next_seconds",)),
    ("a_classify", ("a", "classify_seconds")),
    ("a_partners", ("a", "partners_seconds")),
    ("a_notify", ("a", "notify_seconds")),
    ("a_holds", ("a", "holds_seconds")),
    ("b_partners", ("b", "partners_seconds")),
    ("b_notify", ("b", "notify_seconds")),
    ("b_holds", ("b", "holds_seconds")),
    ("b_classify", ("b", "classify_seconds")),
)


def ratio(x, y):
    return (x / y) if y else None


def fmt_s(seconds):
    if seconds < 1:
        return f"{seconds * 1000:8.1f} ms"
    return f"{seconds:8.2f} s "


def fmt_r(value):
    return f"{value:.1f}x" if value is not None else "n/a"


def figures(runs):
    """Median, min and max of every timed figure over the runs."""
    fig = {key: series(runs, path) for key, path in FIGURE_PATHS}
    if "e" in runs[0]:
        fig["e"] = series(runs, ("e", "seconds"))
    return fig


def build_report(args, meta, template, ref_date, runs, fig):
    """The JSON object printed last: the template's shape, every figure, the
    ratios to the floor, the first run's counts and the cross-checks."""
    first = runs[0]
    return {
        "customers": int(meta.get("customers", args.customers)),
        "invoices": int(meta.get("invoices", args.invoices)),
        "seed_invoices": int(meta.get("seed_invoices", 0)),
        "open_invoices_at_start": int(meta.get("open_invoices", 0)),
        "as_of": ref_date.isoformat(),
        "repeat": args.repeat,
        "template": template,
        "addon_hash": meta.get("addon_hash"),
        "git": git_state(),
        "seconds": {k: v for k, v in fig.items()},
        **floor_ratios(fig),
        **run_counts(first),
        "seconds_per_notification": ratio(
            fig["a_notify"]["median"], first["a"]["customers_notified"]
        ),
        "tiered_invoices_after_a": first["a"]["tiered_invoices"],
        "tier_changes_b": first["b"]["tier_changes"],
        "floor_rows": first["floor_rows"],
        "floor_next_rows": first["floor_next_rows"],
        "rating": rating_report(first, fig),
        "disagreements_with_floor": {
            "a": first["disagreements_a"],
            "b": first["disagreements_b"],
        },
    }


def floor_ratios(fig):
    """The goals' ratios: (a) and its classification to the floor (d), (b)
    and its classification to the next-day floor (d+1)."""
    return {
        "ratio_a_to_floor": ratio(fig["a"]["median"], fig["d"]["median"]),
        "ratio_classify_a_to_floor": ratio(
            fig["a_classify"]["median"], fig["d"]["median"]
        ),
        "ratio_b_to_floor_next": ratio(fig["b"]["median"], fig["d_next"]["median"]),
        "ratio_classify_b_to_floor_next": ratio(
            fig["b_classify"]["median"], fig["d_next"]["median"]
        ),
    }


def run_counts(first):
    """Queries (in all and by phase), batches, invoices and customers of
    (a), (b) and (c) in the first run."""
    counts = {
        "queries": {k: first[k]["queries"] for k in RUNS},
        "queries_by_phase_a": {p: first["a"][f"{p}_queries"] for p in PHASES},
        "queries_by_phase_b": {p: first["b"][f"{p}_queries"] for p in PHASES},
        "batches": {k: first[k]["batches"] for k in RUNS},
        "invoices_processed": {k: first[k]["invoices"] for k in RUNS},
    }
    for name in (
        "customers_refreshed",
        "customers_notified",
        "customers_refreshed_distinct",
        "customers_notified_distinct",
    ):
        counts[name] = {k: first[k][name] for k in RUNS}
    return counts


def rating_report(first, fig):
    """(e), the monthly credit rating, when the addon has it (else None)."""
    if "e" not in first:
        return None
    rating = first["e"]
    return {
        "customers": rating["customers"],
        "batches": rating["batches"],
        "queries": rating["queries"],
        "seconds": fig["e"],
        "ms_per_customer": 1000 * fig["e"]["median"] / rating["customers"]
        if rating["customers"]
        else None,
    }


def print_report(report, fig, first, repeat):
    """The human-readable figures on stdout, before the JSON line."""
    print()
    print(
        f"ar_overdue_management daily run: {report['customers']} customers, "
        f"{report['invoices']} invoices ({report['seed_invoices']} through the ORM, "
        f"the rest cloned), {report['open_invoices_at_start']} open; "
        f"as of {report['as_of']}; "
        f"median of {repeat} fresh copies; addon at {report['git']} "
        f"(source hash {report['addon_hash']})"
    )
    print()
    print_table(fig, first)
    print()
    print_ratios(report)
    print_counts(report)
    print_checks(report)
    print()


def table_rows(fig, first):
    """(label, figure key, queries) of each line of the table."""
    rows = [("(a) first full run (cron loop)", "a", first["a"]["queries"])]
    rows += _phase_rows("a", first)
    rows.append(("(b) next day (as_of + 1)", "b", first["b"]["queries"]))
    rows += _phase_rows("b", first)
    rows += [
        ("(c) same day again", "c", first["c"]["queries"]),
        ("(d) floor at as_of (one UPDATE)", "d", 1),
        ("(d+1) floor at as_of + 1 after (a)", "d_next", 1),
    ]
    if "e" in fig:
        rows.append(
            (
                f"(e) credit rating, {first['e']['customers']} customers",
                "e",
                first["e"]["queries"],
            )
        )
    return rows


def _phase_rows(run, first):
    labels = (
        ("classify", "classify + tier writes"),
        ("partners", "customer figures"),
        ("notify", "notifications"),
        ("holds", "credit holds"),
    )
    return [
        (f"    of which {label}", f"{run}_{phase}", first[run][f"{phase}_queries"])
        for phase, label in labels
    ]


def print_table(fig, first):
    print(f"{'measure':<44}{'median':>12}{'min':>12}{'max':>12}{'queries':>9}")
    for label, key, queries in table_rows(fig, first):
        f = fig[key]
        print(
            f"{label:<44}{fmt_s(f['median']):>12}{fmt_s(f['min']):>12}{fmt_s(f['max']):>12}"
            f"{queries:>9}"
        )


def print_ratios(report):
    print(f"ratio (a) / (d)                      {fmt_r(report['ratio_a_to_floor'])}")
    print(
        "ratio classify of (a) / (d)          "
        f"{fmt_r(report['ratio_classify_a_to_floor'])}"
    )
    print(
        f"ratio (b) / (d+1)                    {fmt_r(report['ratio_b_to_floor_next'])}"
    )
    print(
        "ratio classify of (b) / (d+1)        "
        f"{fmt_r(report['ratio_classify_b_to_floor_next'])}"
    )


def print_counts(report):
    for key, label in (("a", "(a)"), ("b", "(b)"), ("c", "(c)")):
        print(
            f"{label}: {report['invoices_processed'][key]} invoices in "
            f"{report['batches'][key]} batch(es); customer refreshes "
            f"{report['customers_refreshed'][key]} "
            f"({report['customers_refreshed_distinct'][key]} distinct); notifications "
            f"{report['customers_notified'][key]} "
            f"({report['customers_notified_distinct'][key]} distinct customers); "
            f"{report['queries'][key]} queries"
        )
    notify_per = report["seconds_per_notification"]
    if notify_per is not None:
        print(f"time per customer notification       {notify_per * 1000:.1f} ms")


def print_checks(report):
    print(
        f"invoices with a tier after (a)       {report['tiered_invoices_after_a']} "
        f"(floor wrote {report['floor_rows']})"
    )
    print(
        f"tier changes in (b)                  {report['tier_changes_b']} "
        f"(floor+1 wrote {report['floor_next_rows']})"
    )
    print(
        "tiers differing from the floor's     "
        f"after (a): {report['disagreements_with_floor']['a']}, "
        f"after (b): {report['disagreements_with_floor']['b']}"
    )
