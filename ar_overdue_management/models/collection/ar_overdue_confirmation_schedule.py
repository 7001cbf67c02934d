from odoo import api, models
from odoo.tools import format_date

from ...policy import collection as collection_policy
from ..core.ar_security import first_person
from ..core.bulk_rows import insert_rows, stored_values


class ArOverdueConfirmation(models.Model):
    """The monthly request and the deadline follow-up, in the daily run."""

    _inherit = "ar.overdue.confirmation"

    @api.model
    def _confirmation_daily(self, as_of):
        """On the company's day of the month, once a month: each account
        owner gets his list; after the deadline, the unconfirmed lists go
        to the team leaders."""
        model = self.sudo()
        for company in self.env["res.company"].sudo().search([]):
            period = collection_policy.confirmation_period(
                as_of, company.ar_confirmation_day
            )
            if period and not model.search_count(
                [("company_id", "=", company.id), ("period", "=", period)], limit=1
            ):
                model._confirmation_request(company, period, as_of)
        model._confirmation_flag_late(as_of)

    @api.model
    def _confirmation_request(self, company, period, as_of):
        """One list per owner of the company's overdue invoices, last
        month's answers carried over, an activity and an e-mail each."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("overdue_tier_id", "!=", False),
                    ("state", "=", "posted"),
                ]
            )
        )
        if not moves:
            return self
        previous = {
            line.move_id.id: line
            for line in self.env["ar.overdue.confirmation.line"]
            .sudo()
            .search([("move_id", "in", moves.ids)], order="id")
        }
        by_owner = {}
        for move in moves:
            # the account owner, as for the tier warnings; an invoice made by
            # a scheduled action or an import has OdooBot as its salesperson
            owner = first_person(
                move.commercial_partner_id.user_id,
                move.invoice_user_id,
                company.overdue_risk_manager_id,
            )
            by_owner.setdefault(owner, []).append(move)
        weekdays, holidays = company._ar_working_days()
        deadline = collection_policy.add_working_days(
            as_of, company.ar_confirmation_days, weekdays, holidays
        )
        leader = company.overdue_collection_user_id or company.overdue_risk_manager_id
        by_owner = {owner: moves for owner, moves in by_owner.items() if owner}
        confirmations = self.create(
            [
                {
                    "user_id": owner.id,
                    "leader_id": leader.id,
                    "company_id": company.id,
                    "period": period,
                    "deadline": deadline,
                }
                for owner in by_owner
            ]
        )
        # thousands of lines on the first month: one statement, not a
        # hundred rows at a time
        lines = self.env["ar.overdue.confirmation.line"].sudo()
        insert_rows(
            lines,
            stored_values(
                lines,
                [
                    dict(
                        self._confirmation_line_vals(move, previous, as_of),
                        confirmation_id=confirmation.id,
                        user_id=owner.id,
                        company_id=company.id,
                    )
                    for confirmation, (owner, owner_moves) in zip(
                        confirmations, by_owner.items(), strict=True
                    )
                    for move in owner_moves
                ],
            ),
        )
        for confirmation in confirmations:
            confirmation._confirmation_ask()
        return confirmations

    @api.model
    def _confirmation_line_vals(self, move, previous, as_of):
        """Values of the line of ``move``, last month's answers carried
        over; every column given (empty ones ``False``), for one INSERT."""
        vals = {
            "move_id": move.id,
            "move_name": move.name,
            "partner_id": move.commercial_partner_id.id,
            "due_date": move.overdue_due_date,
            "amount": move.amount_residual_signed,
            "reason_side": False,
            "sub_reason": False,
            "note": False,
            "expected_amount": False,
            "expected_date": False,
        }
        last = previous.get(move.id)
        if last:
            vals.update(
                {
                    name: last[name]
                    for name in ("reason_side", "sub_reason", "note")
                    if last[name]
                }
            )
            vals["expected_amount"] = min(
                last.expected_amount, move.amount_residual_signed
            )
            if last.expected_date and last.expected_date >= as_of:
                vals["expected_date"] = last.expected_date
        return vals

    def _confirmation_ask(self):
        """The owner's activity and e-mail."""
        self.ensure_one()
        body = self.env._(
            "Please confirm by %(deadline)s the reason, the amount expected back and "
            "its date for your %(count)s overdue invoices.",
            deadline=format_date(self.env, self.deadline),
            count=len(self.line_ids),
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.deadline,
            summary=self.env._("Confirm overdue reasons"),
            note=body,
            user_id=self.user_id.id,
        )
        # the e-mail goes to the mail queue: a scheduled run never waits on
        # the mail server, nor fails with it
        self.with_context(mail_notify_force_send=False).message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            subject=self.env._("Overdue reasons to confirm"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _confirmation_flag_late(self, as_of):
        late = self.search([("state", "=", "to_confirm"), ("deadline", "<", as_of)])
        for confirmation in late:
            missing = confirmation.line_ids._missing() or confirmation.line_ids
            note = self.env._(
                "%(owner)s did not confirm by %(deadline)s: %(invoices)s.",
                owner=confirmation.user_id.name,
                deadline=format_date(self.env, confirmation.deadline),
                invoices=", ".join(missing.mapped("move_name")),
            )
            confirmation.write({"state": "late"})
            confirmation.message_post(body=note)
            if confirmation.leader_id:
                confirmation.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=as_of,
                    summary=self.env._("Unconfirmed overdue reasons"),
                    note=note,
                    user_id=confirmation.leader_id.id,
                )
        return late
