"""Write-off controls tried the way an internal user would get around them:
evidence taken from records he cannot read or from another company, reviews
forged over RPC, a debt split under the approval bands, an invoice with
instalments, a recovery booked without money received."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from writeoff_common import WriteoffCommon, days


class TestWriteoffControls(WriteoffCommon):
    def _submitted(self, amount, invoice_amount=None):
        request = self._request(amount, invoice_amount=invoice_amount)
        request.with_user(self.collector).action_submit()
        return request

    # ------------------------------------------------------------------
    # Evidence
    # ------------------------------------------------------------------
    def test_evidence_of_another_company_is_refused_and_stays_put(self):
        other = self.setup_other_company(name="Harbour Three")["company"]
        foreign_invoice = self._invoice(
            self._customer("Far Away Ltd"), 100.00, days(-5), company=other
        )
        secret = self.env["ir.attachment"].create(
            {
                "name": "contract.pdf",
                "raw": b"%PDF-1.4 secret",
                "res_model": "account.move",
                "res_id": foreign_invoice.id,
            }
        )
        # through the wizard
        with self.assertRaises(AccessError):
            self._request_with(secret)
        # through a write on a draft request
        request = self._request(500.00)
        with self.assertRaises(AccessError):
            request.with_user(self.collector).write(
                {"attachment_ids": [Command.link(secret.id)]}
            )
        self.assertEqual(
            (secret.res_model, secret.res_id), ("account.move", foreign_invoice.id)
        )
        self.assertNotIn(secret, request.sudo().attachment_ids)

    def test_a_file_uploaded_by_someone_else_is_not_taken(self):
        upload = self._evidence(self.finance)
        with self.assertRaises(AccessError):
            self._request_with(upload)
        self.assertFalse(upload.res_id)

    def test_a_readable_document_is_copied_never_moved(self):
        invoice = self._invoice(self.customer, 300.00, days(-30))
        delivery = self.env["ir.attachment"].create(
            {
                "name": "delivery-note.pdf",
                "raw": b"%PDF-1.4 delivery",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        request = self._request_with(delivery)
        self.assertEqual(
            (delivery.res_model, delivery.res_id), ("account.move", invoice.id)
        )
        [copy] = request.sudo().attachment_ids
        self.assertNotEqual(copy, delivery)
        self.assertEqual(
            (copy.name, copy.raw, copy.res_model, copy.res_id),
            ("delivery-note.pdf", b"%PDF-1.4 delivery", request._name, request.id),
        )

    def _request_with(self, attachment):
        move = self._invoice(self.customer, 500.00, days(-200))
        wizard = (
            self.env["ar.writeoff.wizard"]
            .with_user(self.collector)
            .with_context(active_model="account.move", active_id=move.id)
            .create(
                {
                    "amount": 500.00,
                    "reason": "Customer bankrupt",
                    "attachment_ids": [Command.set(attachment.ids)],
                }
            )
        )
        return self.env["ar.writeoff.request"].browse(wizard.action_request()["res_id"])

    # ------------------------------------------------------------------
    # Reviews
    # ------------------------------------------------------------------
    def test_a_review_made_for_another_document_cannot_be_moved_onto_a_request(self):
        request = self._submitted(5000.00)
        definition = self.env["tier.definition"].create(
            {
                "name": "Anything",
                "model_id": self.env.ref("base.model_res_partner").id,
                "review_type": "individual",
                "reviewer_id": self.collector.id,
            }
        )
        forged = (
            self.env["tier.review"]
            .with_user(self.collector)
            .create(
                {
                    "model": "res.partner",
                    "res_id": self.customer.id,
                    "definition_id": definition.id,
                }
            )
        )
        with self.assertRaises(UserError):
            forged.write({"model": "ar.writeoff.request", "res_id": request.id})
        with self.assertRaises(UserError):
            forged.write({"res_id": request.id, "model": "ar.writeoff.request"})
        self.assertEqual(self._levels(request), [("Collection team lead", "pending")])

    def test_a_decided_level_cannot_be_reopened_or_moved(self):
        request = self._submitted(20000.00)
        self._decide(request, self.team_lead)
        approved = request.sudo().review_ids.filtered(lambda r: r.status == "approved")
        for user in (self.collector, self.team_lead, self.division):
            with self.assertRaises(UserError):
                approved.with_user(user).write({"status": "pending"})
            with self.assertRaises(UserError):
                approved.with_user(user).write({"res_id": request.id + 1})
        self.assertEqual(
            self._levels(request),
            [
                ("Collection team lead", "approved"),
                ("Division head (above 10,000)", "pending"),
            ],
        )

    # ------------------------------------------------------------------
    # Bands
    # ------------------------------------------------------------------
    def test_a_debt_split_under_a_band_still_reaches_the_higher_level(self):
        first = self._submitted(9999.00, invoice_amount=120000.00)
        self.assertEqual(self._levels(first), [("Collection team lead", "pending")])
        second = self._request(9999.00, invoice_amount=50000.00)
        second.with_user(self.collector).action_submit()
        self.assertEqual(second.approval_amount, 19998.00)
        self.assertEqual(
            [level for level, _status in self._levels(second)],
            ["Collection team lead", "Division head (above 10,000)"],
        )

    def test_a_cancelled_request_does_not_count_for_the_band(self):
        first = self._submitted(9999.00)
        first.with_user(self.collector).action_cancel()
        second = self._submitted(9999.00)
        self.assertEqual(second.approval_amount, 9999.00)
        self.assertEqual(self._levels(second), [("Collection team lead", "pending")])

    # ------------------------------------------------------------------
    # Instalments and recovery
    # ------------------------------------------------------------------
    def test_every_instalment_of_the_invoice_is_written_off(self):
        term = self._two_instalments()
        move = self._invoice(self.customer, 1400.00, days(-200), post=False)
        move.write({"invoice_payment_term_id": term.id})
        move.action_post()
        self.assertEqual(len(self._receivable_lines(move)), 2)
        wizard = (
            self.env["ar.writeoff.wizard"]
            .with_user(self.collector)
            .with_context(active_model="account.move", active_id=move.id)
            .create(
                {
                    "reason": "Customer bankrupt",
                    "attachment_ids": [Command.set(self._evidence().ids)],
                }
            )
        )
        request = self.env["ar.writeoff.request"].browse(
            wizard.action_request()["res_id"]
        )
        request.with_user(self.collector).action_submit()
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        self.assertEqual((move.payment_state, move.amount_residual), ("paid", 0.0))
        entry = request.writeoff_move_id
        self.assertFalse(
            entry.line_ids.filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            )
        )
        # nothing is left on the entry for a "recovery" to take
        self.assertFalse(request.with_user(self.finance)._ar_open_payments())

    def test_a_recovery_needs_money_received(self):
        income = self.env["account.account"].create(
            {"name": "Recovery", "code": "758200", "account_type": "income_other"}
        )
        self.company.ar_writeoff_recovery_account_id = income
        request = self._submitted(1000.00)
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        credit_note = self._invoice(
            self.customer, 200.00, days(0), move_type="out_refund"
        )
        credit_line = self._receivable_lines(credit_note)
        self.assertNotIn(
            credit_line, request.with_user(self.finance)._ar_open_payments()
        )
        with self.assertRaises(UserError):
            self.env["ar.writeoff.recovery"].with_user(self.finance)._record(
                request, credit_line, 200.00
            )
        self.assertFalse(request.recovery_ids)

    # ------------------------------------------------------------------
    # Stale and stuck approvals
    # ------------------------------------------------------------------
    def test_an_approved_request_paid_in_part_since_is_corrected_or_cancelled(self):
        request = self._submitted(1000.00)
        self._decide(request, self.team_lead)
        self.assertEqual(request.state, "approved")
        self._pay(request.move_id, amount=400.00)
        with self.assertRaises(UserError):
            request.with_user(self.finance).action_post()
        request.with_user(self.collector).action_draft()
        request.with_user(self.collector).write({"amount": 600.00})
        request.with_user(self.collector).action_submit()
        self.assertEqual(self._levels(request), [("Collection team lead", "pending")])
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        self.assertEqual(request.move_id.payment_state, "paid")
        other = self._submitted(800.00)
        self._decide(other, self.team_lead)
        other.with_user(self.collector).action_cancel()
        self.assertEqual(other.state, "cancelled")

    def test_an_approver_removed_from_his_group_no_longer_decides(self):
        request = self._submitted(20000.00)
        self._decide(request, self.team_lead)
        new_head = self._user(
            "ar_wo_division2", "ar_overdue_management.group_ar_writeoff_division_head"
        )
        self.env.ref("ar_overdue_management.group_ar_writeoff_division_head").users = [
            Command.set(new_head.ids)
        ]
        with self.assertRaises(UserError):  # AccessError too: he reads it no more
            self._decide(request, self.division)
        self.assertEqual(request.state, "to_approve")
        self._decide(request, new_head)
        self.assertEqual(request.state, "approved")

    def test_a_level_only_the_requester_holds_goes_to_the_next_level(self):
        lead_requester = self._user(
            "ar_wo_lead_req",
            "ar_overdue_management.group_ar_collection_manager",
        )
        self.env.ref("ar_overdue_management.group_ar_collection_manager").users = [
            Command.set(lead_requester.ids)
        ]
        request = self._request(5000.00, user=lead_requester)
        request.with_user(lead_requester).action_submit()
        review = request.sudo().review_ids
        self.assertEqual(
            review.sudo()._get_reviewers(),
            self.finance
            | self.env.ref("account.group_account_manager").users - lead_requester,
        )
        self._decide(request, self.finance)
        self.assertEqual(request.state, "approved")

    # ------------------------------------------------------------------
    # Segregation of duties
    # ------------------------------------------------------------------
    def test_one_person_never_approves_two_levels_nor_books_what_he_approved(self):
        both = self._user(
            "ar_wo_both",
            "ar_overdue_management.group_ar_collection_manager,"
            "ar_overdue_management.group_ar_writeoff_division_head,"
            "account.group_account_manager",
        )
        for xmlid in (
            "ar_overdue_management.group_ar_collection_manager",
            "ar_overdue_management.group_ar_writeoff_division_head",
        ):
            self.env.ref(xmlid).users = [Command.set(both.ids)]
        request = self._submitted(20000.00)
        self._decide(request, both)
        with self.assertRaises(UserError) as caught:
            self._decide(request, both)
        self.assertIn("different people", str(caught.exception))
        self.env.ref("ar_overdue_management.group_ar_writeoff_division_head").users = [
            Command.set(self.division.ids)
        ]
        self._decide(request, self.division)
        with self.assertRaises(UserError):
            request.with_user(both).action_post()
        self.assertEqual(request.state, "approved")
        # a small company allows it, and it is logged
        self.company.ar_writeoff_same_person_allowed = True
        request.with_user(both).action_post()
        self.assertEqual(request.state, "posted")
        self.assertTrue(
            request.message_ids.filtered(lambda m: "two roles" in (m.body or ""))
        )

    def test_billing_clerks_read_neither_requests_nor_their_history(self):
        request = self._submitted(5000.00)
        self._decide(request, self.team_lead)
        clerk = self._user("ar_wo_clerk", "account.group_account_invoice")
        with self.assertRaises(AccessError):
            request.with_user(clerk).read(["amount"])
        with self.assertRaises(AccessError):
            request.log_ids.with_user(clerk).read(["comment"])

    def test_a_request_made_over_rpc_is_linked_to_the_customers_case(self):
        move = self._invoice(self.customer, 500.00, days(-200))
        self._cron(days(0))
        case = self.env["ar.collection.case"].search(
            [("partner_id", "=", self.customer.id)]
        )
        request = (
            self.env["ar.writeoff.request"]
            .with_user(self.collector)
            .create(
                {
                    "move_id": move.id,
                    "amount": 500.00,
                    "reason": "Bankrupt",
                    "attachment_ids": [Command.set(self._evidence().ids)],
                }
            )
        )
        self.assertEqual(request.case_id, case)

    def test_a_disputed_invoice_is_not_written_off(self):
        move = self._invoice(self.customer, 500.00, days(-200))
        move._overdue_set_dispute("Quality")
        wizard = (
            self.env["ar.writeoff.wizard"]
            .with_user(self.collector)
            .with_context(active_model="account.move", active_id=move.id)
            .create(
                {
                    "reason": "Customer bankrupt",
                    "attachment_ids": [Command.set(self._evidence().ids)],
                }
            )
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_request()
        self.assertIn("disputed", str(caught.exception))

    def test_reversing_undoes_only_its_own_matching(self):
        request = self._submitted(600.00, invoice_amount=1000.00)
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        invoice = request.move_id
        self._pay(invoice, amount=400.00)
        self.assertEqual(invoice.payment_state, "paid")
        request.with_user(self.finance).action_reverse()
        self.assertEqual(invoice.amount_residual, 600.00)
        self.assertEqual(invoice.payment_state, "partial")
