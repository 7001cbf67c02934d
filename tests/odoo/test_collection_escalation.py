"""Escalation to a law firm or an agency on real Odoo: refused with the list
of what is missing until three written contacts with answers and the
evidence are there; the agreement, legal steps and outcome are recorded."""

import base64

from collection_common import CollectionCommon, days
from odoo.exceptions import AccessError, UserError


class TestEscalation(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.law_firm = cls.env["res.partner"].create(
            {"name": "Fair & Square LLP", "is_company": True}
        )
        cls.agreement = cls.env["ar.collection.agreement"].create(
            {
                "name": "Litigation 2026",
                "partner_id": cls.law_firm.id,
                "kind": "law_firm",
                "company_id": cls.company.id,
                "fee": 500.0,
                "success_share": 12.5,
                "date_start": days(-100),
            }
        )

    def _escalate(self, case, agreement=None, user=None):
        user = user or self.collector
        action = case.with_user(user).action_escalate()
        wizard = (
            self.env["ar.collection.escalate.wizard"]
            .with_user(user)
            .with_context(action["context"])
            .create({"agreement_id": (agreement or self.agreement).id})
        )
        return wizard, wizard.action_confirm

    def _evidence(self, case, kinds):
        for kind in kinds:
            self.env["ar.collection.evidence"].with_user(self.collector).create(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "name": kind,
                    "file": base64.b64encode(kind.encode()),
                    "file_name": f"{kind}.pdf",
                }
            )

    def test_refused_with_what_is_missing_then_allowed(self):
        self._invoice(self.customer, 9000.00, days(-100))
        case = self._case()
        self._log(case, channel="letter")
        self._log(case, channel="email", answered=False, answer="No answer")
        self._log(case, channel="phone")
        self._evidence(case, ["contract"])
        # a correction replaces what it corrects: it adds no written contact
        self._log(case, channel="letter", correction_of_id=case.contact_ids[-1].id)
        wizard, confirm = self._escalate(case)
        self.assertIn("(1 so far)", wizard.missing)
        with self.assertRaises(UserError) as caught:
            confirm()
        message = str(caught.exception)
        for fragment in ("3 written contacts", "Statement of Account", "Contact Log"):
            self.assertIn(fragment, message)
        self.assertNotIn("Contract", message)
        self.assertEqual(case.stage, "escalated")
        self._log(case, channel="lawyer_letter")
        self._log(case, channel="email")
        self._evidence(case, ["invoice", "statement"])
        case.with_user(self.collector).action_attach_contact_log()
        self.assertIn("contact_log", case.evidence_ids.mapped("kind"))
        _wizard, confirm = self._escalate(case)
        confirm()
        self.assertEqual((case.stage, case.agency_id), ("legal", self.law_firm))
        escalation = case.decision_ids.filtered(lambda d: d.kind == "escalation")
        self.assertEqual(escalation.agency_id, self.law_firm)
        self.assertTrue(escalation.entry_hash)

    def test_agreement_out_of_force_is_refused(self):
        self._invoice(self.customer, 9000.00, days(-100))
        case = self._case()
        for channel in ("letter", "email", "lawyer_letter"):
            self._log(case, channel=channel)
        self._evidence(case, ["contract", "invoice", "statement", "contact_log"])
        self.agreement.date_end = days(-1)
        _wizard, confirm = self._escalate(case)
        with self.assertRaises(UserError):
            confirm()

    def test_legal_steps_and_outcome_are_recorded(self):
        self._invoice(self.customer, 9000.00, days(-100))
        case = self._case()
        decisions = self.env["ar.collection.decision"].with_user(self.collector)
        with self.assertRaises(UserError):
            decisions.create(
                {
                    "case_id": case.id,
                    "kind": "legal_step",
                    "legal_step": "suit",
                    "description": "Filed",
                }
            )
        with self.assertRaises(UserError):
            decisions.create(
                {"case_id": case.id, "kind": "escalation", "description": "Forged"}
            )
        for channel in ("letter", "email", "lawyer_letter"):
            self._log(case, channel=channel)
        self._evidence(case, ["contract", "invoice", "statement", "contact_log"])
        self._escalate(case)[1]()
        decisions.create(
            {
                "case_id": case.id,
                "kind": "legal_step",
                "legal_step": "preservation",
                "description": "Bank account frozen",
                "user_id": self.salesperson.id,
                "date": days(-30),
            }
        )
        decisions.create(
            {
                "case_id": case.id,
                "kind": "outcome",
                "outcome": "settled",
                "amount": 7000.0,
                "description": "Settled in court",
            }
        )
        step = case.decision_ids.filtered(lambda d: d.kind == "legal_step")
        # recorded by who did it, on the day
        self.assertEqual((step.user_id, step.date), (self.collector, days(0)))
        self.assertEqual(
            (case.legal_outcome, case.recovered_amount), ("settled", 7000.0)
        )

    def test_salesperson_cannot_escalate_a_case_of_another(self):
        other_rep = self._user("ar_other_rep", "account.group_account_invoice")
        self._invoice(self.customer, 9000.00, days(-100))
        case = self._case()
        with self.assertRaises(AccessError):
            case.with_user(other_rep).action_escalate()
