"""Warnings of many customers at once: each activity is the one Odoo's
``create`` would schedule (same columns, the assignee following the
customer, the assignee's activity menu counting it), each customer keeps
its own chatter note, and the queries of warning a batch do not grow with
its number of customers, past Odoo's batches of a hundred rows too.
"""

from common import TODAY, OverdueCommon, days
from freezegun import freeze_time
from odoo.addons.ar_overdue_management.models.core.bulk_rows import (
    insert_activities,
)
from odoo.addons.ar_overdue_management.models.core.html_shapes import (
    column_sanitizer,
)
from odoo.tools import format_amount

#: columns that differ between two activities of two documents by nature
VARYING = {"id", "res_id", "res_name", "create_date", "write_date"}


class TestOverdueWarningBatch(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Status = cls.env["ar.partner.status"]
        # due the day they are given: the activity menu counts them
        cls.company.overdue_warning_deadline_days = 0

    def _customers(self, count, name, due=None):
        """``count`` customers, every other one with the salesperson as
        account owner, each with one invoice due on ``due`` (default: 10
        days ago)."""
        customers = self.env["res.partner"].concat(
            *(
                self._customer(
                    f"{name} {n}", salesperson=self.salesperson if n % 2 else None
                )
                for n in range(count)
            )
        )
        moves = self.env["account.move"].concat(
            *(
                self._invoice(customer, 100.0 + n, due or days(-10), post=False)
                for n, customer in enumerate(customers)
            )
        )
        moves.action_post()
        return customers

    def _pairs(self, partners):
        return {(partner.id, self.company.id) for partner in partners}

    def _to_notify(self, partners):
        """What the run hands to ``_overdue_notify`` when ``partners`` enter
        the mild tier: their statuses, new tiers and summaries."""
        pairs = self._pairs(partners)
        statuses = self.Status._get_or_create(pairs)
        new_tier_of = {status.id: self.mild.id for status in statuses.values()}
        return (
            self.Status.browse(list(new_tier_of)),
            new_tier_of,
            self.Status._overdue_summaries(pairs, days(10)),
        )

    def _counter(self, user):
        """What the activity menu of ``user`` shows on its icon."""
        groups = self.env["res.users"].with_user(user)._get_activity_groups()
        return sum(group["total_count"] for group in groups)

    def _rows(self, table, where, params):
        self.env.flush_all()
        self.env.cr.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)
        names = [column[0] for column in self.env.cr.description]
        return [
            {n: v for n, v in zip(names, row, strict=True) if n not in VARYING}
            for row in self.env.cr.fetchall()
        ]

    def _followers(self, partner):
        return {
            (follower.partner_id, follower.subtype_ids)
            for follower in self.env["mail.followers"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
            )
        }

    def test_activities_are_those_odoo_creates(self):
        created = self._customer("Created & Co <Ltd>")
        inserted = self._customer("Inserted & Co <Ltd>")

        def vals(partner):
            return {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": partner.id,
                "activity_type_id": self.warning_type.id,
                "user_id": self.salesperson.id,
                "summary": "Overdue: entered tier Mild",
                "note": "Harbour & <Foods> entered tier Mild: 1,234.56 overdue.",
                "date_deadline": days(3),
                "ar_tier_id": self.mild.id,
            }

        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            vals(created)
        )
        self.assertEqual(len(inserted.activity_ids), 0)  # read before, then cached
        insert_activities(self.env["mail.activity"], [vals(inserted)])
        where = "res_model = 'res.partner' AND res_id = %s"
        self.assertEqual(
            self._rows("mail_activity", where, [inserted.id]),
            self._rows("mail_activity", where, [created.id]),
        )
        self.assertEqual(
            (inserted.activity_ids.res_name, inserted.activity_ids.note),
            (inserted.display_name, created.activity_ids.note),
        )
        self.assertEqual(self._followers(inserted), self._followers(created))
        self.assertIn(self.salesperson.partner_id, inserted.message_partner_ids)

    def test_each_customer_gets_its_warning_and_note(self):
        customers = self._customers(4, "Warned", due=TODAY)
        owners = (self.salesperson, self.risk_manager)
        with freeze_time(days(10)):
            before = {user: self._counter(user) for user in owners}
            self._cron(days(10))
            for n, customer in enumerate(customers):
                owner = self.salesperson if n % 2 else self.risk_manager
                warning = self._warnings(customer)
                self.assertRecordValues(
                    warning,
                    [
                        {
                            "user_id": owner.id,
                            "summary": "Overdue: entered tier Mild",
                            "date_deadline": days(10),
                            "res_name": customer.display_name,
                            "ar_tier_id": self.mild.id,
                            "ar_status_id": self._status(customer).id,
                            "state": "today",
                        }
                    ],
                )
                self.assertIn(
                    f"{customer.display_name} entered overdue tier Mild", warning.note
                )
                self.assertIn(owner.partner_id, customer.message_partner_ids)
                notes = customer.message_ids.filtered(
                    lambda m, c=customer: (
                        f"{c.display_name} entered overdue tier" in m.body
                    )
                )
                self.assertEqual(len(notes), 1, customer.name)
                self.assertIn(self._invoices_of(customer).name, notes.body)
            # the icon of their activity menu counts the new warnings
            self.assertEqual(
                {user: self._counter(user) for user in owners},
                {user: before[user] + 2 for user in owners},
            )

    def test_notes_read_as_their_whole_text_sanitized(self):
        """Each note and activity, written from a shape sanitized once, is
        what sanitizing its whole text gives: names that html escapes,
        tables of one and three invoices, an unapplied credit."""
        names = ["Harbour Foods", 'O\'Hara & "Sons" <Ltd>', "中山贸易 — Rosé"]
        customers = self.env["res.partner"].concat(
            *(self._customer(name) for name in names)
        )
        for n, customer in enumerate(customers):
            for k in range(1 + 2 * (n == 1)):
                self._invoice(customer, 1000.0 * (n + 1) + k, days(-40 - k))
        self._invoice(customers[2], 250.0, days(-5), move_type="out_refund")
        statuses, new_tier_of, summaries = self._to_notify(customers)
        statuses._overdue_notify(new_tier_of, summaries, days(10))
        body_of = column_sanitizer(self.env["mail.message"], "body")
        note_of = column_sanitizer(self.env["mail.activity"], "note")
        names = statuses._overdue_warning_names(days(10), self.mild | self.moderate)
        money = self.Status._money_formatter(self.currency)
        invoices = statuses._overdue_invoices_by_pair(days(10))
        self.env.invalidate_all()
        for status in statuses:
            pair = (status.partner_id.id, status.company_id.id)
            values = status._overdue_warning_values(
                self.mild, summaries[pair], invoices[pair], days(10), money, names
            )
            unapplied = bool(summaries[pair].unapplied_credit)
            body = status._overdue_warning_body(values, unapplied, names["header"])
            # the latest: posting an overdue invoice warns already, as of today
            note = status.partner_id.message_ids.filtered(
                lambda m: "entered overdue tier" in m.body
            ).sorted("id")[-1]
            self.assertEqual(note.body, body_of(str(body)), status.partner_id.name)
            self.assertEqual(
                self._warnings(status.partner_id).sorted("id")[-1].note,
                note_of(status._overdue_warning_text(values)),
            )
        self.assertTrue(summaries[pair].unapplied_credit)
        self.assertEqual(len(invoices[statuses[1].partner_id.id, self.company.id]), 3)

    def _invoices_of(self, customer):
        return self.env["account.move"].search([("partner_id", "=", customer.id)])

    def test_queries_of_a_batch_do_not_grow_past_odoo_batches(self):
        warm, few, many = (
            # not overdue when posted: warned only below
            self._customers(1, "Warm", due=TODAY),
            self._customers(3, "Few", due=TODAY),
            self._customers(120, "Many", due=TODAY),
        )

        def queries(partners):
            statuses, new_tier_of, summaries = self._to_notify(partners)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            statuses._overdue_notify(new_tier_of, summaries, days(10))
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        queries(warm)  # the caches that do not depend on the customers
        self.assertEqual(queries(few), queries(many))
        for partner in few | many:
            self.assertEqual(len(self._warnings(partner)), 1, partner.name)

    def test_amounts_read_as_odoo_formats_them(self):
        money = self.Status._money_formatter(self.currency)
        for amount in (0.0, 5.5, 1234.565, -98765432.1, 1000000.0):
            self.assertEqual(
                money(amount), format_amount(self.env, amount, self.currency), amount
            )
