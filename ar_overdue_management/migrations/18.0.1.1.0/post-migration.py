"""From 18.0.1.0.0: what the previous version did stays as it was.

- Holds were always enforced: companies keep them enforced (a new install
  starts with enforcement off).
- A grade policy with a fixed limit of 0 meant, through Odoo's credit limit,
  "no limit"; the rule is now explicit: such policies become "No limit",
  except that of grade D (prepayment), whose default meant "no credit".
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE res_company SET ar_credit_hold_enforced = TRUE")
    cr.execute(
        """
        UPDATE ar_credit_grade_policy
           SET limit_rule = CASE WHEN prepayment_required THEN 'no_credit'
                                 ELSE 'unlimited' END
         WHERE limit_rule = 'fixed' AND COALESCE(limit_amount, 0) <= 0
        """
    )
