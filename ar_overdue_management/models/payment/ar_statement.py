from odoo import models


class ArStatement(models.Model):
    """A statement offers to pay online each invoice of its closing balance
    that is still open when it is read: the e-mail and PDF when they are
    made, the customer's page whenever it is opened."""

    _inherit = "ar.statement"

    def _pay_links(self):
        """The "Pay now" links of the customer's invoices of the statement's
        company dated up to its last day and still open, oldest due first
        (``account.move._ar_pay_links``)."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("commercial_partner_id", "=", customer.id),
                    ("company_id", "=", self.company_id.id),
                    ("date", "<=", self.date_to),
                ],
                order="invoice_date_due, name, id",
            )
        )
        return invoices._ar_pay_links(customer, self.company_id)
