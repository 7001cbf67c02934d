from markupsafe import Markup, escape
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..core.account_move_dispute import DISPUTE_KINDS
from ..core.ar_receivable import CUSTOMER_MOVE_TYPES

#: longest name and comment a customer's answer may carry
MAX_NAME = 128
MAX_COMMENT = 2000


class ArStatement(models.Model):
    """The customer's answer to its statement, given on the portal page:
    the balance confirmed, or lines disputed with a comment.  Recorded on
    the statement, the customer and its case; a disputed invoice goes into
    dispute, except one that keeps the customer on credit hold, which a
    Credit Manager decides on."""

    _inherit = "ar.statement"

    def _statement_answer(self, name, comment="", disputed_line_ids=(), kind=None):
        """Record the answer (``disputed_line_ids`` empty: the balance is
        confirmed).  Runs as superuser once the link's token was checked."""
        self.ensure_one()
        statement = self.sudo()
        name, comment = (name or "").strip(), (comment or "").strip()
        disputed = statement.line_ids.filtered(
            lambda line: line.id in disputed_line_ids
        )
        statement._statement_check_answer(name, comment, disputed_line_ids, disputed)
        statement.write(
            {
                "answer": "disputed" if disputed else "confirmed",
                "answer_date": fields.Datetime.now(),
                "answer_name": name,
                "answer_comment": comment,
                "answer_late": False,
            }
        )
        (statement.line_ids - disputed).write({"answer": "confirmed"})
        disputed.write({"answer": "disputed", "answer_comment": comment})
        statement.activity_unlink(["mail.mail_activity_data_todo"])
        # the statements it replaced are no longer chased
        older = statement._statement_same_period().filtered(
            lambda s: s.id < statement.id
        )
        older.write({"answer_late": False})
        older.activity_unlink(["mail.mail_activity_data_todo"])
        statement._statement_log_answer()
        if disputed:
            statement._statement_dispute_invoices(disputed, kind or "bookkeeping")
        return True

    def _statement_check_answer(self, name, comment, line_ids, disputed):
        if self.answer != "none":
            raise UserError(self.env._("This statement was answered already."))
        if self.state == "draft":
            raise UserError(self.env._("This statement was not sent yet."))
        if self._statement_superseded():
            raise UserError(
                self.env._(
                    "A newer statement of this period replaces this one: answer the "
                    "latest statement you received."
                )
            )
        if not name:
            raise UserError(self.env._("Give your name."))
        if len(name) > MAX_NAME or len(comment) > MAX_COMMENT:
            raise UserError(
                self.env._(
                    "Keep your name under %(name)s characters and the comment under "
                    "%(comment)s.",
                    name=MAX_NAME,
                    comment=MAX_COMMENT,
                )
            )
        if len(disputed) != len(set(line_ids)):
            raise UserError(self.env._("Dispute lines of this statement only."))
        if disputed and not comment:
            raise UserError(self.env._("Say what is wrong with the lines you dispute."))

    def _statement_same_period(self):
        """The other statements sent of this customer, company and period."""
        self.ensure_one()
        return self.sudo().search(
            [
                ("id", "!=", self.id),
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("date_from", "=", self.date_from),
                ("date_to", "=", self.date_to),
                ("state", "!=", "draft"),
            ]
        )

    def _statement_superseded(self):
        """Whether a later statement of the same customer, company and
        period was sent: only the latest one is answered."""
        return any(s.id > self.id for s in self._statement_same_period())

    def _statement_answer_text(self):
        amount = self.closing_balance_display
        day = format_date(self.env, self.date_to, lang_code=self.lang)
        if self.answer == "confirmed":
            return self.env._(
                "%(name)s confirmed statement %(ref)s: balance %(amount)s on %(date)s.",
                name=self.answer_name,
                ref=self.name,
                amount=amount,
                date=day,
            )
        disputed = self.line_ids.filtered_domain([("answer", "=", "disputed")])
        lines = ", ".join(disputed.mapped("name"))
        return self.env._(
            "%(name)s disputed statement %(ref)s (balance %(amount)s on %(date)s), "
            "lines %(lines)s: %(comment)s",
            name=self.answer_name,
            ref=self.name,
            amount=amount,
            date=day,
            lines=lines,
            comment=self.answer_comment,
        )

    def _statement_log_answer(self):
        """The answer on the statement, the customer and its open case (as a
        written contact, the statement's PDF kept as evidence)."""
        text = self._statement_answer_text()
        self.message_post(body=text)
        self.partner_id._message_log(body=escape(text))
        case = self.case_id
        if not case or case.stage == "closed":
            return
        self.env["ar.collection.contact"].create(
            {
                "case_id": case.id,
                "channel": "portal",
                "date": fields.Date.context_today(self),
                "user_id": case.user_id.id or self.env.user.id,
                "contact_name": self.answer_name,
                "answered": True,
                "answer": text,
            }
        )
        if self.pdf_id:
            self.env["ar.collection.evidence"].create(
                {
                    "case_id": case.id,
                    "kind": "statement",
                    "name": self.name,
                    "file": self.pdf_id.datas,
                    "file_name": self.pdf_id.name,
                }
            )

    def _statement_dispute_invoices(self, lines, kind):
        """Disputed invoices and credit notes go into dispute, assigned to
        the statement's owner; those that keep the customer on credit hold
        stay held, and the owner gets an activity to have a Credit Manager
        decide."""
        if kind not in dict(DISPUTE_KINDS):
            kind = "other"
        moves = lines.move_id.filtered(
            lambda m: m.move_type in CUSTOMER_MOVE_TYPES and not m.overdue_disputed
        )
        holding = moves._overdue_holding()
        reason = self.env._(
            "Disputed by the customer on statement %(ref)s: %(comment)s",
            ref=self.name,
            comment=self.answer_comment,
        )
        free = moves - holding
        if free:
            free._overdue_set_dispute(reason)
            free._overdue_assign_dispute(kind, self.user_id)
        for move in holding:
            move.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id or self.env.ref("base.user_admin").id,
                summary=self.env._(
                    "Customer disputes %(name)s: a Credit Manager decides",
                    name=move.name,
                ),
                note=Markup("<p>%s</p>") % reason,
            )
