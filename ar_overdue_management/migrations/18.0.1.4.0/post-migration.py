"""From 18.0.1.3.0: a dunning letter's opening follows the letters really
sent to the customer before it (``ar.dunning.letter.opening``), and the
e-mails say it as the PDF does, with one "please disregard" sentence.

The letters' e-mail templates are data loaded once: those that still read
the old fixed opening are reset from the addon's file (a template the
company rewrote keeps its text).
"""

from odoo import SUPERUSER_ID, api

TEMPLATES = {
    "mail_template_dunning_mild": "<p>According to our records",
    "mail_template_dunning_moderate": "<p>Despite our reminder",
    "mail_template_dunning_severe": "<p>This is our final notice",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, old_opening in TEMPLATES.items():
        template = env.ref(f"ar_overdue_management.{xmlid}", raise_if_not_found=False)
        if template and old_opening in (
            template.with_context(lang="en_US").body_html or ""
        ):
            template.reset_template()
