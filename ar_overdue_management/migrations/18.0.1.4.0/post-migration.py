"""From 18.0.1.3.0:

* A letter's ``overdue_amount`` was the overdue invoices before credits: it
  moves to ``invoice_amount`` and the overdue becomes the net figure, the
  customer's overdue as every screen shows it.
* Statements made before were in company currency: their movements take
  that currency, and their balances one row in it.
* A dunning letter's opening follows the letters really sent to the
  customer before it (``ar.dunning.letter.opening``), and the e-mails say it
  as the PDF does, with one "please disregard" sentence.  The letters'
  e-mail templates are data loaded once: those that still read the old
  fixed opening are reset from the addon's file (a template the company
  rewrote keeps its text).
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
    _letters_net_of_credits(cr)
    _statements_per_currency(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, old_opening in TEMPLATES.items():
        template = env.ref(f"ar_overdue_management.{xmlid}", raise_if_not_found=False)
        if template and old_opening in (
            template.with_context(lang="en_US").body_html or ""
        ):
            template.reset_template()


def _letters_net_of_credits(cr):
    cr.execute(
        """
        UPDATE ar_dunning_letter
           SET invoice_amount = overdue_amount,
               overdue_amount = overdue_amount - COALESCE(credit_amount, 0)
         WHERE invoice_amount IS NULL
        """
    )
    cr.execute("UPDATE ar_dunning_letter_line SET kind = 'debt' WHERE kind IS NULL")


def _statements_per_currency(cr):
    cr.execute(
        """
        UPDATE ar_statement_line sl
           SET currency_id = c.currency_id,
               amount_company = COALESCE(sl.debit, 0) - COALESCE(sl.credit, 0)
          FROM ar_statement s
          JOIN res_company c ON c.id = s.company_id
         WHERE s.id = sl.statement_id AND sl.currency_id IS NULL
        """
    )
    cr.execute(
        """
        INSERT INTO ar_statement_balance
               (statement_id, company_id, sequence, currency_id,
                opening_balance, closing_balance)
        SELECT s.id, s.company_id, 0, c.currency_id,
               s.opening_balance, s.closing_balance
          FROM ar_statement s
          JOIN res_company c ON c.id = s.company_id
         WHERE NOT EXISTS (
               SELECT 1 FROM ar_statement_balance b WHERE b.statement_id = s.id)
        """
    )
