"""From 18.0.1.2.0: the approval levels of a write-off go by its amount for
approval (its own amount with the customer's other open or recent
requests), no longer by its own amount alone.

The tier definitions of write-off requests that test the amount test the
new field; requests already submitted keep the amount they were routed by.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ar_writeoff_request
           SET approval_amount = amount_company
         WHERE approval_amount IS NULL AND round > 0
        """
    )
    cr.execute(
        """
        UPDATE tier_definition d
           SET definition_domain = REPLACE(
                   d.definition_domain, '''amount_company''', '''approval_amount''')
          FROM ir_model m
         WHERE m.id = d.model_id
           AND m.model = 'ar.writeoff.request'
           AND d.definition_domain LIKE '%''amount_company''%'
        """
    )
