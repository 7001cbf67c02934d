"""From 18.0.1.4.0:

* The statement e-mail carries a "Pay now" link per open invoice.  Its
  template is data loaded once: a template that still reads as shipped is
  reset from the addon's file (a template the company rewrote keeps its
  text).
"""

from odoo import SUPERUSER_ID, api

SHIPPED = (
    "Please confirm the balance, or tell us which lines you dispute",
    "Check my statement",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "ar_overdue_management.mail_template_ar_statement", raise_if_not_found=False
    )
    if not template:
        return
    body = template.with_context(lang="en_US").body_html or ""
    if all(text in body for text in SHIPPED) and "ar_pay_online" not in body:
        template.reset_template()
