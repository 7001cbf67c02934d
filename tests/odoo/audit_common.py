"""Set-up of the internal audit tests: an auditor with that group only,
a draw of a sample as the auditor makes it, and a document of every model
of the addon built through the actions that make them."""

import base64
from datetime import date

from collection_common import CollectionCommon
from odoo import Command
from odoo.addons.ar_overdue_management.policy import dunning as dunning_policy
from writeoff_common import WriteoffCommon, days

__all__ = ["AUDITOR", "AuditCommon", "days"]

AUDITOR = "ar_overdue_management.group_ar_auditor"
ADDON = "ar_overdue_management"


class AuditCommon(WriteoffCommon, CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = cls._user("ar_auditor", AUDITOR)

    # ------------------------------------------------------------------
    # The auditor's work
    # ------------------------------------------------------------------
    def _sample(self, size=10, seed=None, date_from=None, date_to=None, user=None):
        """A sample of the period (default the last 90 days) drawn and
        checked by the auditor."""
        sample = (
            self.env["ar.audit.sample"]
            .with_user(user or self.auditor)
            .create(
                {
                    "date_from": date_from or days(-90),
                    "date_to": date_to or days(0),
                    "size": size,
                    "seed": seed or False,
                }
            )
        )
        sample.action_draw()
        return sample

    def _check(self, sample, case, check):
        """The check ``check`` of ``case`` in ``sample``."""
        return sample.check_ids.filtered(
            lambda c: c.line_id.case_id == case and c.check == check
        )

    def _find(self, sample, case, verdict, note=""):
        """The auditor's finding on ``case``, through the row's button."""
        line = sample.line_ids.filtered(lambda row: row.case_id == case)
        action = line.with_user(self.auditor).action_add_finding()
        return (
            self.env["ar.audit.finding"]
            .with_user(self.auditor)
            .with_context(action["context"])
            .create({"verdict": verdict, "note": note})
        )

    # ------------------------------------------------------------------
    # A document of every model
    # ------------------------------------------------------------------
    @classmethod
    def _build_documents(cls):
        """One document (at least) of every stored model of the addon, made
        by the actions and runs that make them."""
        env = cls.env
        customer = cls.customer
        customer.email = "accounts@harbour.example"
        invoice = cls._invoice(customer, 1200.00, days(-40))
        env["account.move"]._cron_overdue_refresh(as_of=days(0))
        case = env["ar.collection.case"].search([("partner_id", "=", customer.id)])
        collector = env["ar.collection.contact"].with_user(cls.collector)
        collector.create({"case_id": case.id, "answer": "Will pay", "channel": "email"})
        env["ar.collection.promise"].with_user(cls.collector).create(
            {"case_id": case.id, "amount": 100.0, "date": days(5)}
        )
        env["ar.collection.plan"].with_user(cls.collector).create(
            {
                "case_id": case.id,
                "kind": "cash",
                "amount": 600.0,
                "line_ids": [Command.create({"date": days(20), "amount": 600.0})],
            }
        )
        env["ar.collection.decision"].with_user(cls.collector).create(
            {"case_id": case.id, "kind": "note", "description": "Visit planned"}
        )
        env["ar.collection.evidence"].with_user(cls.collector).create(
            {
                "case_id": case.id,
                "kind": "contract",
                "name": "Supply contract",
                "file": base64.b64encode(b"%PDF-1.4 contract"),
                "file_name": "contract.pdf",
            }
        )
        env["ar.collection.agreement"].sudo().create(
            {
                "name": "Litigation 2026",
                "partner_id": cls._customer("Law Firm").id,
                "kind": "law_firm",
                "company_id": cls.company.id,
                "date_start": days(-100),
            }
        )
        level = env["ar.dunning.level"].search(
            [("tier_id", "=", case.tier_id.id)], limit=1
        )
        env["ar.dunning.letter"].sudo()._dunning_create(
            [(case, level, dunning_policy.letter_figures(1200.0, 0.0, 0.0))], days(0)
        )
        wizard = (
            env["ar.statement.wizard"]
            .with_user(cls.collector)
            .with_context(active_model="res.partner", active_ids=customer.ids)
            .create({"date_from": days(-60), "date_to": days(0)})
        )
        wizard.action_make()
        env["ar.collection.case"]._case_daily(days(0))
        env["ar.overdue.confirmation"].sudo().create(
            {
                "user_id": cls.salesperson.id,
                "company_id": cls.company.id,
                "period": days(0).replace(day=1),
                "deadline": days(5),
            }
        )
        env["ar.provision.wizard"].with_user(cls.finance).create(
            {"date": days(0), "rate_source": "fixed"}
        ).action_compute()
        cls._build_writeoff()
        env["ar.partner.credit"]._cron_credit_rate(as_of=days(0))
        env["ar.collection.target"].with_user(cls.team_lead).create(
            {
                "company_id": cls.company.id,
                "month": date(2026, 5, 1),
                "scope": "collector",
                "user_id": cls.collector.id,
                "measure": "amount",
                "base_target": 1000.0,
            }
        )
        env["ar.collection.scorecard"]._scorecard_make(cls.company, date(2026, 5, 1))
        cls.company._ar_history_backfill(months=1, as_of=days(0))
        env["ar.forecast.run"].with_user(cls.collector).action_forecast_now()
        cls._put_on_hold_as_class(customer)
        return invoice, case

    @classmethod
    def _build_writeoff(cls):
        """A write-off approved, booked, and partly recovered."""
        env = cls.env
        move = cls._invoice(cls.customer, 700.00, days(-200))
        attachment = (
            env["ir.attachment"]
            .with_user(cls.collector)
            .create({"name": "ruling.txt", "raw": b"ruling"})
        )
        request = (
            env["ar.writeoff.request"]
            .with_user(cls.collector)
            .create(
                {
                    "move_id": move.id,
                    "amount": 700.0,
                    "reason": "Bankrupt",
                    "attachment_ids": [Command.set(attachment.ids)],
                }
            )
        )
        request.with_user(cls.collector).action_submit()
        action = request.with_user(cls.team_lead).validate_tier()
        env["comment.wizard"].with_user(cls.team_lead).with_context(
            action["context"]
        ).create({"comment": "OK"}).add_comment()
        request.with_user(cls.finance).action_post()
        income = env["account.account"].create(
            {"name": "Recovered", "code": "758100", "account_type": "income_other"}
        )
        cls.company.ar_writeoff_recovery_account_id = income
        payment = env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.customer.id,
                "amount": 100.00,
                "journal_id": cls.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        action = payment.with_user(cls.finance).action_ar_book_recovery()
        env["ar.writeoff.recovery.wizard"].with_user(cls.finance).with_context(
            action["context"]
        ).create({}).action_record()
        return request

    @classmethod
    def _put_on_hold_as_class(cls, partners):
        """The "Put on hold" button and its wizard, by the credit manager."""
        action = partners.with_user(cls.credit_manager).action_credit_open_hold_wizard()
        cls.env["ar.credit.hold.wizard"].with_user(cls.credit_manager).with_context(
            action["context"]
        ).create({"reason": "Audit of the books"}).action_confirm()
