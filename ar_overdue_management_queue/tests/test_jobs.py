from datetime import timedelta

from odoo import fields
from odoo.addons.ar_overdue_management.tests.common import post_invoice
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

CHANNEL = "root.ar_overdue"


@tagged("post_install", "-at_install")
class TestScheduledRunsAsJobs(TransactionCase):
    """The scheduled runs planned as jobs end as the scheduled actions end
    them, a job done twice does nothing twice, and the jobs are seen only by
    those who may."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        params = cls.env["ir.config_parameter"].sudo()
        for key, value in {
            "ar_overdue_management.batch_size": "5",
            "ar_overdue_management.dunning_batch_size": "3",
            "ar_overdue_management.statement_batch_size": "3",
            "ar_overdue_management.credit_batch_size": "4",
            # the PDFs are made the same way on both paths (their own tests
            # read them); left out, the batches stay quick
            "ar_overdue_management.dunning_pdf": "0",
        }.items():
            params.set_param(key, value)
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Job Customer {i}",
                    "is_company": True,
                    "email": f"job{i}@customer.example",
                }
                for i in range(7)
            ]
        )
        for i, customer in enumerate(cls.customers):
            for j in range(1 + i % 3):
                post_invoice(
                    cls.env,
                    customer,
                    100.0 + 10 * i + j,
                    cls.today - timedelta(days=5 + 20 * j + 3 * i),
                )
        # the run falls 45 days later: every invoice has crossed a tier since
        cls.as_of = cls.today + timedelta(days=45)

    # ------------------------------------------------------------------
    def _mode(self, mode):
        self.env["ir.config_parameter"].sudo().set_param(
            "ar_overdue_management.run_mode", mode
        )

    def _cron(self, model, method):
        """The scheduled action's method called as the cron does, until
        it says nothing remains."""
        for _call in range(100):
            result = getattr(self.env[model], method)(as_of=self.as_of)
            if not result or not result.get("remaining"):
                return
        raise AssertionError(f"{method} does not end")

    def _state(self):
        """What the runs leave, named by customer."""
        self.env.flush_all()
        self.env.invalidate_all()
        mine = self.customers.ids
        statuses = self.env["ar.partner.status"].search([("partner_id", "in", mine)])
        cases = self.env["ar.collection.case"].search([("partner_id", "in", mine)])
        letters = self.env["ar.dunning.letter"].search([("partner_id", "in", mine)])
        credits = self.env["ar.partner.credit"].search([("partner_id", "in", mine)])
        return {
            "tiers": sorted(
                (s.partner_id.name, s.tier_id.name, s.notified_tier_id.name)
                for s in statuses
            ),
            "cases": sorted(
                (c.partner_id.name, c.stage, c.tier_id.name, c.overdue_amount)
                for c in cases
            ),
            "activities": sorted(
                (a.res_model, a.summary or "", a.user_id.id)
                for a in self.env["mail.activity"].search(
                    [
                        "|",
                        "&",
                        ("res_model", "=", "res.partner"),
                        ("res_id", "in", mine),
                        "&",
                        ("res_model", "=", "ar.collection.case"),
                        ("res_id", "in", cases.ids),
                    ]
                )
            ),
            "letters": sorted(
                (
                    letter.partner_id.name,
                    letter.level_id.name,
                    letter.state,
                    letter.amount_due,
                    len(letter.line_ids),
                    bool(letter.mail_id),
                )
                for letter in letters
            ),
            "grades": sorted(
                (c.partner_id.name, c.score, c.grade, str(c.rating_date))
                for c in credits
            ),
            "ratings kept": sorted(
                self.env["ar.credit.rating"]
                .search([("partner_id", "in", mine)])
                .mapped(lambda r: (r.partner_id.name, str(r.date), r.score))
            ),
        }

    def _by_cron_then_rolled_back(self, runs):
        """The state the scheduled actions leave, the database as before."""
        self._mode("cron")
        savepoint = self.env.cr.savepoint()
        for model, method in runs:
            self._cron(model, method)
        state = self._state()
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        return state

    # ------------------------------------------------------------------
    def test_daily_run_as_jobs_ends_as_the_cron(self):
        runs = [("account.move", "_cron_overdue_refresh")]
        expected = self._by_cron_then_rolled_back(runs)
        self.assertTrue(expected["cases"], "the data should open cases")
        self._mode("jobs")
        due = self.env["account.move"].search_count(
            [("overdue_check_date", "<=", self.as_of)]
        )
        with trap_jobs() as trap:
            result = self.env["account.move"]._cron_overdue_refresh(as_of=self.as_of)
            batches = trap.jobs_count(
                only=self.env["account.move"]._ar_job_overdue_batch
            )
            # batches of about 5 invoices, whole customers each
            self.assertGreaterEqual(batches, 2)
            self.assertLessEqual(batches, due // 5 + 1)
            self.assertEqual(result["jobs"], batches + 1)
            trap.assert_jobs_count(
                1, only=self.env["account.move"]._ar_job_overdue_finish
            )
            for job in trap.enqueued_jobs:
                self.assertEqual(job.channel, CHANNEL)
                self.assertTrue(
                    job.identity_key.startswith(
                        f"ar_overdue_management.overdue_refresh:{self.as_of}:"
                    )
                )
            moves = sum(
                (len(job.args[1]) for job in trap.enqueued_jobs if len(job.args) == 2),
                0,
            )
            self.assertEqual(moves, due)
            # nothing is done before the workers do it
            self.assertEqual(
                self.env["account.move"].search_count(
                    [("overdue_check_date", "<=", self.as_of)]
                ),
                due,
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(self._state(), expected)

    def test_month_end_as_jobs_ends_as_the_cron_and_twice_is_once(self):
        runs = [
            ("account.move", "_cron_overdue_refresh"),
            ("ar.dunning.letter", "_cron_dunning_send"),
            ("ar.partner.credit", "_cron_credit_rate"),
        ]
        expected = self._by_cron_then_rolled_back(runs)
        self.assertTrue(expected["letters"], "the data should make letters")
        self.assertTrue(expected["grades"], "the data should rate customers")
        self._mode("jobs")
        performed = []
        for model, method in runs:
            with trap_jobs() as trap:
                getattr(self.env[model], method)(as_of=self.as_of)
                self.assertTrue(trap.enqueued_jobs, f"{method} queued no job")
                performed += trap.enqueued_jobs
                trap.perform_enqueued_jobs()
        state = self._state()
        self.assertEqual(state, expected)
        mails = self.env["mail.mail"].search_count([])
        messages = self.env["mail.message"].search_count([])
        # every job again, as a worker would after a crash before its
        # commit was known: nothing is made twice
        for job in performed:
            job.perform()
        self.assertEqual(self._state(), state)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_statements_as_jobs_are_made_once(self):
        self._cron("account.move", "_cron_overdue_refresh")
        self.env.company.ar_statement_day = 1
        self._mode("jobs")
        with trap_jobs() as trap:
            self.env["ar.statement"]._cron_statement_run(as_of=self.as_of)
            jobs = list(trap.enqueued_jobs)
            self.assertTrue(jobs)
            trap.perform_enqueued_jobs()
        statements = self.env["ar.statement"].search([("scheduled", "=", True)])
        mine = statements.filtered(lambda s: s.partner_id in self.customers)
        self.assertEqual(set(mine.partner_id.ids), set(self.customers.ids))
        self.assertEqual(set(mine.mapped("state")), {"queued"})
        for job in jobs:
            job.perform()
        self.assertEqual(
            self.env["ar.statement"].search([("scheduled", "=", True)]), statements
        )
        # the next day finds nothing left: no job, the month is done
        with trap_jobs() as trap:
            self.env["ar.statement"]._cron_statement_run(
                as_of=self.as_of + timedelta(days=1)
            )
            trap.assert_jobs_count(0)
        self.assertEqual(
            self.env.company.ar_statement_done_until, self.as_of.replace(day=1)
        )

    def test_a_run_is_planned_once_while_its_jobs_wait(self):
        self._mode("jobs")
        letters = self.env["ar.dunning.letter"]
        self._cron("account.move", "_cron_overdue_refresh")
        jobs = self.env["queue.job"].search([("channel", "=", CHANNEL)])
        # the daily run's jobs are waiting (no worker in a test): its second
        # call queues nothing more
        self.assertTrue(jobs)
        self.assertEqual(
            self.env["account.move"]._cron_overdue_refresh(as_of=self.as_of)["jobs"], 0
        )
        self.assertEqual(
            self.env["queue.job"].search([("channel", "=", CHANNEL)]), jobs
        )
        self.assertEqual(set(jobs.mapped("state")), {"pending", "wait_dependencies"})
        # nor the next day's: its batches would meet the waiting ones
        next_day = self.as_of + timedelta(days=1)
        self.assertEqual(
            self.env["account.move"]._cron_overdue_refresh(as_of=next_day)["jobs"], 0
        )
        function = self.env.ref(
            "ar_overdue_management_queue.job_function_account_move_overdue_batch"
        )
        config = self.env["queue.job.function"].job_config(function.name)
        self.assertEqual(config.retry_pattern, {1: 10, 3: 60, 5: 300})
        self.assertEqual(config.channel, CHANNEL)
        self.assertIn(function, jobs.job_function_id)
        self.assertFalse(letters.search([("partner_id", "in", self.customers.ids)]))

    def test_without_job_workers_the_cron_batches(self):
        self._mode("cron")
        with trap_jobs() as trap:
            result = self.env["account.move"]._cron_overdue_refresh(as_of=self.as_of)
            trap.assert_jobs_count(0)
        # one batch of about 5 invoices done by the call itself
        self.assertGreaterEqual(result["done"], 5)
        self.assertGreater(result["remaining"], 0)

    def test_collection_managers_see_only_the_runs_jobs(self):
        self._mode("jobs")
        self._cron("account.move", "_cron_overdue_refresh")
        other = self.env["res.partner"].with_delay(channel="root").exists()
        manager = new_test_user(
            self.env,
            "ar_jobs_manager",
            groups="account.group_account_invoice,"
            "ar_overdue_management.group_ar_collection_manager",
        )
        collector = new_test_user(
            self.env,
            "ar_jobs_collector",
            groups="account.group_account_invoice,"
            "ar_overdue_management.group_ar_collection_user",
        )
        seen = self.env["queue.job"].with_user(manager).search([])
        self.assertTrue(seen)
        self.assertEqual(set(seen.mapped("channel")), {CHANNEL})
        self.assertNotIn(other.db_record(), seen)
        with self.assertRaises(AccessError):
            seen[0].with_user(manager).write({"priority": 1})
        with self.assertRaises(AccessError):
            self.env["queue.job"].with_user(collector).search([])
