"""The letters' e-mails of a run, rendered together (the template's body
compiled once, dates and amounts formatted faster), read as Odoo's own
rendering of each letter makes them: body, subject, sender, recipients,
and the message the letter's chatter shows."""

from collection_common import CollectionCommon, days

#: what a mail and its message say (not their ids, message-id or dates)
COMPARED = [
    "subject",
    "body_html",
    "body",
    "email_from",
    "reply_to",
    "recipient_ids",
    "model",
    "res_id",
    "record_name",
    "message_type",
    "subtype_id",
    "author_id",
    "state",
    "auto_delete",
]


class TestDunningMailBatch(CollectionCommon):
    def _customers(self):
        """Customers of each letter level, one with several invoices and a
        credit note, one in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["ar_overdue_management"], ["zh_CN"], overwrite=True
        )
        customers = self.env["res.partner"]
        for n, (name, overdue) in enumerate(
            [("Harbour & Sons", 10), ("Rosé Ltd", 10), ("中山贸易", 45), ("Bay", 75)]
        ):
            customer = self._customer(name, email=f"ap{n}@example.com")
            for k in range(1 + 2 * (n == 1)):
                self._invoice(customer, 1234.5 * (n + 1) + k, days(-overdue - k))
            customers |= customer
        customers[2].lang = "zh_CN"
        self._invoice(customers[1], 100.0, days(-3), move_type="out_refund")
        return customers

    def test_mails_rendered_together_read_as_rendered_one_by_one(self):
        customers = self._customers()
        self._cron(days(0))
        self.env["ar.dunning.letter"]._cron_dunning_send(as_of=days(0))
        letters = self.env["ar.dunning.letter"].search(
            [("partner_id", "in", customers.ids)], order="id"
        )
        self.assertEqual(len(letters), 4)
        self.assertEqual(len(set(letters.mapped("lang"))), 2)
        self.assertGreater(len(letters.level_id.template_id), 1)
        for letter in letters:
            template = letter.level_id.template_id.with_context(lang=letter.lang)
            # Odoo's rendering, alone: the body compiled for this letter
            alone = template.send_mail_batch(
                letter.ids, email_values={"auto_delete": False}
            )
            self.assertEqual(letter.mail_id.res_id, letter.id)
            for name in COMPARED:
                self.assertEqual(letter.mail_id[name], alone[name], name)
            self.assertIn(letter.line_ids[:1].name, letter.mail_id.body_html)
        self.assertEqual(letters.mapped("last_try"), [days(0)] * 4)
