"""The addon's dunning letters in a benchmark: PDF switch, PDFs, counts.

Shared by ``bench_dunning.py`` and ``bench_vs_oca.py``.
"""

import time

from odoo import SUPERUSER_ID, api


def set_pdf(registry, on):
    """Letters with (``on``) or without their PDF, committed."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param(
            "ar_overdue_management.dunning_pdf", "1" if on else "0"
        )
        cr.commit()


def pdf_per_letter(registry, count):
    """Render the PDF of ``count`` letters as the run does (rolled back)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        letters = env["ar.dunning.letter"].search([], limit=count, order="id")
        t0 = time.perf_counter()
        letters._mailed_render_pdfs()
        seconds = time.perf_counter() - t0
        made = len(letters.filtered("pdf_id"))
        cr.rollback()
    return {"letters": len(letters), "with_pdf": made, "seconds": seconds}


def letters_count(registry):
    """Letters by severity and state."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        groups = env["ar.dunning.letter"]._read_group(
            [], ["severity", "state"], ["__count"]
        )
        return {f"{sev}/{state}": n for sev, state, n in groups}
