"""What the page and browser tests of the addons share."""

from odoo.fields import Command


def post_invoice(env, partner, amount, due, move_type="out_invoice", company=None):
    """A posted customer invoice (or credit note) of ``amount``, no tax,
    dated and falling due on ``due``."""
    moves = env["account.move"]
    if company:
        moves = moves.with_company(company)
    move = moves.create(
        {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": due,
            "invoice_date_due": due,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Goods",
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    move.action_post()
    return move
