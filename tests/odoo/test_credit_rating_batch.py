"""The monthly rating of many customers at once: each customer gets the
score, grade, history row and chatter note it would get alone, the notes
are the ones Odoo's ``_message_log_batch`` writes, and the queries of a
batch do not grow with its number of customers.

Scores of the batch below (the reference history and its sub-scores are
those of ``test_credit_rating``):

==========  ===========================================  ======  =====
customer    history                                      score   grade
==========  ===========================================  ======  =====
harbour     reference history                            74.75   B
builder     reference history, industry risk 40 %        64.65   C
prompt      1,000.00 due 20 days ago, paid that day      100.00  A
fresh       700.00 not due yet: no payment history       100.00  A
guarded     as prompt, grade overridden to C (30 days)   100.00  C
==========  ===========================================  ======  =====
"""

from credit_common import TODAY, CreditCommon, days
from odoo.addons.ar_overdue_management.models.core.bulk_rows import insert_notes

#: columns that differ between two notes of the same text by nature
VARYING = {"id", "res_id", "message_id", "date", "create_date", "write_date"}


class TestCreditRatingBatch(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Credit = cls.env["ar.partner.credit"]

    def _history(self, customer):
        """The reference history of ``test_credit_rating``."""
        on_time = self._invoice(customer, 1500.00, days(-100))
        self._pay(on_time, payment_date=days(-100))
        late = self._invoice(customer, 500.00, days(-80))
        self._pay(late, payment_date=days(-62))
        self._invoice(customer, 300.00, days(-36))
        disputed = self._invoice(customer, 200.00, days(-10))
        disputed._overdue_set_dispute("Two pallets damaged")
        self._invoice(customer, 700.00, days(10))

    def _prompt(self, customer):
        invoice = self._invoice(customer, 1000.00, days(-20))
        self._pay(invoice, payment_date=days(-20))

    def _pairs(self, partners):
        return {(partner.id, self.company.id) for partner in partners}

    def test_each_customer_of_a_batch_gets_its_own_score(self):
        harbour = self._customer("Harbour Foods")
        builder = self._customer(
            "Stone Builders",
            industry_id=self.env["res.partner.industry"]
            .create({"name": "Construction", "ar_credit_risk": 40.0})
            .id,
        )
        prompt, fresh, guarded = (
            self._customer(name) for name in ("Prompt Ltd", "Fresh Ltd", "Guarded Ltd")
        )
        self._history(harbour)
        self._history(builder)
        self._prompt(prompt)
        self._prompt(guarded)
        self._invoice(fresh, 700.00, days(10))
        self._override_grade(guarded, "C", "Unaudited accounts", days(30))
        customers = harbour | builder | prompt | fresh | guarded
        self.Credit._credit_rate(self._pairs(customers), as_of=TODAY, trigger="cron")
        expected = {
            harbour: (74.75, "B", "B"),
            builder: (64.65, "C", "C"),
            prompt: (100.0, "A", "A"),
            fresh: (100.0, "A", "A"),
            guarded: (100.0, "A", "C"),
        }
        for customer, (score, computed, grade) in expected.items():
            credit = self._credit(customer)
            self.assertEqual(
                (credit.score, credit.computed_grade, credit.grade),
                (score, computed, grade),
                customer.name,
            )
            row = credit.rating_ids.sorted()[0]
            self.assertEqual(
                (row.trigger, row.date, row.score, row.computed_grade, row.grade),
                ("cron", TODAY, score, computed, grade),
                customer.name,
            )
            self.assertEqual((row.partner_id, row.company_id), (customer, self.company))
        self.assertRecordValues(
            self._credit(harbour).rating_ids,
            [
                {
                    "on_time_share": 60.00,
                    "avg_days_late": 18.00,
                    "overdue_ratio": 25.00,
                    "max_days_overdue": 36,
                    "disputed_count": 1,
                    "score_days_late": 80.00,
                    "score_max_days": 80.00,
                    "user_id": self.env.user.id,
                    "reason": False,
                }
            ],
        )
        self.assertEqual(self._credit(builder).rating_ids.industry_risk, 40.0)
        self.assertIn(
            "kept by override", self._credit(guarded).rating_ids.sorted()[0].reason
        )
        # one note per customer whose grade changed, read at once on its form
        company = self.company.name
        self.assertEqual(
            len(self._logged(harbour, f"Credit grade set to B ({company}).")), 1
        )
        self.assertEqual(
            len(self._logged(builder, f"Credit grade set to C ({company}).")), 1
        )
        self.assertEqual(
            len(self._logged(fresh, f"Credit grade set to A ({company}).")), 1
        )
        self.assertFalse(self._logged(guarded, "Credit grade set to"))
        # the grade policy of B: two months of sales (3,200 / 12 x 2)
        self.assertEqual(harbour.with_company(self.company).credit_limit, 533.33)

    def test_notes_are_those_odoo_logs(self):
        logged, written = self._customer("Logged Ltd"), self._customer("Written Ltd")
        text = "Credit grade: B → C (Acme & <Sons>)."
        logged._message_log_batch(bodies={logged.id: text})
        self.assertEqual(len(written.message_ids), 0)  # read before, then cached
        insert_notes(self.env["res.partner"], [(written.id, text), (written.id, "2")])
        self.env.flush_all()

        def rows(partner):
            self.env.cr.execute(
                "SELECT * FROM mail_message WHERE model = 'res.partner' AND res_id = %s"
                " ORDER BY id",
                [partner.id],
            )
            names = [column[0] for column in self.env.cr.description]
            return [
                {n: v for n, v in zip(names, row, strict=True) if n not in VARYING}
                for row in self.env.cr.fetchall()
            ]

        self.assertEqual(rows(written)[0], rows(logged)[0])
        self.assertEqual(
            written.message_ids.mapped("body"),
            ["<p>2</p>", "<p>Credit grade: B → C (Acme &amp; &lt;Sons&gt;).</p>"],
        )

    def test_queries_do_not_grow_with_the_customers_rated(self):
        def customers(count, name):
            partners = self.env["res.partner"]
            for n in range(count):
                partners |= self._customer(f"{name} {n}")
                self._invoice(partners[-1], 100.00 + n, days(10))
            return partners

        warm, three, twelve = (
            customers(1, "Warm"),
            customers(3, "Few"),
            customers(12, "Many"),
        )

        def queries(partners):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Credit._credit_rate(self._pairs(partners), as_of=TODAY, trigger="cron")
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        queries(warm)  # the caches that do not depend on the customers
        self.assertEqual(queries(three), queries(twelve))
        for partner in three | twelve:
            self.assertEqual(self._credit(partner).grade, "A", partner.name)
            self.assertEqual(len(self._logged(partner, "Credit grade set to A")), 1)

    def test_queries_of_a_month_do_not_grow_past_odoo_batches(self):
        # Odoo's create writes 100 rows a statement: 120 customers whose
        # grade changes cost what 3 do
        few = self.env["res.partner"].concat(
            *(self._customer(f"Few {n}") for n in range(3))
        )
        many = self.env["res.partner"].concat(
            *(self._customer(f"Many {n}") for n in range(120))
        )
        warm = self._customer("Warm")
        everyone = few | many | warm
        self.Credit._credit_rate(self._pairs(everyone), as_of=days(-30))
        self.Credit.search([("partner_id", "in", everyone.ids)]).sudo().write(
            {"adjustment": -20.0}
        )

        def queries(partners):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Credit._credit_rate(self._pairs(partners), as_of=TODAY, trigger="cron")
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        queries(warm)
        self.assertEqual(queries(few), queries(many))
        for partner in few | many:
            self.assertEqual(self._credit(partner).grade, "B", partner.name)
            self.assertEqual(len(self._logged(partner, "Credit grade: A → B")), 1)
