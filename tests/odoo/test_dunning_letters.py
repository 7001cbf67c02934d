"""Dunning letters on real Odoo: the daily run sends each level's letter once
per case, never to a promised, planned or fully credited customer, never
within the gap after the last letter; a letter counts as sent only once its
e-mail left (a mail server that is down leaves it unsent, retried the next
day); a sent letter is a written contact on the case."""

import shutil

from collection_common import CollectionCommon, days
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

DISREGARD = "If you have paid in the meantime, please disregard this letter."


class TestDunningLetters(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "accounts@harbour.example"

    def _run(self, as_of):
        self._cron(as_of)
        return self.env["ar.dunning.letter"]._cron_dunning_send(as_of=as_of)

    def _letters(self, partner=None):
        return self.env["ar.dunning.letter"].search(
            [("partner_id", "=", (partner or self.customer).id)], order="id"
        )

    def _pdf_html(self, letter):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "ar_overdue_management.report_dunning_letter", letter.ids
        )
        return " ".join(html2plaintext(html.decode()).split())

    def _mail_text(self, letter):
        return " ".join(html2plaintext(letter.mail_id.body_html).split())

    def test_a_first_letter_recalls_no_earlier_letter(self):
        # 45 days overdue: the customer's first letter is a payment request
        self._invoice(self.customer, 500.00, days(-45))
        self._run(days(0))
        letter = self._letters()
        self.assertEqual((letter.severity, letter.earlier_sent), ("moderate", 0))
        opening = (
            "The invoices below are past their due date and remain unpaid. We ask "
            "you to pay the amount below by the date given at the latest."
        )
        for text in (self._mail_text(letter), self._pdf_html(letter)):
            self.assertIn(opening, text)
            self.assertNotIn("Despite", text)
            self.assertNotIn("despite", text)
            self.assertEqual(text.count("disregard"), 1)
            self.assertIn(DISREGARD, text)

    def test_a_letter_after_a_sent_reminder_recalls_it(self):
        self._invoice(self.customer, 500.00, days(-28))
        self._run(days(0))
        reminder = self._letters()
        for text in (self._mail_text(reminder), self._pdf_html(reminder)):
            self.assertIn("This may be an oversight", text)
            self.assertEqual(text.count("disregard"), 1)
        self._deliver()
        self._run(days(7))
        letter = self._letters()[1]
        self.assertEqual((letter.severity, letter.earlier_sent), ("moderate", 1))
        for text in (self._mail_text(letter), self._pdf_html(letter)):
            self.assertIn(
                "Despite our reminder, the invoices below remain unpaid.", text
            )
            self.assertEqual(text.count("disregard"), 1)

    def test_a_reminder_that_never_left_is_not_recalled(self):
        self._invoice(self.customer, 500.00, days(-28))
        self._run(days(0))
        self._deliver(server_up=False)
        self.assertEqual(self._letters().state, "failed")
        self._run(days(7))
        letter = self._letters().filtered(lambda lt: lt.severity == "moderate")
        self.assertEqual(letter.earlier_sent, 0)
        self.assertNotIn("Despite", self._mail_text(letter))

    def _mails(self, letter):
        return self.env["mail.mail"].search(
            [("model", "=", "ar.dunning.letter"), ("res_id", "=", letter.id)]
        )

    def test_a_letter_not_sent_is_sent_again_from_the_list_once(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters()
        self._deliver(server_up=False)
        self.assertEqual(letter.state, "failed")
        # the list says why, in words, and offers the buttons to collectors
        mine = letter.with_user(self.collector)
        self.assertIn("Connection failed", mine.failure)
        arch = mine.get_views([(False, "list")])["views"]["list"]["arch"]
        for label in ('string="Send Again"', 'string="Print"', 'name="failure"'):
            self.assertIn(label, arch)
        mine.action_send_again()
        self.assertEqual(letter.state, "queued")
        self._deliver()
        self.assertEqual(letter.state, "sent")
        self.assertEqual(len(self._letters()), 1)
        self.assertEqual(len(self._mails(letter)), 1)
        self.assertEqual(len(self._case().contact_ids), 1)
        with self.assertRaisesRegex(UserError, "Only letters not sent"):
            mine.action_send_again()
        self.assertEqual(len(self._mails(letter)), 1)
        self.assertEqual(len(self._case().contact_ids), 1)

    def test_a_letter_without_address_is_sent_once_the_address_is_known(self):
        self.customer.email = False
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters()
        self.assertEqual(
            (letter.state, letter.failure),
            ("failed", "No e-mail address or no template: print it for post."),
        )
        mine = letter.with_user(self.collector)
        mine.action_send_again()
        self.assertEqual((letter.state, letter.attempts), ("failed", 2))
        self.customer.email = "accounts@harbour.example"
        mine.action_send_again()
        self._deliver()
        self.assertEqual(letter.state, "sent")
        self.assertEqual(len(self._mails(letter)), 1)
        self.assertEqual(len(self._case().contact_ids), 1)

    def test_a_letter_not_sent_is_printed_from_the_list(self):
        self.customer.email = False
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters()
        reader = self._user("ar_letter_reader", "account.group_account_readonly")
        with self.assertRaises(AccessError):
            letter.with_user(reader).action_print()
        with self.assertRaises(AccessError):
            letter.with_user(reader).action_send_again()
        self.assertEqual(letter.state, "failed")
        action = letter.with_user(self.collector).action_print()
        self.assertEqual(
            action["report_name"], "ar_overdue_management.report_dunning_letter"
        )
        self.assertEqual(letter.state, "sent")
        self.assertEqual(self._case().contact_ids.channel, "letter")
        letter.with_user(self.collector).action_print()
        self.assertEqual(len(self._case().contact_ids), 1)
        with self.assertRaises(UserError):
            letter.with_user(self.collector).action_send_again()

    def test_each_level_once_and_sent_only_when_the_mail_left(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        self._run(days(0))
        letter = self._letters()
        self.assertEqual(len(letter), 1)
        self.assertEqual(
            (letter.severity, letter.state, letter.amount_due, letter.deadline),
            ("mild", "queued", 500.00, days(10)),
        )
        case = self._case()
        self.assertFalse(case.contact_ids)
        self._deliver()
        self.assertEqual((letter.state, letter.sent_date), ("sent", days(0)))
        contact = case.contact_ids
        self.assertEqual((contact.channel, contact.written), ("email", True))
        self.assertIn(letter.name, contact.answer)
        self._run(days(1))
        self.assertEqual(len(self._letters()), 1)

    def test_a_mail_server_down_leaves_the_letter_unsent_and_retried(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters()
        self._deliver(server_up=False)
        self.assertEqual((letter.state, letter.attempts), ("failed", 1))
        # the reason in words, not the code of the failure
        self.assertNotIn("mail_smtp", letter.failure)
        self.assertIn("Connection failed", letter.failure)
        self.assertFalse(self._case().contact_ids)
        self._run(days(1))
        self.assertEqual(letter.state, "queued")
        self._deliver()
        self.assertEqual(letter.state, "sent")
        self.assertEqual(len(self._case().contact_ids), 1)
        self.assertEqual(len(self._letters()), 1)

    def test_gap_between_letters_then_the_next_level(self):
        self._invoice(self.customer, 500.00, days(-28))
        self._run(days(0))
        self._deliver()
        # 31 days overdue on day 3: moderate, but within 7 days of the last
        self._run(days(3))
        self.assertEqual(self._letters().mapped("severity"), ["mild"])
        self._run(days(7))
        self.assertEqual(self._letters().mapped("severity"), ["mild", "moderate"])

    def test_no_letter_while_a_promise_runs_or_a_plan_covers_it(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._case()
        self._promise(case, 500.0, days(5))
        self._run(days(0))
        self.assertFalse(self._letters())
        other = self._customer("Quay Traders", salesperson=self.salesperson)
        other.email = "pay@quay.example"
        self._invoice(other, 400.00, days(-10))
        plan = self.env["ar.collection.plan"].create(
            {
                "case_id": self._case(other).id,
                "amount": 400.0,
                "line_ids": [Command.create({"date": days(30), "amount": 400.0})],
            }
        )
        plan.action_activate()
        self._run(days(1))
        self.assertFalse(self._letters(other))

    def test_credits_are_deducted_and_a_net_credit_gets_nothing(self):
        self._invoice(self.customer, 800.00, days(-10))
        self._invoice(self.customer, 120.00, days(-5), move_type="out_refund")
        self._run(days(0))
        letter = self._letters()
        # the overdue is the customer's, net of the credit note, as on the
        # case: the letter lists the invoice, then the credit it deducts
        self.assertEqual(
            (
                letter.invoice_amount,
                letter.credit_amount,
                letter.overdue_amount,
                letter.amount_due,
            ),
            (800.00, 120.00, 680.00, 680.00),
        )
        self.assertEqual(letter.overdue_amount, self._case().overdue_amount)
        self.assertEqual(
            [(line.kind, line.amount_residual) for line in letter.line_ids],
            [("debt", 800.00), ("credit", -120.00)],
        )
        body = letter.mail_id.body_html
        for fragment in ("680.00", "120.00", *letter.line_ids.mapped("name")):
            self.assertIn(fragment, body)
        rich = self._customer("Prepaid Ltd")
        rich.email = "pay@prepaid.example"
        self._invoice(rich, 300.00, days(-10))
        self._invoice(rich, 500.00, days(-20), move_type="out_refund")
        self._run(days(1))
        self.assertFalse(self._letters(rich))

    def test_no_letter_once_in_legal_action_and_letters_are_not_edited(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters()
        with self.assertRaises(UserError):
            letter.with_user(self.collector).write({"amount_due": 1.0})
        self.env.cr.execute(
            "UPDATE ar_collection_case SET stage = 'legal' WHERE id = %s",
            [self._case().id],
        )
        self.env.invalidate_all()
        self._invoice(self.customer, 900.00, days(-40))
        self._run(days(8))
        self.assertEqual(len(self._letters()), 1)

    def test_send_wizard_prepares_previews_and_prints(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._case()
        wizard = (
            self.env["ar.dunning.send.wizard"]
            .with_user(self.collector)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"send_email": False, "download": True})
        )
        self.assertEqual(wizard.case_ids, case)
        wizard.action_prepare()
        self.assertEqual(wizard.letter_ids.state, "draft")
        action = wizard.action_send()
        self.assertEqual(
            action["report_name"], "ar_overdue_management.report_dunning_letter"
        )
        self.assertEqual(wizard.letter_ids.state, "sent")
        self.assertEqual(case.contact_ids.channel, "letter")
        # the automatic run knows the level is done
        self._run(days(1))
        self.assertEqual(len(self._letters()), 1)

    def _prepared(self, user=None):
        wizard = (
            self.env["ar.dunning.send.wizard"]
            .with_user(user or self.collector)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"send_email": True})
        )
        wizard.action_prepare()
        return wizard

    def test_a_letter_prepared_before_the_customer_paid_is_not_sent(self):
        invoice = self._invoice(self.customer, 1200.00, days(-10))
        case = self._case()
        wizard = self._prepared()
        self._pay(invoice)
        self._cron(days(0))
        wizard.action_send()
        self.assertFalse(self._letters())
        self.assertIn(case.name, wizard.skipped)
        self.assertFalse(wizard.letter_ids)

    def test_a_letter_whose_amount_changed_is_prepared_again_to_preview(self):
        invoice = self._invoice(self.customer, 1200.00, days(-10))
        self._case()
        wizard = self._prepared()
        self._pay(invoice, amount=400.00)
        self._cron(days(0))
        wizard.action_send()
        self.assertEqual(
            (wizard.letter_ids.state, wizard.letter_ids.amount_due), ("draft", 800.00)
        )
        self.assertIn("prepared again", wizard.skipped)
        wizard.action_send()
        self.assertEqual(wizard.letter_ids.state, "queued")

    def test_letters_of_another_company_are_not_queued_over_rpc(self):
        other = self.setup_other_company(name="Harbour Four")["company"]
        foreign = self._customer("Far Away Ltd")
        foreign.email = "far@away.example"
        self._invoice(foreign, 900.00, days(-10), company=other)
        self._cron(days(0))
        foreign_case = self.env["ar.collection.case"].search(
            [("partner_id", "=", foreign.id)]
        )
        letter_model = self.env["ar.dunning.letter"].sudo()
        [(case, level, figures)] = letter_model._dunning_eligible(days(0), foreign_case)
        draft = letter_model._dunning_create([(case, level, figures)], days(0), "draft")
        self._invoice(self.customer, 500.00, days(-10))
        wizard = self._prepared()
        with self.assertRaises(AccessError):
            wizard.write({"letter_ids": [Command.link(draft.id)]})
            wizard.action_send()
        self.assertEqual(draft.state, "draft")

    def test_the_letter_screens_read_in_words(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters().with_user(self.collector)
        fields = letter.fields_get(["lang", "pdf_note", "failure"])
        self.assertEqual(
            [fields[name]["string"] for name in ("lang", "pdf_note", "failure")],
            ["Language", "No PDF Because", "Why Not Sent"],
        )
        languages = dict(letter._fields["lang"]._description_selection(self.env))
        self.assertEqual(languages[letter.lang], "English (US)")

    def test_the_send_wizard_keeps_its_title(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._cron(days(0))
        wizard = (
            self.env["ar.dunning.send.wizard"]
            .with_user(self.collector)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"send_email": True})
        )
        self.assertEqual(wizard.action_prepare()["name"], "Send Dunning Letters")

    def test_pdf_letter_reads_the_amounts(self):
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.skipTest("wkhtmltopdf or pdftotext (poppler-utils) is not installed")
        self._invoice(self.customer, 800.00, days(-10))
        self._invoice(self.customer, 120.00, days(-5), move_type="out_refund")
        self._run(days(0))
        letter = self._letters()
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("ar_overdue_management.report_dunning_letter", letter.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = self._pdf_text(pdf)
        for fragment in (
            "Friendly Reminder",
            "800.00",
            "120.00",
            "680.00",
            letter.name,
        ):
            self.assertIn(fragment, text)

    def test_batches_report_progress_and_end_on_cases_left_waiting(self):
        others = [
            self._customer(f"Batch Customer {i}", salesperson=self.salesperson)
            for i in range(3)
        ]
        for partner in others:
            partner.email = f"{partner.id}@batch.example"
            self._invoice(partner, 100.00, days(-10))
        # the first customer waits for its promise: it never fills a batch
        self._promise(self._case(others[0]), 100.0, days(5))
        self._cron(days(0))
        Letter = self.env["ar.dunning.letter"]
        results = []
        for _call in range(5):
            result = Letter._cron_dunning_send(as_of=days(0), batch_size=1)
            results.append((result["done"], bool(result["remaining"])))
            if not result["remaining"]:
                break
        self.assertEqual(results, [(1, True), (1, False)])
        self.assertEqual(
            Letter.search([("partner_id", "in", [p.id for p in others])]).partner_id,
            others[1] | others[2],
        )

    def test_letters_are_private_to_collections_and_their_company(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters()
        clerk = self._user("ar_dunning_clerk", "account.group_account_invoice")
        with self.assertRaises(AccessError):
            letter.with_user(clerk).read(["amount_due"])
        other = self.setup_other_company(name="Harbour Two")["company"]
        outsider = self._user(
            "ar_dunning_outsider",
            "ar_overdue_management.group_ar_collection_user",
            company=other,
        )
        self.assertFalse(self.env["ar.dunning.letter"].with_user(outsider).search([]))
        # a new company gets a letter for each of its tiers
        levels = self.env["ar.dunning.level"].search([("company_id", "=", other.id)])
        self.assertEqual(
            sorted(levels.mapped("severity")), ["mild", "moderate", "severe"]
        )
        self.assertEqual(levels.tier_id, other.overdue_tier_ids)

    def test_letter_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["ar_overdue_management"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        self._invoice(self.customer, 500.00, days(-10))
        self._run(days(0))
        letter = self._letters()
        self.assertEqual(letter.lang, "zh_CN")
        self.assertIn("逾期发票友好提醒", letter.mail_id.subject)
        self.assertIn("500.00", letter.mail_id.body_html)
