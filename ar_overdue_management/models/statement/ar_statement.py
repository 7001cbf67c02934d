from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ...policy import statement as statement_policy
from ..core.ar_accounting import format_amounts
from ..core.ar_receivable import aging_fields
from ..core.ar_security import COLLECTION_USER_GROUP

ANSWERS = [
    ("none", "Awaiting Answer"),
    ("confirmed", "Confirmed"),
    ("disputed", "Disputed"),
]


class ArStatement(models.Model):
    """A statement of account (对账单) of a customer in a company: the
    balance it owed at the start of a period, the invoices, credit notes and
    payments of the period, the balance at its end and its aging.  E-mailed
    with a link to a page where the customer confirms the balance or
    disputes lines; figures are read from the ledger once, then kept as
    sent."""

    _name = "ar.statement"
    _inherit = [
        "ar.mailed.document.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _description = "Statement of Account"
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, default="/")
    # the link's key: whoever holds it answers as the customer
    access_token = fields.Char(groups="base.group_system")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    case_id = fields.Many2one(
        "ar.collection.case",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The customer's open collection case when the statement was made.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        readonly=True,
        help="Who follows the customer's answer.",
    )
    scheduled = fields.Boolean(
        readonly=True, help="Made by the monthly run rather than on demand."
    )
    date = fields.Date(required=True, readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    line_ids = fields.One2many(
        "ar.statement.line", "statement_id", string="Movements", readonly=True
    )
    balance_ids = fields.One2many(
        "ar.statement.balance",
        "statement_id",
        string="Balances per Currency",
        readonly=True,
        help="What the customer owed in each currency it was invoiced in, at the "
        "start and at the end of the period.",
    )
    closing_balance_display = fields.Char(
        string="Balance Owed",
        compute="_compute_foreign_currency",
        help="The closing balance in each currency the customer was invoiced in.",
    )
    foreign_currency = fields.Boolean(
        compute="_compute_foreign_currency",
        help="Some movements are in another currency than the company's: the "
        "company-currency balances are then only for information.",
    )
    opening_balance = fields.Monetary(readonly=True)
    invoiced = fields.Monetary(readonly=True)
    credited = fields.Monetary(string="Credit Notes", readonly=True)
    paid = fields.Monetary(string="Payments", readonly=True)
    other_amount = fields.Monetary(string="Other Entries", readonly=True)
    closing_balance = fields.Monetary(readonly=True)
    # the aging of the closing balance: aging_not_due, aging_1_30... and
    # aging_credits, the unapplied credits
    locals().update(aging_fields("aging", readonly=True))
    answer = fields.Selection(
        ANSWERS, default="none", required=True, readonly=True, index=True, tracking=True
    )
    answer_date = fields.Datetime(readonly=True)
    answer_name = fields.Char(string="Answered By", readonly=True)
    answer_comment = fields.Text(string="Customer's Comment", readonly=True)
    answer_deadline = fields.Date(
        string="Answer Expected By",
        readonly=True,
        help="Set when the statement leaves: past it, the statement is listed "
        "for its owner.",
    )
    answer_late = fields.Boolean(
        string="Unanswered", readonly=True, index=True, copy=False
    )

    def init(self):
        # one scheduled statement per customer, company and period: a run
        # cut short and started again makes none twice
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS ar_statement_scheduled_uniq
                ON ar_statement (partner_id, company_id, date_from, date_to)
             WHERE scheduled
            """
        )

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        refs = self.env["ar.collection.case"]._case_next_refs(
            "ar.statement", len(unnamed)
        )
        for vals, name in zip(unnamed, refs, strict=True):
            vals["name"] = name
        return super(
            ArStatement,
            self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True),
        ).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A statement shows the ledger as it was sent; it is not edited."
                )
            )
        return super().write(vals)

    def unlink(self):
        if not self.env.su and any(s.state not in ("draft", "failed") for s in self):
            raise UserError(self.env._("A statement that went out is kept."))
        return super().unlink()

    @api.depends(
        "balance_ids.currency_id", "balance_ids.closing_balance", "currency_id"
    )
    @api.depends_context("lang")
    def _compute_foreign_currency(self):
        for statement in self:
            balances = statement.balance_ids
            statement.foreign_currency = bool(
                balances.currency_id - statement.currency_id
            )
            statement.closing_balance_display = format_amounts(
                self.env,
                [(b.closing_balance, b.currency_id) for b in balances]
                or [(statement.closing_balance, statement.currency_id)],
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for statement in self:
            statement.access_url = f"/my/ar_statements/{statement.id}"
        return res

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name.replace("/", "-")

    # ------------------------------------------------------------------
    # Mailing
    # ------------------------------------------------------------------
    def _mailed_report(self):
        return self.env.ref("ar_overdue_management.action_report_ar_statement")

    def _mailed_template(self):
        return self.env.ref(
            "ar_overdue_management.mail_template_ar_statement", raise_if_not_found=False
        )

    def _mailed_on_sent(self, channel):
        """The customer has its statement: its answer is expected within
        the company's delay."""
        for statement in self:
            days = statement.company_id.ar_statement_answer_days
            statement.write(
                {
                    "answer_deadline": statement_policy.answer_deadline(
                        statement.sent_date, days
                    )
                }
            )

    def _statement_portal_link(self):
        """The page where the customer answers, with its access token."""
        self.ensure_one()
        return self.get_base_url() + self.sudo().get_portal_url()

    def action_send(self):
        """E-mail the statements not sent yet (PDF attached, portal link)."""
        statements = self._statement_check_collector().filtered(
            lambda s: s.state in ("draft", "failed")
        )
        if not statements:
            raise UserError(self.env._("These statements went out already."))
        statements = statements.sudo()
        statements.filtered(
            lambda s: not s.pdf_id and not s.mail_id
        )._mailed_render_pdfs()
        # a statement whose e-mail failed sends that e-mail again, not a second
        statements.filtered(lambda s: s.state == "failed")._mailed_send_again()
        drafts = statements.filtered(lambda s: s.state == "draft")
        drafts.write({"state": "queued"})
        drafts._mailed_queue_mails()
        return True

    def action_print(self):
        """Download the statements as one PDF, for post."""
        statements = self._statement_check_collector()
        action = self._mailed_report().report_action(statements)
        statements.filtered(lambda s: s.state != "sent")._mailed_mark_sent(
            channel="letter"
        )
        return action

    def action_preview_portal(self):
        """Open the customer's page as the customer sees it, without its
        token: the answer is the customer's alone."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": f"/my/ar_statements/{self.id}/preview",
        }

    def _statement_check_collector(self):
        if not self.env.su and not self.env.user.has_group(COLLECTION_USER_GROUP):
            raise AccessError(
                self.env._("Only collection users send statements of account.")
            )
        self.check_access("read")
        return self
