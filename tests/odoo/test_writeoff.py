"""Write-offs on real Odoo: asked for no more than the residual and never
without evidence; approved level after level by amount (OCA's tier
validation) where the requester never approves his own request, no level
is skipped whatever the path (buttons, comment wizard, RPC writes), each
level keeps the reviewers it had when submitted, a rejected request is
corrected and submitted again with its history; booked against the
allowance, reconciled with the invoice, in the invoice's currency, within
the lock dates, reversed by a manager."""

from odoo.exceptions import AccessError, UserError
from writeoff_common import COLLECTION_MANAGER, COLLECTION_USER, WriteoffCommon, days


class TestWriteoff(WriteoffCommon):
    def test_amount_and_evidence_are_checked(self):
        with self.assertRaises(UserError):
            self._request(600.00, invoice_amount=500.00)
        request = self._request(500.00, evidence=False)
        with self.assertRaises(UserError):
            request.with_user(self.collector).action_submit()
        self.assertEqual(request.state, "draft")
        with self.assertRaises(UserError):
            request.with_user(self.collector).write({"amount": 500.01})
        with self.assertRaises(UserError):
            self._request(500.00, user=self.salesperson)

    def test_small_write_off_one_level_then_booked_and_reconciled(self):
        request = self._request(5000.00)
        self._cron(days(0))
        self.assertEqual(self._status(self.customer).tier_id, self.severe)
        request.with_user(self.collector).action_submit()
        self.assertEqual(request.state, "to_approve")
        with self.assertRaises(UserError):
            request.with_user(self.collector).unlink()
        self.assertEqual(self._levels(request), [("Collection team lead", "pending")])
        activity = request.sudo().activity_ids
        self.assertEqual(activity.user_id, self.team_lead)
        self._decide(request, self.team_lead)
        self.assertEqual(request.state, "approved")
        self.assertFalse(request.sudo().activity_ids)
        with self.assertRaises(AccessError):
            request.with_user(self.collector).action_post()
        request.with_user(self.finance).action_post()
        invoice = request.move_id
        self.assertEqual((request.state, invoice.payment_state), ("posted", "paid"))
        entry = request.writeoff_move_id
        self.assertEqual(
            sorted(
                (line.account_id.account_type, line.debit, line.credit)
                for line in entry.line_ids
            ),
            [("asset_current", 5000.00, 0.0), ("asset_receivable", 0.0, 5000.00)],
        )
        self.assertEqual(entry.line_ids.filtered("debit").account_id, self.allowance)
        # the invoice leaves its tier, the customer its tier and its aging
        self.assertFalse(invoice.overdue_tier_id)
        self.assertFalse(self._status(self.customer).tier_id)
        self.assertEqual(self.customer.with_user(self.collector).aging_over_180, 0.0)

    def test_levels_by_amount_in_order_none_skipped_whatever_the_path(self):
        request = self._request(60000.00)
        request.with_user(self.collector).action_submit()
        self.assertEqual(
            [name for name, _status in self._levels(request)],
            [
                "Collection team lead",
                "Division head (above 10,000)",
                "CFO (above 50,000)",
            ],
        )
        cfo_review = request.sudo().review_ids.filtered(
            lambda r: self.cfo in r.reviewer_ids
        )
        # the CFO cannot go first: not by the button...
        with self.assertRaises(UserError):
            self._decide(request, self.cfo)
        # ...nor by the comment wizard given his own level over RPC...
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.cfo)
            .create(
                {
                    "validate_reject": "validate",
                    "res_model": request._name,
                    "res_id": request.id,
                    "review_ids": [(6, 0, cfo_review.ids)],
                    "comment": "skip",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.add_comment()
        # ...nor by writing the review or the request
        with self.assertRaises(UserError):
            cfo_review.with_user(self.cfo).write({"status": "approved"})
        with self.assertRaises(UserError):
            cfo_review.with_user(self.cfo).unlink()
        with self.assertRaises(UserError):
            request.with_user(self.collector).write({"state": "approved"})
        with self.assertRaises(UserError):
            request.with_user(self.collector).restart_validation()
        self.assertEqual(request.state, "to_approve")
        # in order it goes through, each approver getting the activity in turn
        self._decide(request, self.team_lead)
        self.assertEqual(request.sudo().activity_ids.user_id, self.division)
        self._decide(request, self.division)
        self.assertEqual(request.sudo().activity_ids.user_id, self.cfo)
        self._decide(request, self.cfo)
        self.assertEqual(request.state, "approved")
        self.assertEqual(
            [(log.level, log.decision, log.user_id) for log in request.log_ids],
            [
                ("Collection team lead", "approved", self.team_lead),
                ("Division head (above 10,000)", "approved", self.division),
                ("CFO (above 50,000)", "approved", self.cfo),
            ],
        )

    def test_requester_never_approves_his_own_request(self):
        other_lead = self._user("ar_wo_lead2", COLLECTION_MANAGER)
        request = self._request(800.00, user=self.team_lead)
        request.with_user(self.team_lead).action_submit()
        with self.assertRaises(UserError):
            self._decide(request, self.team_lead)
        self.assertFalse(request.with_user(self.team_lead).can_review)
        self.assertFalse(
            request.sudo().activity_ids.filtered(lambda a: a.user_id == self.team_lead)
        )
        self._decide(request, other_lead)
        self.assertEqual(request.state, "approved")

    def test_route_and_reviewers_kept_when_definitions_change(self):
        request = self._request(60000.00)
        request.with_user(self.collector).action_submit()
        division_def = self.env.ref(
            "ar_overdue_management.tier_definition_writeoff_division_head"
        )
        division_def.reviewer_group_id = self.env.ref(
            "ar_overdue_management.group_ar_writeoff_president"
        )
        self.env.ref("ar_overdue_management.tier_definition_writeoff_cfo").unlink()
        self.assertEqual(
            [name for name, _status in self._levels(request)],
            [
                "Collection team lead",
                "Division head (above 10,000)",
                "CFO (above 50,000)",
            ],
        )
        self._decide(request, self.team_lead)
        with self.assertRaises(UserError):
            self._decide(request, self.president)
        self._decide(request, self.division)
        self._decide(request, self.cfo)
        self.assertEqual(request.state, "approved")

    def test_rejected_request_corrected_and_resubmitted_keeps_its_history(self):
        request = self._request(20000.00)
        request.with_user(self.collector).action_submit()
        self._decide(
            request, self.team_lead, approve=False, comment="Ask for the ruling first"
        )
        self.assertEqual(request.state, "rejected")
        with self.assertRaises(UserError):
            request.with_user(self.collector).action_post()
        request.with_user(self.collector).action_draft()
        request.with_user(self.collector).write({"amount": 9000.00})
        request.with_user(self.collector).action_submit()
        self.assertEqual(request.round, 2)
        self.assertEqual(
            [name for name, _s in self._levels(request)], ["Collection team lead"]
        )
        self._decide(request, self.team_lead, comment="Fine now")
        self.assertEqual(request.state, "approved")
        self.assertEqual(
            [
                (log.round, log.decision, log.comment, log.amount)
                for log in request.log_ids
            ],
            [
                (1, "rejected", "Ask for the ruling first", 20000.00),
                (2, "approved", "Fine now", 9000.00),
            ],
        )

    def test_partial_write_off_leaves_the_rest_open(self):
        request = self._request(300.00, invoice_amount=1000.00)
        request.with_user(self.collector).action_submit()
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        self.assertEqual(request.move_id.payment_state, "partial")
        self.assertEqual(request.move_id.amount_residual, 700.00)

    def test_foreign_currency_invoice_written_off_in_its_currency(self):
        eur = self.setup_other_currency("EUR", rates=[("2016-01-01", 2.0)])
        request = self._request(1000.00, currency=eur)
        self.assertEqual(request.amount_company, 500.00)
        request.with_user(self.collector).action_submit()
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        self.assertEqual(request.move_id.payment_state, "paid")
        credit = request.writeoff_move_id.line_ids.filtered("credit")
        self.assertEqual(
            (credit.currency_id, credit.amount_currency, credit.credit),
            (eur, -1000.00, 500.00),
        )

    def test_lock_date_and_reversal_by_a_manager(self):
        request = self._request(400.00)
        request.with_user(self.collector).action_submit()
        self._decide(request, self.team_lead)
        self.company.fiscalyear_lock_date = days(0)
        with self.assertRaises(UserError):
            request.with_user(self.finance).action_post()
        self.assertEqual(request.state, "approved")
        self.company.fiscalyear_lock_date = days(-1)
        request.with_user(self.finance).action_post()
        with self.assertRaises(AccessError):
            request.with_user(self.collector).action_reverse()
        request.with_user(self.finance).action_reverse()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.move_id.amount_residual, 400.00)
        self.assertEqual(request.reversal_move_id.state, "posted")

    def test_requests_private_to_their_company(self):
        request = self._request(400.00)
        other = self.setup_other_company(name="Harbour Two")["company"]
        outsider = self._user("ar_wo_outsider", COLLECTION_USER, company=other)
        self.assertFalse(self.env["ar.writeoff.request"].with_user(outsider).search([]))
        with self.assertRaises(AccessError):
            request.with_user(outsider).read(["amount"])

    def test_money_received_after_a_write_off_is_recovery_income(self):
        income = self.env["account.account"].create(
            {
                "name": "Bad-debt recovery",
                "code": "758100",
                "account_type": "income_other",
            }
        )
        self.company.ar_writeoff_recovery_account_id = income
        request = self._request(1000.00)
        self._cron(days(0))
        request.sudo().case_id = request._case_of(request.move_id)
        self.assertTrue(request.case_id)
        request.with_user(self.collector).action_submit()
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 250.00,
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        # from the payment: its open amount, the customer's written-off debt
        self.assertEqual(
            payment.with_user(self.finance).ar_recovery_request_id, request
        )
        action = payment.with_user(self.finance).action_ar_book_recovery()
        wizard = (
            self.env["ar.writeoff.recovery.wizard"]
            .with_user(self.finance)
            .with_context(action["context"])
            .create({})
        )
        self.assertEqual(wizard.amount, 250.00)
        with self.assertRaises(UserError):
            wizard.amount = 300.00
            wizard.action_record()
        with self.assertRaises(AccessError):
            self.env["ar.writeoff.recovery"].with_user(self.collector)._record(
                request, wizard.payment_line_id, 250.00
            )
        wizard.amount = 250.00
        wizard.action_record()
        self.assertEqual(
            (request.recovered_amount, request.recovery_rate), (250.00, 25.0)
        )
        entry = request.recovery_ids.move_id
        self.assertEqual(entry.line_ids.filtered("credit").account_id, income)
        self.assertTrue(wizard.payment_line_id.reconciled)
        self.assertFalse(payment.with_user(self.finance).ar_recovery_request_id)
        self.assertTrue(
            any("Recovered" in (m.body or "") for m in request.case_id.message_ids)
        )
        # the memo ledger keeps the debt, with what came back, by period
        memo = (
            self.env["ar.writeoff.request"]
            .with_user(self.finance)
            .search([("state", "=", "posted"), ("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(memo, request)
        period = (
            self.env["ar.writeoff.period"]
            .with_user(self.finance)
            .search([("company_id", "=", self.company.id)])
        )
        self.assertEqual(
            (period.period, period.written_off, period.recovered, period.recovery_rate),
            (days(0).replace(day=1), 1000.00, 250.00, 25.0),
        )
        # the period reads as a month in the list
        self.assertEqual(period.month, "June 2026")
        arch = period.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('<field name="month"', arch)

    def test_write_off_asked_from_the_case(self):
        move = self._invoice(self.customer, 700.00, days(-200))
        self._cron(days(0))
        case = self.env["ar.collection.case"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("company_id", "=", self.company.id),
            ]
        )
        wizard = (
            self.env["ar.writeoff.wizard"]
            .with_user(self.collector)
            .with_context(active_model="ar.collection.case", active_id=case.id)
            .create(
                {
                    "reason": "Debtor vanished",
                    "attachment_ids": [(6, 0, self._evidence().ids)],
                }
            )
        )
        self.assertEqual((wizard.move_id, wizard.amount), (move, 700.00))
        request = self.env["ar.writeoff.request"].browse(
            wizard.action_request()["res_id"]
        )
        self.assertEqual(
            (request.case_id, request.requester_id), (case, self.collector)
        )
        self.assertEqual(request.attachment_ids.res_model, "ar.writeoff.request")
