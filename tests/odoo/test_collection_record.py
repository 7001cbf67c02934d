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
        self.assertIn("3 entries", case.message_ids[0].body)

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
