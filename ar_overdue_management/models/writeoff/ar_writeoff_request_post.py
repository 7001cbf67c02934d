from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ...policy import writeoff as writeoff_policy
from ..core.ar_accounting import check_lock_date, post_entry

POSTING_GROUP = "account.group_account_manager"


class ArWriteoffRequest(models.Model):
    """Booking an approved write-off: an entry moves the amount from the
    customer's receivable to the allowance (or to the bad-debt expense),
    in the invoice's currency, reconciled with the invoice, which shows
    paid or partly paid; the case, tiers and holds follow.  A manager may
    reverse it, which reopens the debt."""

    _inherit = "ar.writeoff.request"

    def _check_posting_group(self):
        if not self.env.su and not self.env.user.has_group(POSTING_GROUP):
            raise AccessError(
                self.env._("Only an accounting administrator books write-offs.")
            )

    def action_post(self):
        self._check_posting_group()
        for request in self:
            if request.state != "approved":
                raise UserError(self.env._("Only an approved write-off is booked."))
            approvers = request.log_ids.filtered(
                lambda log, r=request: (
                    log.round == r.round and log.decision == "approved"
                )
            ).user_id
            if not self.env.su and self.env.user in (request.requester_id | approvers):
                request._ar_check_same_person(
                    self.env._("%(user)s books %(ref)s, which he asked for or approved")
                )
            request.sudo()._ar_post()
        return True

    def _ar_writeoff_account(self):
        company = self.company_id
        if (
            company.ar_writeoff_use_allowance
            and company.ar_provision_allowance_account_id
        ):
            return company.ar_provision_allowance_account_id
        return company.ar_provision_expense_account_id

    def _ar_post(self):
        company, move = self.company_id, self.move_id
        account, journal = self._ar_writeoff_account(), company.ar_provision_journal_id
        if not account or not journal:
            raise UserError(
                self.env._(
                    "Choose the allowance or bad-debt expense account and the journal "
                    "in the company's settings."
                )
            )
        today = fields.Date.context_today(self)
        check_lock_date(company, journal, today, self.env._("the write-off"))
        self._check_request()  # a payment since the approval may have lowered it
        label = self.env._(
            "Write-off %(ref)s of %(invoice)s", ref=self.name, invoice=move.name
        )
        common = {
            "partner_id": move.commercial_partner_id.id,
            "currency_id": move.currency_id.id,
        }
        parts = self._ar_receivable_parts()
        entry = post_entry(
            journal,
            today,
            label,
            [
                {
                    **common,
                    "account_id": account.id,
                    "amount_currency": self.amount,
                    "balance": self.amount_company,
                },
                *(
                    {
                        **common,
                        "account_id": line.account_id.id,
                        "amount_currency": -share,
                        "balance": -share_company,
                    }
                    for line, share, share_company in parts
                ),
            ],
        )
        # each instalment with its own line of the entry
        entry_lines = entry.line_ids.filtered(lambda own: own.balance < 0).sorted("id")
        for (line, _share, _company), own in zip(parts, entry_lines, strict=True):
            (own | line).reconcile()
        self._safe().write(
            {"state": "posted", "writeoff_move_id": entry.id, "posted_date": today}
        )
        self.message_post(body=self.env._("Written off: %(entry)s.", entry=entry.name))
        move._overdue_refresh()

    def _ar_receivable_parts(self):
        """``[(open receivable line, amount, amount in company currency)]``:
        the write-off spread over every open instalment of the invoice,
        oldest due first (``policy.writeoff.allocate``); the company amounts
        add up to the request's."""
        lines = self.move_id.line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
                and line.amount_residual_currency > 0
            )
        ).sorted(lambda line: (line.date_maturity or line.date, line.id))
        shares = writeoff_policy.allocate(
            self.amount, lines.mapped("amount_residual_currency")
        )
        parts = [
            (line, share) for line, share in zip(lines, shares, strict=True) if share
        ]
        company_currency = self.company_currency_id
        result, booked = [], 0.0
        for index, (line, share) in enumerate(parts):
            if index == len(parts) - 1:
                share_company = company_currency.round(self.amount_company - booked)
            else:
                share_company = company_currency.round(
                    line.amount_residual * share / line.amount_residual_currency
                )
            booked += share_company
            result.append((line, share, share_company))
        return result

    def action_reverse(self):
        """Reverse a booked write-off: the debt is open again."""
        if not self.env.su and not self.env.user.has_group(POSTING_GROUP):
            raise AccessError(
                self.env._("Only an accounting administrator reverses a write-off.")
            )
        for request in self:
            if request.state != "posted":
                raise UserError(self.env._("Only a booked write-off is reversed."))
            request.sudo()._ar_reverse()
        return True

    def _ar_reverse(self):
        entry = self.writeoff_move_id
        today = fields.Date.context_today(self)
        check_lock_date(
            self.company_id, entry.journal_id, today, self.env._("the reversal")
        )
        # only the write-off's own matching with the invoice is undone
        own = entry.line_ids.matched_debit_ids | entry.line_ids.matched_credit_ids
        own.filtered(
            lambda partial: (
                (partial.debit_move_id | partial.credit_move_id) & self.move_id.line_ids
            )
        ).unlink()
        reversal = entry._reverse_moves(
            [{"date": today, "ref": self.env._("Reversal of %(ref)s", ref=entry.ref)}],
            cancel=True,
        )
        self._safe().write({"state": "cancelled", "reversal_move_id": reversal.id})
        self.message_post(
            body=self.env._("Write-off reversed: the debt is open again.")
        )
        self.move_id._overdue_refresh()
