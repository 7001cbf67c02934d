"""From 18.0.1.3.0: letters state the customer's overdue net of credits,
and statements keep each movement and balance in its own currency.

* A letter's ``overdue_amount`` was the overdue invoices before credits: it
  moves to ``invoice_amount`` and the overdue becomes the net figure.
* Statements made before were in company currency: their movements take
  that currency, and their balances one row in it.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ar_dunning_letter
           SET invoice_amount = overdue_amount,
               overdue_amount = overdue_amount - COALESCE(credit_amount, 0)
         WHERE invoice_amount IS NULL
        """
    )
    cr.execute(
        """
        UPDATE ar_dunning_letter_line
           SET kind = 'debt'
         WHERE kind IS NULL
        """
    )
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
