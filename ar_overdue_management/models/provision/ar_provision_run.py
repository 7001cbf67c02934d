from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ...policy import aging as aging_policy
from ...policy import provision as provision_policy
from ..core.ar_receivable import open_at_rows

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
        rates = self.env["ar.provision.rate"]._rates_of(
            self.company_id, self.rate_source
        )
        learned = self.env["ar.provision.rate"]._rates_of(self.company_id, "learned")
        partners = self.env["res.partner"].browse(list(rows))
        currency = self.currency_id
        lines, required_total, expected = [], 0.0, 0.0
        for partner in partners:
            amounts = rows[partner.id]
            surcharge = partner.industry_id.ar_provision_surcharge
            required = provision_policy.required_allowance(
                amounts, rates, surcharge, currency.decimal_places
            )
            loss = provision_policy.required_allowance(
                amounts, learned, 0.0, currency.decimal_places
            )
            expected += sum(loss.values())
            for bucket in provision_policy.BUCKETS:
                if currency.is_zero(amounts[bucket]):
                    continue
                required_total += required[bucket]
                lines.append(
                    {
                        "partner_id": partner.id,
                        "bucket": bucket,
                        "amount": amounts[bucket],
                        "rate": provision_policy.effective_rate(
                            rates[bucket], surcharge
                        ),
                        "required": required[bucket],
                    }
                )
        before = self._provision_balance()
        required_total = currency.round(required_total)
        ratio = provision_policy.coverage_ratio(
            required_total, currency.round(expected)
        )
        self.line_ids.unlink()
        self.write(
            {
                "line_ids": [(0, 0, vals) for vals in lines],
                "required_total": required_total,
                "balance_before": before,
                "difference": currency.round(required_total - before),
                "expected_loss": currency.round(expected),
                "coverage_ratio": ratio or 0.0,
                "coverage_status": provision_policy.coverage_status(ratio),
            }
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
