from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero

from ...policy import aging as aging_policy
from ...policy import provision as provision_policy
from ..core.ar_receivable import open_at_rows
from ..core.bulk_rows import insert_rows

MANAGER_GROUP = "account.group_account_manager"
SOURCES = [("fixed", "Policy Rates"), ("learned", "Learned Rates")]
COVERAGE = [
    ("low", "Below the Band"),
    ("ok", "In the Band"),
    ("high", "Above the Band"),
]


class ArProvisionRun(models.Model):
    """A month's bad-debt provision of a company: the allowance each
    customer requires by aging bucket on the run's date, the allowance the
    books hold, and the journal entry of the difference (bad-debt expense
    against the allowance for doubtful accounts), reversed on the first day
    of the next month where the company wants it.  One posted run per
    company and month."""

    _name = "ar.provision.run"
    _inherit = ["mail.thread"]
    _description = "Bad-Debt Provision Run"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True)
    period_start = fields.Date(
        compute="_compute_period_start", store=True, help="First day of the month."
    )
    rate_source = fields.Selection(
        SOURCES, required=True, default="fixed", readonly=True
    )
    line_ids = fields.One2many("ar.provision.line", "run_id", readonly=True)
    bucket_ids = fields.One2many(
        "ar.provision.run.bucket", "run_id", string="Rates Used", readonly=True
    )
    rate_note = fields.Text(
        string="Learned Rates Replaced",
        readonly=True,
        help="The buckets whose learned rate has too little history behind it, "
        "and the fixed rate used instead.",
    )
    open_total = fields.Monetary(
        string="Owed by Customers",
        readonly=True,
        help="What the customers owe on the run's date, each net of its "
        "unmatched payments and credit notes; a customer with a credit balance "
        "owes nothing.",
    )
    credit_total = fields.Monetary(
        string="Credit Balances",
        readonly=True,
        help="What the company owes the customers with a credit balance: never "
        "set against another customer's debt.",
    )
    capped_amount = fields.Monetary(
        string="Cut by the Cap",
        readonly=True,
        help="What the rates would ask beyond what each customer owes net of its "
        "credits: no customer's allowance exceeds what it owes.",
    )
    required_total = fields.Monetary(string="Required Allowance", readonly=True)
    balance_before = fields.Monetary(
        string="Allowance Booked",
        readonly=True,
        help="Balance of the allowance account on the run's date, before its entry.",
    )
    difference = fields.Monetary(string="Entry Amount", readonly=True)
    expected_loss = fields.Monetary(
        readonly=True, help="The open amounts at the learned rates."
    )
    coverage_ratio = fields.Float(
        string="Coverage (%)",
        digits=(6, 1),
        readonly=True,
        help="Required allowance / expected loss; the policy keeps it between "
        "120 % and 150 %.",
    )
    coverage_status = fields.Selection(COVERAGE, readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True, copy=False)
    reversal_move_id = fields.Many2one(
        "account.move", string="Reversal", readonly=True, copy=False
    )
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )

    def init(self):
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS ar_provision_run_period_uniq
                ON ar_provision_run (company_id, period_start)
             WHERE state = 'posted'
            """
        )

    @api.depends("date")
    def _compute_period_start(self):
        for run in self:
            run.period_start = run.date.replace(day=1) if run.date else False

    @api.model_create_multi
    def create(self, vals_list):
        self._check_provision_manager()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("ar.provision.run")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._("A provision run changes through its buttons only.")
            )
        return super().write(vals)

    def unlink(self):
        if any(run.state == "posted" for run in self):
            raise UserError(self.env._("A posted provision run is kept."))
        return super().unlink()

    @api.model
    def _check_provision_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only an accounting administrator books the provision.")
            )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    def action_compute(self):
        """Read the ledger on the run's date and fill in what each customer
        requires."""
        self._check_provision_manager()
        for run in self:
            if run.state != "draft":
                raise UserError(self.env._("Only a draft run is computed again."))
            run.sudo()._provision_compute()
        return True

    def _provision_compute(self):
        self.ensure_one()
        rows = self._provision_amounts()
        rates, losses, buckets = self._provision_rates()
        currency = self.currency_id
        totals = dict.fromkeys(
            ("required", "expected", "owed", "credit", "capped"), 0.0
        )
        lines = []
        surcharges = {
            partner.id: partner.industry_id.ar_provision_surcharge
            for partner in self.env["res.partner"].browse(list(rows))
        }
        digits = currency.decimal_places
        for partner_id, amounts in rows.items():
            lines += self._provision_customer(
                (partner_id, surcharges[partner_id], digits),
                amounts,
                (rates, losses),
                buckets,
                totals,
            )
        before = self._provision_balance()
        required_total = currency.round(totals["required"])
        expected = currency.round(totals["expected"])
        ratio = provision_policy.coverage_ratio(required_total, expected)
        notes = [vals["note"] for vals in buckets.values() if vals["note"]]
        for vals in buckets.values():
            vals["amount"] = currency.round(vals["amount"])
            vals["required"] = currency.round(vals["required"])
        self.line_ids.unlink()
        self.bucket_ids.unlink()
        run = {"run_id": self.id, "company_id": self.company_id.id, "date": self.date}
        insert_rows(self.env["ar.provision.line"], [vals | run for vals in lines])
        self.write(
            {
                "bucket_ids": [Command.create(vals) for vals in buckets.values()],
                "rate_note": "\n".join(notes) or False,
                "open_total": currency.round(totals["owed"]),
                "credit_total": currency.round(totals["credit"]),
                "capped_amount": currency.round(totals["capped"]),
                "required_total": required_total,
                "balance_before": before,
                "difference": currency.round(required_total - before),
                "expected_loss": expected,
                "coverage_ratio": ratio or 0.0,
                "coverage_status": provision_policy.coverage_status(ratio),
            }
        )

    def _provision_customer(self, customer, amounts, rate_sets, buckets, totals):
        """The lines of one customer (``(id, industry surcharge, currency
        digits)``): each bucket's net open amount at its rate, the whole
        capped at what the customer owes net of its credits; adds to
        ``buckets`` and ``totals``."""
        rates, losses = rate_sets
        partner_id, surcharge, digits = customer
        owed = provision_policy.customer_owed(amounts)
        asked = provision_policy.required_allowance(amounts, rates, surcharge, digits)
        required = provision_policy.cap_allowance(asked, owed, digits)
        loss = provision_policy.cap_allowance(
            provision_policy.required_allowance(amounts, losses, 0.0, digits),
            owed,
            digits,
        )
        cut = sum(asked.values()) - sum(required.values())
        totals["owed"] += owed
        totals["credit"] += min(sum(amounts.values()), 0.0)
        totals["expected"] += sum(loss.values())
        totals["capped"] += cut
        lines = []
        for bucket in provision_policy.BUCKETS:
            if float_is_zero(amounts[bucket], precision_digits=digits):
                continue
            totals["required"] += required[bucket]
            buckets[bucket]["amount"] += amounts[bucket]
            buckets[bucket]["required"] += required[bucket]
            lines.append(
                {
                    "partner_id": partner_id,
                    "bucket": bucket,
                    "amount": amounts[bucket],
                    "rate": provision_policy.effective_rate(rates[bucket], surcharge),
                    "required": required[bucket],
                    "capped": not float_is_zero(
                        asked[bucket] - required[bucket], precision_digits=digits
                    ),
                }
            )
        return lines

    def _provision_rates(self):
        """``(rates, expected-loss rates, {bucket: vals of its rates line})``:
        the allowance's rates (fixed or learned, as the run says) and the
        expected loss's (learned); a learned rate with less history behind
        it than the company asks for is replaced by the fixed rate, with a
        note."""
        company = self.company_id
        rate_model = self.env["ar.provision.rate"]
        fixed = rate_model._rates_of(company, "fixed")
        learned = rate_model._rates_of(company, "learned")
        history = rate_model._history_of(company)
        thin = provision_policy.thin_history(
            history,
            company.ar_provision_min_history_months,
            company.ar_provision_min_history_invoices,
        )
        rates, origins = provision_policy.rates_in_use(
            fixed, learned, thin, self.rate_source
        )
        losses, loss_origins = provision_policy.rates_in_use(
            fixed, learned, thin, "learned"
        )
        buckets = {}
        for index, bucket in enumerate(provision_policy.BUCKETS):
            note = bucket in thin and self._provision_thin_note(
                bucket, thin[bucket], (fixed, learned), history
            )
            buckets[bucket] = {
                "sequence": index,
                "bucket": bucket,
                "amount": 0.0,
                "required": 0.0,
                "rate": rates[bucket],
                "rate_origin": origins[bucket],
                "learned_rate": learned[bucket],
                "history_months": history[bucket].months,
                "history_invoices": history[bucket].invoices,
                "loss_rate": losses[bucket],
                "loss_origin": loss_origins[bucket],
                "note": note or False,
            }
        return rates, losses, buckets

    def _provision_thin_note(self, bucket, short, rate_sets, history):
        """Which bucket's learned rate is replaced, why, and by which rate."""
        fixed, learned = rate_sets
        field = self.env["ar.provision.run.bucket"]._fields["bucket"]
        labels = dict(field._description_selection(self.env))
        company = self.company_id
        params = {
            "bucket": labels[bucket],
            "short": labels[short],
            "learned": f"{learned[bucket]:.2f}",
            "fixed": f"{fixed[bucket]:.2f}",
            "months": history[short].months,
            "invoices": history[short].invoices,
            "min_months": company.ar_provision_min_history_months,
            "min_invoices": company.ar_provision_min_history_invoices,
        }
        if short == bucket:
            return self.env._(
                "%(bucket)s: the learned rate %(learned)s %% rests on too thin a "
                "history (months: %(months)s, invoices: %(invoices)s; the company "
                "asks for at least %(min_months)s months and %(min_invoices)s "
                "invoices); the fixed rate %(fixed)s %% is used instead.",
                **params,
            )
        return self.env._(
            "%(bucket)s: the learned rate %(learned)s %% rests on the roll rates "
            "of %(short)s, whose history is too thin (months: %(months)s, "
            "invoices: %(invoices)s; the company asks for at least %(min_months)s "
            "months and %(min_invoices)s invoices); the fixed rate %(fixed)s %% is "
            "used instead.",
            **params,
        )

    def _provision_amounts(self):
        """``{customer id: {provision bucket: net open amount}}`` on the run's
        date."""
        pairs_rows = open_at_rows(self.env, [self.company_id.id], self.date)
        aging = {}
        for partner_id, _company_id, due, amount in pairs_rows:
            key = aging_policy.bucket_of_date(due, self.date)
            aging.setdefault(partner_id, dict.fromkeys(aging_policy.BUCKET_KEYS, 0.0))
            aging[partner_id][key] += amount
        return {
            partner_id: provision_policy.bucket_amounts(buckets)
            for partner_id, buckets in aging.items()
        }

    def _provision_balance(self):
        """The allowance the books hold on the run's date (the allowance
        account's credit balance)."""
        account = self.company_id.ar_provision_allowance_account_id
        if not account:
            return 0.0
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("account_id", "=", account.id),
                    ("company_id", "=", self.company_id.id),
                    ("parent_state", "=", "posted"),
                    ("date", "<=", self.date),
                ],
                [],
                ["balance:sum"],
            )
        )
        return -(groups[0][0] or 0.0)
