from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core.ar_accounting import check_lock_date, post_entry, reconcile_with

POSTING_GROUP = "account.group_account_manager"


class ArWriteoffRecovery(models.Model):
    """Money received from a customer after its debt was written off,
    booked as bad-debt recovery income: the customer's payment (or bank
    statement line) still open on its receivable is matched with a debit
    against the recovery income account.  The right of recourse lives on:
    the written-off debts stay on a memo ledger per customer, and each
    recovery is recorded on the write-off and its case."""

    _name = "ar.writeoff.recovery"
    _description = "Bad-Debt Recovery"
    _order = "date desc, id desc"
    _check_company_auto = True

    request_id = fields.Many2one(
        "ar.writeoff.request",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    partner_id = fields.Many2one(related="request_id.partner_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    payment_line_id = fields.Many2one(
        "account.move.line", string="Payment", readonly=True, check_company=True
    )
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)

    @api.model
    def _record(self, request, payment_line, amount):
        """Book ``amount`` (company currency) of ``payment_line`` as the
        recovery of ``request``."""
        if not self.env.su and not self.env.user.has_group(POSTING_GROUP):
            raise AccessError(
                self.env._("Only an accounting administrator books recoveries.")
            )
        company = request.company_id
        if request.state != "posted":
            raise UserError(self.env._("Only a booked write-off is recovered."))
        open_payment = -payment_line.amount_residual
        if (
            not (
                payment_line.move_id.origin_payment_id
                or payment_line.move_id.statement_line_id
            )
            or payment_line.account_id.account_type != "asset_receivable"
            or payment_line.partner_id.commercial_partner_id != request.partner_id
            or payment_line.company_id != company
            or open_payment <= 0
        ):
            raise UserError(
                self.env._(
                    "Choose money received from this customer (a payment or a bank "
                    "statement line) not matched with anything yet."
                )
            )
        left = request.amount_company - request.recovered_amount
        if amount <= 0 or amount > min(open_payment, left) + 0.005:
            raise UserError(
                self.env._(
                    "A recovery is at most what the payment has left (%(payment)s) and "
                    "what is still written off (%(left)s).",
                    payment=company.currency_id.format(open_payment),
                    left=company.currency_id.format(left),
                )
            )
        income, journal = (
            company.ar_writeoff_recovery_account_id,
            company.ar_provision_journal_id,
        )
        if not income or not journal:
            raise UserError(
                self.env._(
                    "Choose the recovery income account and the journal in the company's settings."
                )
            )
        today = fields.Date.context_today(self)
        check_lock_date(company, journal, today, self.env._("the recovery"))
        label = self.env._("Recovery of written-off %(ref)s", ref=request.name)
        partner = request.partner_id.id
        entry = post_entry(
            journal.sudo(),
            today,
            label,
            [
                {
                    "partner_id": partner,
                    "account_id": payment_line.account_id.id,
                    "balance": amount,
                },
                {"partner_id": partner, "account_id": income.id, "balance": -amount},
            ],
        )
        reconcile_with(entry, payment_line.sudo())
        recovery = self.sudo().create(
            {
                "request_id": request.id,
                "date": today,
                "amount": amount,
                "payment_line_id": payment_line.id,
                "move_id": entry.id,
            }
        )
        text = self.env._(
            "Recovered %(amount)s of the written-off %(ref)s (%(entry)s).",
            amount=company.currency_id.format(amount),
            ref=request.name,
            entry=entry.name,
        )
        request.sudo().message_post(body=text)
        if request.case_id:
            request.case_id.sudo().message_post(body=text)
        return recovery
