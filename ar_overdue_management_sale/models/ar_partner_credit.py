from odoo import api, models
from odoo.tools import SQL


class ArPartnerCredit(models.Model):
    _inherit = "ar.partner.credit"

    @api.model
    def _credit_dependent_fields(self):
        """The hold banner and the prepayment of quotations follow the
        customer's credit standing too."""
        return {
            **super()._credit_dependent_fields(),
            "sale.order": ["ar_credit_on_hold", "ar_credit_hold_description"],
        }

    def _credit_uninvoiced(self):
        """Confirmed sale order lines not invoiced yet, tax included, in
        company currency: the part of the exposure that is not receivable
        yet."""
        result = super()._credit_uninvoiced()
        if not self:
            return result
        self.env["sale.order.line"].flush_model(
            [
                "price_total",
                "product_uom_qty",
                "qty_invoiced",
                "display_type",
                "is_downpayment",
                "order_id",
            ]
        )
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "company_id", "currency_rate"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, so.company_id,
                       SUM(sol.price_total
                           * GREATEST(sol.product_uom_qty - sol.qty_invoiced, 0)
                           / sol.product_uom_qty
                           / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale'
                   AND sol.display_type IS NULL
                   AND sol.is_downpayment IS NOT TRUE
                   AND sol.product_uom_qty > 0
                   AND p.commercial_partner_id = ANY(%(partners)s)
                   AND so.company_id = ANY(%(companies)s)
              GROUP BY 1, 2
                """,
                partners=self.partner_id.ids,
                companies=self.company_id.ids,
            )
        )
        for partner_id, company_id, amount in rows:
            pair = (partner_id, company_id)
            result[pair] = result.get(pair, 0.0) + (amount or 0.0)
        return result
