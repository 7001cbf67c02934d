"""Pure business rules of the addon: no Odoo import allowed in this package.

The models gather data set-wise, call these functions and write the results,
so the rules can be read, tested and reasoned about on their own.
"""

from . import aging, cases, credit, provision, receivable, statement, tiers  # noqa: F401
