from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

from ...policy import dunning as dunning_policy
from ..core.ar_accounting import format_amounts
from ..core.ar_security import COLLECTION_USER_GROUP


class ArDunningLetter(models.Model):
    """One dunning letter to a customer: the overdue invoices it lists, the
    credits and plan deducted, what it asks and by when.  Counts as sent
    only once its e-mail left (or it was printed for post); then it is
    logged on the case as a written contact with the PDF kept as evidence."""

    _name = "ar.dunning.letter"
    _inherit = [
        "ar.collection.case.item.mixin",
        "ar.mailed.document.mixin",
        "mail.thread",
    ]
    _description = "Dunning Letter"
    _order = "date desc, id desc"

    name = fields.Char(string="Reference", required=True, readonly=True, default="/")
    case_id = fields.Many2one(readonly=True)
    level_id = fields.Many2one(
        "ar.dunning.level", required=True, readonly=True, ondelete="restrict"
    )
    severity = fields.Selection(related="level_id.severity")
    consequences = fields.Text(compute="_compute_consequences")
    earlier_sent = fields.Integer(
        string="Letters Sent Before",
        compute="_compute_earlier_sent",
        store=True,
        help="Letters this customer was sent (e-mailed or printed) before this "
        "one: the letter recalls only those.",
    )
    opening = fields.Text(compute="_compute_opening")
    date = fields.Date(required=True, readonly=True)
    deadline = fields.Date(string="Payment Deadline", required=True, readonly=True)
    line_ids = fields.One2many(
        "ar.dunning.letter.line", "letter_id", string="Invoices", readonly=True
    )
    invoice_amount = fields.Monetary(
        string="Overdue Invoices",
        readonly=True,
        currency_field="currency_id",
        help="The overdue amounts of the invoices listed, before credits.",
    )
    credit_amount = fields.Monetary(
        string="Unapplied Credits",
        readonly=True,
        currency_field="currency_id",
        help="Payments and credit notes not yet applied, deducted from the "
        "overdue invoices.",
    )
    overdue_amount = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="The overdue invoices less the unapplied credits: the customer's "
        "overdue on the day of the letter, as its case and its form show it.",
    )
    covered_amount = fields.Monetary(
        string="Covered by a Plan", readonly=True, currency_field="currency_id"
    )
    amount_due = fields.Monetary(
        string="Amount to Pay",
        readonly=True,
        currency_field="currency_id",
        help="In company currency; the letter asks it in the currencies of "
        "the invoices.",
    )
    amount_due_display = fields.Char(
        string="To Pay",
        compute="_compute_amount_due_display",
        help="What the letter asks, in the currencies of the invoices.",
    )
    foreign_currency = fields.Boolean(
        compute="_compute_amount_due_display",
        help="Some invoices listed are in another currency than the company's.",
    )

    _sql_constraints = [
        (
            "case_level_uniq",
            "unique(case_id, level_id)",
            "A case gets each level's letter once.",
        )
    ]

    @api.depends("level_id.consequences", "level_id.severity")
    @api.depends_context("lang")
    def _compute_consequences(self):
        for letter in self:
            level = letter.level_id
            letter.consequences = level.consequences or (
                level._consequences_default() if level else False
            )

    def _amounts_by_currency(self):
        """``[(currency, overdue, to pay)]``: what the letter asks in each
        currency of its lines, rounded in that currency."""
        self.ensure_one()
        rows = dunning_policy.amounts_by_currency(
            [
                (line.currency_id, line.amount_residual, line.amount_company)
                for line in self.line_ids
            ],
            self.overdue_amount,
            self.amount_due,
        )
        return [
            (currency, currency.round(overdue), currency.round(due))
            for currency, overdue, due in rows
        ]

    @api.depends(
        "line_ids.amount_residual", "line_ids.currency_id", "amount_due", "currency_id"
    )
    @api.depends_context("lang")
    def _compute_amount_due_display(self):
        for letter in self:
            amounts = letter._amounts_by_currency() if letter.line_ids else []
            letter.foreign_currency = any(
                currency != letter.currency_id for currency, _o, _d in amounts
            )
            letter.amount_due_display = format_amounts(
                self.env,
                [(due, currency) for currency, _overdue, due in amounts]
                or [(letter.amount_due, letter.currency_id)],
            )

    @api.depends("partner_id", "company_id", "date")
    def _compute_earlier_sent(self):
        """Counted when the letter is made, in one query: what went to the
        customer before is history, whatever happens to those letters later."""
        letters = self.filtered("id")
        (self - letters).earlier_sent = 0
        if not letters:
            return
        self.flush_model(["partner_id", "company_id", "date", "state"])
        counts = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT l.id, COUNT(e.id)
                      FROM ar_dunning_letter l
                      LEFT JOIN ar_dunning_letter e
                        ON e.partner_id = l.partner_id
                       AND e.company_id = l.company_id
                       AND e.state IN ('sent', 'printed')
                       AND (e.date, e.id) < (l.date, l.id)
                     WHERE l.id IN %s
                  GROUP BY l.id
                    """,
                    tuple(letters.ids),
                )
            )
        )
        for letter in letters:
            letter.earlier_sent = counts.get(letter.id, 0)

    @api.depends("severity", "earlier_sent")
    @api.depends_context("lang")
    def _compute_opening(self):
        """The first paragraph, shared by the e-mail and the PDF: it recalls
        only the letters that really went before."""
        texts = self._opening_texts()
        for letter in self:
            letter.opening = (
                texts[
                    dunning_policy.letter_opening(letter.severity, letter.earlier_sent)
                ]
                if letter.severity
                else False
            )

    def _opening_texts(self):
        pay = self.env._(
            "We ask you to pay the amount below by the date given at the latest."
        )
        unless = self.env._(
            "Unless we receive the amount below by the date given, we will take "
            "the measures stated below without further notice."
        )
        return {
            "oversight": self.env._(
                "According to our records, the invoices below are past their due "
                "date. This may be an oversight: we would be grateful if you could "
                "settle the amount below by the date given."
            ),
            "reminder_again": self.env._(
                "As in our earlier letters, we remind you that the invoices below "
                "are past their due date. We would be grateful if you could settle "
                "the amount below by the date given."
            ),
            "request": self.env._(
                "The invoices below are past their due date and remain unpaid. %(pay)s",
                pay=pay,
            ),
            "request_after_reminder": self.env._(
                "Despite our reminder, the invoices below remain unpaid. %(pay)s",
                pay=pay,
            ),
            "final": self.env._(
                "This is our final notice. The invoices below are still unpaid. %(unless)s",
                unless=unless,
            ),
            "final_after_letter": self.env._(
                "This is our final notice. The invoices below are still unpaid "
                "despite our earlier letter. %(unless)s",
                unless=unless,
            ),
            "final_after_letters": self.env._(
                "This is our final notice. The invoices below are still unpaid "
                "despite our previous letters. %(unless)s",
                unless=unless,
            ),
        }

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._("A dunning letter follows its sending; it is not edited.")
            )
        return super().write(vals)

    def unlink(self):
        kept = self.filtered(lambda letter: letter.state not in ("draft", "failed"))
        if kept and not self.env.su:
            raise UserError(self.env._("A letter that went out is kept."))
        return super().unlink()

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _mailed_report(self):
        return self.env.ref("ar_overdue_management.action_report_dunning_letter")

    def _mailed_template(self):
        return self.level_id.template_id

    def _mailed_on_sent(self, channel):
        """The letter left: record it on its case as a written contact, with
        its PDF kept as evidence."""
        letters = self
        today = fields.Date.context_today(self)
        contacts = (
            self.env["ar.collection.contact"]
            .sudo()
            .create(
                [
                    {
                        "case_id": letter.case_id.id,
                        "channel": channel,
                        "date": today,
                        "user_id": letter.case_id.user_id.id or self.env.user.id,
                        "answered": False,
                        "answer": self.env._(
                            "%(letter)s %(name)s sent: %(amount)s to pay by %(deadline)s.",
                            letter=letter.level_id.name,
                            name=letter.name,
                            amount=letter.amount_due_display,
                            deadline=format_date(self.env, letter.deadline),
                        ),
                    }
                    for letter in letters
                ]
            )
        )
        evidence = [
            {
                "case_id": letter.case_id.id,
                "kind": "letter",
                "name": letter.name,
                "file": letter.pdf_id.datas,
                "file_name": letter.pdf_id.name,
            }
            for letter in letters
            if letter.pdf_id
        ]
        if evidence:
            self.env["ar.collection.evidence"].sudo().create(evidence)
        return contacts

    def action_print(self):
        """Download the letters as one PDF, for post; they count as sent by
        letter.  A draft is sent from the wizard that prepared it."""
        self._letter_check_sender()
        if any(letter.state == "draft" for letter in self):
            raise UserError(
                self.env._(
                    "A draft letter is sent or printed from the Send Dunning "
                    "Letters window that prepared it."
                )
            )
        letters = self.filtered(lambda letter: letter.state != "sent")
        report = self.env.ref("ar_overdue_management.action_report_dunning_letter")
        action = report.report_action(self)
        letters._mailed_mark_sent(channel="letter")
        return action

    def action_send_again(self):
        """E-mail again the letters that were not sent, the same letters and
        e-mails: a letter that went, or waits in the queue, is refused."""
        self._letter_check_sender()
        others = self.filtered(lambda letter: letter.state != "failed")
        if others:
            raise UserError(
                self.env._(
                    "Only letters not sent can be sent again; these went out or "
                    "are on their way: %(letters)s",
                    letters=", ".join(others.mapped("name")),
                )
            )
        self.sudo()._mailed_send_again()
        return True

    def _letter_check_sender(self):
        """Refuse the buttons to anyone outside the collection team."""
        if not self.env.su and not self.env.user.has_group(COLLECTION_USER_GROUP):
            raise AccessError(self.env._("Only collection users send dunning letters."))
        self.check_access("read")

    @api.model
    def _letter_next_refs(self, count):
        return self.env["ar.collection.case"]._case_next_refs(
            "ar.dunning.letter", count
        )
