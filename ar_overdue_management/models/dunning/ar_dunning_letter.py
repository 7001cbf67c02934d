from odoo import api, fields, models
from odoo.exceptions import UserError


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
    date = fields.Date(required=True, readonly=True)
    deadline = fields.Date(string="Payment Deadline", required=True, readonly=True)
    line_ids = fields.One2many(
        "ar.dunning.letter.line", "letter_id", string="Invoices", readonly=True
    )
    overdue_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    credit_amount = fields.Monetary(
        string="Unapplied Credits", readonly=True, currency_field="currency_id"
    )
    covered_amount = fields.Monetary(
        string="Covered by a Plan", readonly=True, currency_field="currency_id"
    )
    amount_due = fields.Monetary(
        string="Amount to Pay", readonly=True, currency_field="currency_id"
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
                            amount=letter.currency_id.format(letter.amount_due),
                            deadline=letter.deadline,
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
        letter."""
        letters = self.filtered(lambda letter: letter.state != "sent")
        letters.check_access("read")
        report = self.env.ref("ar_overdue_management.action_report_dunning_letter")
        action = report.report_action(self)
        letters._mailed_mark_sent(channel="letter")
        return action

    @api.model
    def _letter_next_refs(self, count):
        return self.env["ar.collection.case"]._case_next_refs(
            "ar.dunning.letter", count
        )
