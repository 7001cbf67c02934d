"""Internal audit by sampling on real Odoo: the draw repeats from its seed,
follows the strata and always takes the written-off cases and the large
hold overrides; each check fails on a case prepared to break it; the
auditor's findings close the sample, which nobody changes afterwards; the
report reads the draw, the checks, the findings and the exception rate."""

import re

from audit_common import AuditCommon, days
from freezegun import freeze_time
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

COLLECTION_MANAGER = "ar_overdue_management.group_ar_collection_manager"


class TestAuditSample(AuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._user("ar_audit_mgr", COLLECTION_MANAGER)
        # twelve cases in three strata: mild under 10,000, moderate 10,000 to
        # 50,000, severe 50,000 to 200,000
        cls.debtors = cls.env["res.partner"]
        for index, (amount, overdue) in enumerate(
            [(1000.0, 10)] * 6 + [(20000.0, 40)] * 3 + [(60000.0, 90)] * 3
        ):
            debtor = cls._customer(f"Debtor {index:02d}")
            cls._invoice(debtor, amount, days(-overdue))
            cls.debtors |= debtor
        cls.cases = cls.env["ar.collection.case"].search(
            [("partner_id", "in", cls.debtors.ids)]
        )

    def _cases(self, sample):
        return sample.line_ids.mapped("case_id")

    # ------------------------------------------------------------------
    # The draw
    # ------------------------------------------------------------------
    def test_draw_repeats_from_its_seed(self):
        first = self._sample(size=6, seed=1234)
        again = self._sample(size=6, seed=1234)
        self.assertEqual(len(first.line_ids), 6)
        self.assertEqual(self._cases(first), self._cases(again))
        self.assertEqual(
            [(s.tier_id, s.band, s.population, s.allocated) for s in first.stratum_ids],
            [(s.tier_id, s.band, s.population, s.allocated) for s in again.stratum_ids],
        )
        # a seed left empty is chosen and recorded, and repeats the draw
        chosen = self._sample(size=6)
        self.assertTrue(chosen.seed)
        self.assertEqual(
            self._cases(self._sample(size=6, seed=chosen.seed)), self._cases(chosen)
        )
        others = {
            tuple(self._cases(self._sample(size=6, seed=seed)).ids)
            for seed in (1, 2, 3, 4)
        }
        self.assertGreater(len(others), 1)

    def test_draw_is_stratified_by_tier_and_amount_band(self):
        sample = self._sample(size=6, seed=99)
        self.assertEqual(sample.population_count, 12)
        strata = {
            (s.tier_id, s.band): (s.population, s.allocated, s.drawn_count)
            for s in sample.stratum_ids
        }
        self.assertEqual(
            {key: pop for key, (pop, _a, _d) in strata.items()},
            {
                (self.mild, "small"): 6,
                (self.moderate, "medium"): 3,
                (self.severe, "large"): 3,
            },
        )
        # quotas 3, 1.5 and 1.5: the draw left goes to one of the halves
        self.assertEqual(strata[(self.mild, "small")][1:], (3, 3))
        self.assertEqual(
            sorted(a for key, (_p, a, _d) in strata.items() if key[1] != "small"),
            [1, 2],
        )
        for line in sample.line_ids:
            self.assertEqual(line.inclusion, "drawn")
            self.assertEqual(line.case_id.tier_id, line.stratum_id.tier_id)
        self.assertEqual(
            sum(sample.stratum_ids.mapped("drawn_count")), len(sample.line_ids)
        )

    def test_written_off_case_is_always_checked(self):
        request = self._request(700.00)
        request.with_user(self.collector).action_submit()
        self._decide(request, self.team_lead)
        request.with_user(self.finance).action_post()
        sample = self._sample(size=1, seed=5)
        self.assertEqual(sample.forced_count, 1)
        self.assertEqual(len(sample.line_ids), 1)
        self.assertEqual(sample.line_ids.case_id, request.case_id)
        self.assertEqual(sample.line_ids.inclusion, "written_off")
        check = self._check(sample, request.case_id, "writeoff")
        self.assertEqual(check.result, "pass")
        self.assertIn(request.name, check.evidence_text)

    def test_hold_override_above_the_threshold_is_always_checked(self):
        self.company.ar_credit_hold_enforced = True
        debtor = self.debtors[0]
        self._put_on_hold(debtor, "Payment terms broken")
        self._override_hold(self._draft_invoice(debtor, 15000.0), "Urgent order")
        case = self.cases.filtered(lambda c: c.partner_id == debtor)
        sample = self._sample(size=1, seed=5)
        self.assertEqual(sample.line_ids.case_id, case)
        self.assertEqual(sample.line_ids.inclusion, "override")
        holds = self._check(sample, case, "holds")
        self.assertEqual(holds.result, "pass")
        self.assertIn("Urgent order", holds.evidence_text)
        # above the company's threshold only: raised in the settings
        settings = self.env["res.config.settings"].create({})
        settings.ar_audit_override_threshold = 20000.0
        settings.execute()
        self.assertEqual(self._sample(size=1, seed=5).forced_count, 0)

    # ------------------------------------------------------------------
    # The checks, each on a case prepared to break it
    # ------------------------------------------------------------------
    def test_late_first_action_fails_its_check(self):
        late_debtor, quick_debtor = (self._customer(n) for n in ("Slow", "Quick"))
        with freeze_time(days(-30)):
            self._invoice(late_debtor, 500.0, days(-40))
            self._invoice(quick_debtor, 500.0, days(-40))
            quick = self._case(quick_debtor)
            self._log(quick)
        late = self._case(late_debtor)
        with freeze_time(days(-20)):
            self._log(late)
        sample = self._sample(size=20, seed=3)
        check = self._check(sample, late, "first_action")
        self.assertEqual(check.result, "fail")
        self.assertIn("Late", check.evidence_text)
        self.assertEqual(self._check(sample, quick, "first_action").result, "pass")
        # the stage is late too, with no reason recorded
        self.assertEqual(self._check(sample, late, "stage_deadlines").result, "fail")
        self.assertEqual(self._check(sample, quick, "stage_deadlines").result, "pass")

    def test_late_stage_with_a_recorded_reason_passes(self):
        debtor = self._customer("Explained")
        with freeze_time(days(-30)):
            self._invoice(debtor, 500.0, days(-40))
        case = self._case(debtor)
        with freeze_time(days(-29)):
            self.env["ar.collection.decision"].with_user(self.collector).create(
                {"case_id": case.id, "kind": "note", "description": "Customer away"}
            )
        with freeze_time(days(-20)):
            self._log(case)
        sample = self._sample(size=20, seed=3)
        self.assertEqual(self._check(sample, case, "first_action").result, "fail")
        stages = self._check(sample, case, "stage_deadlines")
        self.assertEqual(stages.result, "pass")
        self.assertIn("decision was recorded", stages.evidence_text)

    def test_missing_write_off_level_fails_its_check(self):
        # the matrix edited before submission: no division head any more
        self.env.ref(
            "ar_overdue_management.tier_definition_writeoff_division_head"
        ).active = False
        request = self._request(20000.00)
        request.with_user(self.collector).action_submit()
        self._decide(request, self.team_lead)
        self.assertEqual(request.state, "approved")
        request.with_user(self.finance).action_post()
        sample = self._sample(size=1, seed=8)
        check = self._check(sample, request.case_id, "writeoff")
        self.assertEqual(check.result, "fail")
        self.assertIn("1 of 2 levels approved", check.evidence_text)

    def test_altered_record_fails_its_check(self):
        case = self.cases[0]
        contact = self._log(case, answer="Will pay on Friday")
        self._log(self.cases[1])
        contact.flush_recordset()
        self.env.cr.execute(
            "UPDATE ar_collection_contact SET answer = 'Paid in full' WHERE id = %s",
            [contact.id],
        )
        sample = self._sample(size=12, seed=3)
        check = self._check(sample, case, "record")
        self.assertEqual(check.result, "fail")
        self.assertIn("altered", check.evidence_text)
        self.assertEqual(self._check(sample, self.cases[1], "record").result, "pass")

    def test_every_case_gets_every_check_with_its_evidence(self):
        sample = self._sample(size=4, seed=11)
        checks = sample.check_ids
        self.assertEqual(len(checks), 4 * 8)
        self.assertTrue(all(check.evidence_text for check in checks))
        self.assertEqual(sample.chain_length, len(sample.stratum_ids) + 4 + 32)

    # ------------------------------------------------------------------
    # Findings, closing, and nothing changes after
    # ------------------------------------------------------------------
    def _closed(self):
        sample = self._sample(size=3, seed=21)
        cases = self._cases(sample)
        self._find(sample, cases[0], "exception", "Letter never sent")
        self._find(sample, cases[1], "observation", "Late note")
        self._find(sample, cases[2], "ok")
        sample.with_user(self.auditor).action_close()
        return sample

    def test_findings_then_sign_off(self):
        sample = self._sample(size=3, seed=21)
        cases = self._cases(sample)
        self._find(sample, cases[0], "ok")
        with self.assertRaises(UserError):
            sample.with_user(self.auditor).action_close()
        with self.assertRaises(UserError):
            self._find(sample, cases[1], "exception")  # no text
        self._find(sample, cases[1], "exception", "No follow-up")
        self._find(sample, cases[2], "observation", "Thin file")
        # a new finding replaces the last as the case's finding; both stay
        self._find(sample, cases[0], "observation", "On second look")
        line = sample.line_ids.filtered(lambda row: row.case_id == cases[0])
        self.assertEqual((line.verdict, len(line.finding_ids)), ("observation", 2))
        sample.with_user(self.auditor).action_close()
        self.assertEqual(sample.state, "closed")
        self.assertEqual(
            (sample.closed_by_id, sample.closed_date), (self.auditor, days(0))
        )
        self.assertEqual((sample.exception_count, sample.observation_count), (1, 2))
        self.assertAlmostEqual(sample.exception_rate, 33.3)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_closed_sample_cannot_be_changed_by_anyone(self):
        sample = self._closed()
        people = {
            "auditor": sample.with_user(self.auditor),
            "manager": sample.with_user(self.manager),
            "superuser": sample.sudo(),
        }
        entries = [*sample.line_ids, *sample.check_ids, *sample.finding_ids]
        for who, record in people.items():
            with self.subTest(who=who):
                for attempt in (
                    lambda r: r.write({"note": "Rewritten"}),
                    lambda r: r.write({"state": "open"}),
                    lambda r: r.unlink(),
                    lambda r: r.action_draw(),
                    lambda r: r.action_close(),
                ):
                    with self.assertRaises(UserError), self.env.cr.savepoint():
                        attempt(record)
                for entry in entries:
                    mine = entry.with_env(record.env)
                    with self.assertRaises(UserError), self.env.cr.savepoint():
                        mine.write({"create_date": entry.create_date})
                    with self.assertRaises(UserError), self.env.cr.savepoint():
                        mine.unlink()
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    record.env["ar.audit.finding"].create(
                        {"line_id": sample.line_ids[0].id, "verdict": "ok"}
                    )
        sample.invalidate_recordset()
        self.assertEqual(sample.state, "closed")
        self.assertEqual(len(sample.finding_ids), 3)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_only_the_auditor_draws_and_finds(self):
        sample = self._sample(size=2, seed=4)
        # the collections manager reads the audit and acts on nothing of it
        self.assertEqual(
            sample.with_user(self.manager).read(["exception_count"])[0]["id"],
            sample.id,
        )
        for attempt in (
            lambda: (
                self.env["ar.audit.sample"]
                .with_user(self.manager)
                .create({"date_from": days(-30), "date_to": days(0)})
            ),
            lambda: sample.with_user(self.manager).action_close(),
            lambda: sample.line_ids[0].with_user(self.manager).action_add_finding(),
            lambda: (
                self.env["ar.audit.finding"]
                .with_user(self.manager)
                .create({"line_id": sample.line_ids[0].id, "verdict": "ok"})
            ),
            lambda: (
                sample.check_ids[0].with_user(self.auditor).write({"result": "pass"})
            ),
        ):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                attempt()
        # collectors do not read audits, nor do auditors of other companies
        with self.assertRaises(AccessError):
            sample.with_user(self.collector).read(["name"])
        other = self.setup_other_company(name="Far Harbour")["company"]
        stranger = self._user(
            "ar_far_auditor", "ar_overdue_management.group_ar_auditor", company=other
        )
        with self.assertRaises(AccessError):
            sample.with_user(stranger).read(["name"])
        # a drawn sample is kept: closed with findings, never deleted
        with self.assertRaises(UserError):
            sample.with_user(self.auditor).unlink()

    # ------------------------------------------------------------------
    # The report
    # ------------------------------------------------------------------
    def test_report_reads_the_draw_checks_findings_and_rate(self):
        sample = self._closed()
        report = self.env.ref("ar_overdue_management.action_report_ar_audit_sample")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.auditor)
            ._render_qweb_html(report.report_name, sample.ids)[0]
            .decode()
        )
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.auditor)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, sample.ids)
        )
        text = self._pdf_text(pdf)
        for shown in (html, text):
            self.assertIn(sample.name, shown)
            self.assertIn(str(sample.seed), shown)
            self.assertIn("Letter never sent", shown)
            self.assertIn("33.3 %", shown)
            self.assertIn("Signed off by", shown)
            self.assertIn(self.auditor.login, shown)
        self.assertRegex(text, r"Cases in the period \(population\)\s+12")
        self.assertRegex(text, r"Exceptions\s+1")
        self.assertIn("Record verifies", text)

    def _report_in(self, sample, lang):
        """The audit report as the auditor prints it in ``lang``: its HTML
        and the text of its PDF."""
        report = self.env.ref("ar_overdue_management.action_report_ar_audit_sample")
        reports = (
            self.env["ir.actions.report"]
            .with_user(self.auditor)
            .with_context(lang=lang, force_report_rendering=True)
        )
        html = reports._render_qweb_html(report.report_name, sample.ids)[0].decode()
        pdf, _kind = reports._render_qweb_pdf(report.report_name, sample.ids)
        words = re.sub(r"<[^>]+>", "", html).replace("\xa0", " ")
        return words, self._pdf_text(pdf)

    def test_report_reads_in_the_auditors_chinese(self):
        for lang in ("zh_CN", "zh_TW"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["ar_overdue_management"], ["zh_CN", "zh_TW"], overwrite=True
        )
        # drawn by an auditor reading English: its evidence follows the reader
        sample = self._closed()
        first = sample.line_ids.sorted("id")[0]
        expected = {
            "zh_CN": (
                "内部审计",
                "催收案件存续期间起",
                "首次行动在期限内完成",
                "尚无行动；须于 2026年06月18日 前完成。",
                "签核人",
            ),
            "zh_TW": (
                "內部稽核",
                "催收案件存續期間起",
                "首次行動於期限內完成",
                "尚無行動；期限為 2026年06月18日。",
                "簽核人",
            ),
        }
        self.assertEqual(first.amount, 1000.0)
        for lang, words in expected.items():
            html, text = self._report_in(sample, lang)
            for shown in (html, text):
                for word in words:
                    self.assertIn(word, shown)
                self.assertIn("2026年06月15日", shown)  # signed off on
                self.assertIn("$ 1,000.00", shown)
                self.assertIn("33.3 %", shown)
                for english in ("Record verified", "due by", "Signed off", "Company"):
                    self.assertNotIn(english, shown)
        # the checklist of the form reads in the user's language too
        check = self._check(sample, first.case_id, "first_action")
        self.assertEqual(
            check.with_context(lang="zh_TW").evidence_text,
            "尚無行動；期限為 2026年06月18日。",
        )
        self.assertEqual(check.evidence_text, "No action yet; due by 06/18/2026.")
