"""The case's record as evidence on real Odoo: entries are chained; "Verify
record" names an entry changed or removed with SQL; nothing is deleted
before the retention date, through the ORM, its attachments or plain SQL."""

import base64

import psycopg2
from collection_common import CollectionCommon, days
from odoo.exceptions import UserError
from odoo.tools import mute_logger


class TestCollectionRecord(CollectionCommon):
    def _record(self):
        self._invoice(self.customer, 900.00, days(-40))
        case = self._case()
        first = self._log(case, channel="letter", answer="Received")
        promise = self._promise(case, 300.0, days(5))
        second = self._log(case, channel="phone", answer="Paying Friday")
        return case, first, promise, second

    def test_entries_are_chained_and_verified_whole(self):
        case, first, promise, second = self._record()
        self.assertEqual(
            [first.chain_seq, promise.chain_seq, second.chain_seq], [1, 2, 3]
        )
        self.assertEqual(promise.prev_hash, first.entry_hash)
        self.assertEqual(second.prev_hash, promise.entry_hash)
        self.assertEqual((case.chain_length, case.chain_head), (3, second.entry_hash))
        result = case.with_user(self.collector).action_verify_record()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(case.record_state, "whole")
        # the form shows "Whole" at once, not "Not Verified" until reloaded
        self.assertEqual(result["params"]["next"]["tag"], "soft_reload")
        self.assertIn("3 entries", case.message_ids[0].body)

    def test_the_chatter_is_never_rewritten_nor_emptied(self):
        case, _first, _promise, _second = self._record()
        note = case.with_user(self.collector).message_post(
            body="Customer promised to pay on Friday", message_type="comment"
        )
        manager = self._user(
            "ar_record_manager", "ar_overdue_management.group_ar_collection_manager"
        )
        for user in (self.collector, manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.with_user(user)._message_update_content(note, body="")
            with self.subTest(user=user.login), self.assertRaises(UserError):
                note.with_user(user).write({"body": "Nothing was promised"})
        with self.assertRaises(UserError):
            note.sudo().write({"body": "Nothing was promised"})
        self.assertIn("Customer promised to pay on Friday", note.body)

    def test_a_written_flag_or_a_message_changed_with_sql_is_named(self):
        case, first, _promise, _second = self._record()
        note = case.with_user(self.collector).message_post(
            body="Customer promised to pay on Friday", message_type="comment"
        )
        self.assertEqual(self._verified(case), "success")
        self.env.cr.execute(
            "UPDATE ar_collection_contact SET written = FALSE WHERE id = %s",
            [first.id],
        )
        result = case.with_user(self.collector).action_verify_record()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn(first._record_label(), result["params"]["message"])
        self.env.cr.execute(
            "UPDATE ar_collection_contact SET written = TRUE WHERE id = %s",
            [first.id],
        )
        self.env.cr.execute(
            "UPDATE mail_message SET body = '<p>Nothing promised</p>' WHERE id = %s",
            [note.id],
        )
        result = case.with_user(self.collector).action_verify_record()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("message of the chatter changed", result["params"]["message"])

    def test_the_addon_is_not_uninstalled_while_a_record_is_kept(self):
        self._record()
        module = self.env["ir.module.module"].search(
            [("name", "=", "ar_overdue_management")]
        )
        with self.assertRaises(UserError) as caught:
            module.button_uninstall()
        self.assertIn("retention date", str(caught.exception))
        self.assertEqual(module.state, "installed")
        with self.assertRaises(UserError):
            module.module_uninstall()
        self.assertTrue(self.env["ar.collection.case"].search_count([]))

    def _statement(self, partner):
        wizard = (
            self.env["ar.statement.wizard"]
            .with_user(self.collector)
            .with_context(active_model="res.partner", active_ids=partner.ids)
            .create({"date_from": days(-60), "date_to": days(0)})
        )
        statement = self.env["ar.statement"].browse(wizard.action_make()["res_id"])
        # as the monthly run makes them: one scheduled per customer and period
        self.env.cr.execute(
            "UPDATE ar_statement SET scheduled = TRUE WHERE id = %s", [statement.id]
        )
        return statement

    def _verified(self, case):
        action = case.with_user(self.collector).action_verify_record()
        return action["params"]["type"]

    def test_merged_customers_keep_one_case_every_entry_and_a_whole_record(self):
        duplicate = self._customer("Harbour Foods Ltd", salesperson=self.salesperson)
        self._invoice(self.customer, 900.00, days(-40))
        self._invoice(duplicate, 300.00, days(-20))
        self._cron(days(0))
        first, second = self._case(), self._case(duplicate)
        self._log(first, channel="letter", answer="Received")
        self._log(second, channel="phone", answer="Paying Friday")
        statements = self._statement(self.customer) | self._statement(duplicate)
        self.env["base.partner.merge.automatic.wizard"]._merge(
            [duplicate.id, self.customer.id], dst_partner=self.customer
        )
        open_cases = self._case()
        self.assertEqual(len(open_cases), 1)
        closed = (first | second) - open_cases
        self.assertEqual(closed.stage, "closed")
        self.assertIn("merge", closed.decision_ids.mapped("kind"))
        self.assertEqual(len(statements.exists()), 2)
        for case in first | second:
            self.assertEqual(self._verified(case), "success")
        self.assertEqual(len(first.contact_ids | second.contact_ids), 2)

    def test_a_merged_law_firm_leaves_the_record_whole(self):
        case, _first, _promise, _second = self._record()
        firm = self.env["res.partner"].create({"name": "Firm One", "is_company": True})
        copy = self.env["res.partner"].create(
            {"name": "Firm One Ltd", "is_company": True}
        )
        self.env["ar.collection.decision"].with_user(self.collector).create(
            {
                "case_id": case.id,
                "kind": "note",
                "description": "Ask Firm One for a quote",
                "agency_id": copy.id,
            }
        )
        self.assertEqual(self._verified(case), "success")
        self.env["base.partner.merge.automatic.wizard"]._merge(
            [copy.id, firm.id], dst_partner=firm
        )
        self.assertEqual(self._verified(case), "success")
        self.assertEqual(case.decision_ids.filtered("agency_id").agency_id, firm)

    def test_a_row_changed_with_sql_is_named(self):
        case, first, _promise, _second = self._record()
        self.env.cr.execute(
            "UPDATE ar_collection_contact SET answer = 'Never called' WHERE id = %s",
            [first.id],
        )
        result = case.with_user(self.collector).action_verify_record()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn(f"#{first.chain_seq}) altered", result["params"]["message"])
        self.assertEqual(case.record_state, "broken")

    def test_a_row_removed_with_sql_is_named(self):
        case, _first, promise, _second = self._record()
        with self.assertRaises(psycopg2.Error), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "DELETE FROM ar_collection_promise WHERE id = %s", [promise.id]
                )
        # the owner of the database can still drop the guard: verify finds it
        self.env.cr.execute(
            "ALTER TABLE ar_collection_promise DISABLE TRIGGER ar_collection_keep_record;"
            "DELETE FROM ar_collection_promise WHERE id = %s;"
            "ALTER TABLE ar_collection_promise ENABLE TRIGGER ar_collection_keep_record",
            [promise.id],
        )
        result = case.with_user(self.collector).action_verify_record()
        self.assertIn("removed: entry no. 2", result["params"]["message"])
        self.assertNotIn("altered", result["params"]["message"])

    def test_nothing_is_deleted_before_the_retention_date(self):
        case, first, _promise, _second = self._record()
        evidence = (
            self.env["ar.collection.evidence"]
            .with_user(self.collector)
            .create(
                {
                    "case_id": case.id,
                    "kind": "contract",
                    "name": "Supply contract",
                    "file": base64.b64encode(b"%PDF-1.4 contract"),
                    "file_name": "contract.pdf",
                }
            )
        )
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "ar.collection.evidence"),
                ("res_id", "=", evidence.id),
                ("res_field", "=", "file"),
            ]
        )
        self.assertTrue(attachment)
        for record in (case.sudo(), first.sudo(), evidence.sudo(), attachment.sudo()):
            with self.subTest(model=record._name), self.assertRaises(UserError):
                record.unlink()
        with self.assertRaises(UserError):
            evidence.sudo().write({"file": base64.b64encode(b"forged")})
        with self.assertRaises(UserError):
            attachment.sudo().write({"datas": base64.b64encode(b"forged")})
        # closed eleven years ago, kept ten: it may go
        self.env.cr.execute(
            "UPDATE ar_collection_case SET stage = 'closed', closed_date = %s, "
            "retention_until = %s WHERE id = %s",
            [days(-4100), days(-450), case.id],
        )
        case.invalidate_recordset()
        attachment.sudo().unlink()
        self.assertFalse(attachment.exists())

    def test_an_evidence_file_replaced_in_the_store_is_named(self):
        case, _first, _promise, _second = self._record()
        evidence = (
            self.env["ar.collection.evidence"]
            .with_user(self.collector)
            .create(
                {
                    "case_id": case.id,
                    "kind": "statement",
                    "name": "Statement June",
                    "file": base64.b64encode(b"balance 900.00"),
                    "file_name": "statement.txt",
                }
            )
        )
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "ar.collection.evidence"),
                ("res_id", "=", evidence.id),
                ("res_field", "=", "file"),
            ]
        )
        self.assertIn(
            "none altered",
            case.with_user(self.collector).action_verify_record()["params"]["message"],
        )
        if attachment.store_fname:
            path = attachment._full_path(attachment.store_fname)
            with open(path, "wb") as handle:
                handle.write(b"balance 0.00")
        else:
            self.env.cr.execute(
                "UPDATE ir_attachment SET db_datas = %s WHERE id = %s",
                [b"balance 0.00", attachment.id],
            )
        result = case.with_user(self.collector).action_verify_record()
        self.assertIn("Statement June", result["params"]["message"])
        self.assertIn("file changed", result["params"]["message"])
        with self.assertRaises(UserError):
            self.env["ir.attachment"].create(
                {
                    "name": "second.txt",
                    "raw": b"forged",
                    "res_model": "ar.collection.evidence",
                    "res_id": evidence.id,
                    "res_field": "file",
                }
            )

    def test_another_company_sees_no_entry(self):
        case, first, _promise, _second = self._record()
        other = self.setup_other_company(name="Harbour Two")["company"]
        outsider = self._user(
            "ar_record_outsider",
            "ar_overdue_management.group_ar_collection_user",
            company=other,
        )
        for model in ("ar.collection.contact", "ar.collection.promise"):
            self.assertFalse(self.env[model].with_user(outsider).search([]))
