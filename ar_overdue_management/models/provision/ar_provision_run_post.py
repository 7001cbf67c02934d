import logging
from datetime import timedelta

from odoo import api, models
from odoo.exceptions import UserError

from ..core.ar_accounting import check_lock_date, post_entry
from ..core.run_batch import run_day

_logger = logging.getLogger(__name__)


class ArProvisionRun(models.Model):
    """Booking the provision: the entry of the difference between what the
    customers require and what the allowance holds, its reversal on the
    first day of the next month where the company wants it, and the monthly
    scheduled run."""

    _inherit = "ar.provision.run"

    def action_post(self):
        self._check_provision_manager()
        for run in self:
            run.sudo()._provision_post()
        return True

    def _provision_post(self):
        self.ensure_one()
        company = self.company_id
        if self.state != "draft":
            raise UserError(self.env._("This provision run is not a draft."))
        accounts = (
            company.ar_provision_expense_account_id,
            company.ar_provision_allowance_account_id,
            company.ar_provision_journal_id,
        )
        if not all(accounts):
            raise UserError(
                self.env._(
                    "Choose the bad-debt expense account, the allowance account and "
                    "the journal of the provision in the company's settings."
                )
            )
        check_lock_date(
            company,
            company.ar_provision_journal_id,
            self.date,
            self.env._("the provision"),
        )
        posted = self.search(
            [
                ("company_id", "=", company.id),
                ("period_start", "=", self.period_start),
                ("state", "=", "posted"),
            ]
        )
        if posted:
            raise UserError(
                self.env._(
                    "The provision of this month is booked already: %(run)s.",
                    run=posted[0].name,
                )
            )
        self._provision_compute()
        move = self.env["account.move"]
        if not self.currency_id.is_zero(self.difference):
            move = post_entry(
                company.ar_provision_journal_id,
                self.date,
                self.env._("Bad-debt provision %(ref)s", ref=self.name),
                self._provision_move_lines(),
            )
        self.write({"state": "posted", "move_id": move.id})
        if move and company.ar_provision_auto_reverse:
            self._provision_reverse(move)

    def _provision_move_lines(self):
        """Bad-debt expense against the allowance (a release when the
        allowance is higher than required)."""
        company = self.company_id
        return [
            {
                "account_id": company.ar_provision_expense_account_id.id,
                "balance": self.difference,
            },
            {
                "account_id": company.ar_provision_allowance_account_id.id,
                "balance": -self.difference,
            },
        ]

    def _provision_reverse(self, move):
        day = self.date.replace(day=1) + timedelta(days=32)
        first_next = day.replace(day=1)
        reversal = move._reverse_moves(
            [
                {
                    "date": first_next,
                    "ref": self.env._("Reversal of %(ref)s", ref=move.ref),
                }
            ]
        )
        reversal.action_post()
        self.write({"reversal_move_id": reversal.id})

    @api.model
    def _cron_provision_monthly(self, as_of=None):
        """The past month's provision of each company whose accounts are
        set, booked once; a company whose entry fails (a lock date, say) is
        logged and left to finance, the others go on."""
        companies, date = self._provision_monthly_todo(as_of)
        return self._provision_monthly_book(companies, date)

    @api.model
    def _provision_monthly_todo(self, as_of=None):
        """``(companies, date)``: the companies whose accounts are set and
        whose provision of the month before ``as_of`` is not booked yet, and
        the last day of that month."""
        as_of = run_day(self, as_of)
        date = as_of.replace(day=1) - timedelta(days=1)
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("ar_provision_allowance_account_id", "!=", False),
                    ("ar_provision_expense_account_id", "!=", False),
                    ("ar_provision_journal_id", "!=", False),
                ]
            )
        )
        done = (
            self.sudo()
            .search(
                [("period_start", "=", date.replace(day=1)), ("state", "=", "posted")]
            )
            .company_id
        )
        return companies - done, date

    @api.model
    def _provision_monthly_book(self, companies, date):
        """Book the provision of ``date``'s month for each of ``companies``,
        each in a savepoint; returns the runs booked."""
        runs = self.sudo().browse()
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    run = self.sudo().create(
                        {
                            "company_id": company.id,
                            "date": date,
                            "rate_source": company.ar_provision_rate_source,
                        }
                    )
                    run._provision_post()
                    runs |= run
            except UserError as error:
                _logger.warning("Provision of %s not booked: %s", company.name, error)
        return runs
