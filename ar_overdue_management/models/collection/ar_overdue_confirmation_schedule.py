from odoo import api, models
from odoo.tools import SQL, format_date

from ...policy import collection as collection_policy
from ..core.ar_security import first_person
from ..core.bulk_rows import insert_rows, stored_values

#: invoices whose confirmation lines are built and written at a time
LINE_CHUNK = 2000


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
        month's answers carried over, an activity and an e-mail each.  The
        invoices are read as rows and their lines written a chunk at a time:
        the first month lists every overdue invoice, which as records would
        stay in the cache, every column of them, until the run ends."""
        by_owner = self._confirmation_owners(company)
        if not by_owner:
            return self
        weekdays, holidays = company._ar_working_days()
        deadline = collection_policy.add_working_days(
            as_of, company.ar_confirmation_days, weekdays, holidays
        )
        leader = company.overdue_collection_user_id or company.overdue_risk_manager_id
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
        lines = self.env["ar.overdue.confirmation.line"].sudo()
        for confirmation, (owner, move_ids) in zip(
            confirmations, by_owner.items(), strict=True
        ):
            for start in range(0, len(move_ids), LINE_CHUNK):
                rows = self._confirmation_lines_vals(
                    move_ids[start : start + LINE_CHUNK], as_of
                )
                for vals in rows:
                    vals.update(
                        confirmation_id=confirmation.id,
                        user_id=owner.id,
                        company_id=company.id,
                    )
                insert_rows(lines, stored_values(lines, rows))
        for confirmation in confirmations:
            confirmation._confirmation_ask()
        return confirmations

    @api.model
    def _confirmation_owners(self, company):
        """``{owner: [move id]}`` of the company's overdue invoices, in the
        invoices' order: the account owner, as for the tier warnings; an
        invoice made by a scheduled action or an import has OdooBot as its
        salesperson.  Invoices without an owner are left out."""
        moves = self.env["account.move"]
        moves.flush_model(["company_id", "overdue_tier_id", "state", "invoice_user_id"])
        self.env["res.partner"].flush_model(["user_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.id, p.user_id, m.invoice_user_id
                  FROM account_move m
             LEFT JOIN res_partner p ON p.id = m.commercial_partner_id
                 WHERE m.company_id = %s
                   AND m.overdue_tier_id IS NOT NULL
                   AND m.state = 'posted'
              ORDER BY m.date DESC, m.name DESC, m.invoice_date DESC, m.id DESC
                """,
                company.id,
            )
        )
        users = self.env["res.users"].sudo()
        owners, by_owner = {}, {}
        for move_id, partner_user, invoice_user in rows:
            key = (partner_user, invoice_user)
            if key not in owners:
                owners[key] = first_person(
                    users.browse(partner_user or ()),
                    users.browse(invoice_user or ()),
                    company.overdue_risk_manager_id,
                )
            by_owner.setdefault(owners[key], []).append(move_id)
        return {owner: ids for owner, ids in by_owner.items() if owner}

    @api.model
    def _confirmation_lines_vals(self, move_ids, as_of):
        """Values of the lines of these moves, in their order, last month's
        answers carried over; every column given (empty ones ``False``),
        for one INSERT."""
        self.env["account.move"].flush_model(
            [
                "name",
                "commercial_partner_id",
                "overdue_due_date",
                "amount_residual_signed",
            ]
        )
        self.env["ar.overdue.confirmation.line"].flush_model()
        moves = self.env.execute_query(
            SQL(
                """
                SELECT id, name, commercial_partner_id, overdue_due_date,
                       amount_residual_signed
                  FROM account_move
                 WHERE id = ANY(%s)
                """,
                move_ids,
            )
        )
        # each invoice's latest line: one scan of the chunk's lines, where a
        # lookup per invoice may walk the whole table backwards by id
        last = {
            row[0]: row[1:]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT ON (move_id) move_id, reason_side, sub_reason,
                           note, expected_amount, expected_date
                      FROM ar_overdue_confirmation_line
                     WHERE move_id = ANY(%s)
                  ORDER BY move_id, id DESC
                    """,
                    move_ids,
                )
            )
        }
        rows = [(*row, row[0] in last, *last.get(row[0], (None,) * 5)) for row in moves]
        by_id = {row[0]: row for row in rows}
        return [
            self._confirmation_line_vals(by_id[move_id], as_of) for move_id in move_ids
        ]

    @api.model
    def _confirmation_line_vals(self, row, as_of):
        """Values of one line from its row (see :meth:`_confirmation_lines_vals`)."""
        move_id, name, partner_id, due, amount, has_last, *last = row
        side, sub_reason, note, expected_amount, expected_date = last
        vals = {
            "move_id": move_id,
            "move_name": name or False,
            "partner_id": partner_id or False,
            "due_date": due or False,
            "amount": amount or 0.0,
            "reason_side": side or False,
            "sub_reason": sub_reason or False,
            "note": note or False,
            "expected_amount": False,
            "expected_date": False,
        }
        if has_last:
            vals["expected_amount"] = min(expected_amount or 0.0, amount or 0.0)
            if expected_date and expected_date >= as_of:
                vals["expected_date"] = expected_date
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
