"""Every state of the addon's documents, and every link to an attachment, a
review, an invoice or a customer, tried by every group over RPC: a state
changes only through the document's own actions, and no document takes a
record of another company or one its user cannot read.  A model that gains
a state or a link meets these tests without a line more."""

from audit_common import AUDITOR, AuditCommon, days
from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import mute_logger

REFUSED = (AccessError, MissingError, UserError, ValidationError)
ADDONS = ("ar_overdue_management", "ar_overdue_management_sale")
#: state fields a person moves by hand within limits: only these values are
#: refused to everyone (the case's stage follows the debt; legal action,
#: an agreed plan and closing are decisions with checks of their own)
PERSON_MOVES = {("ar.collection.case", "stage"): ("legal", "plan", "closed")}
STATE_FIELDS = ("state", "stage", "answer")
LINKED = ("ir.attachment", "tier.review", "account.move", "res.partner")
#: the models whose document under test is the company's latest
STATEFUL_MODELS = (
    "ar.collection.case",
    "ar.collection.promise",
    "ar.collection.plan",
    "ar.collection.plan.line",
    "ar.dunning.letter",
    "ar.statement",
    "ar.statement.line",
    "ar.overdue.confirmation",
    "ar.provision.run",
    "ar.writeoff.request",
    "ar.collection.decision",
    "ar.audit.sample",
    "ar.forecast.run",
    "ar.forecast.accuracy",
)


class TestGuardedStates(AuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "billing": cls._user("ar_g_billing", "account.group_account_invoice"),
            "readonly": cls._user("ar_g_readonly", "account.group_account_readonly"),
            "collector": cls.collector,
            "manager": cls.team_lead,
            "credit manager": cls.credit_manager,
            "accounting admin": cls.finance,
            "division head": cls.division,
            "auditor": cls._user("ar_g_auditor", AUDITOR),
        }
        cls.other = cls.setup_other_company(name="Far Harbour")["company"]
        cls.records = cls._build_records()

    @classmethod
    def _build_records(cls):
        """One document of each model of the addon that has a state: the
        documents the audit's tests build (every model, by the actions that
        make them), and a sample the auditor draws."""
        cls.invoice, _case = cls._build_documents()
        sample = (
            cls.env["ar.audit.sample"]
            .with_user(cls.users["auditor"])
            .create({"date_from": days(-90), "date_to": days(0), "size": 3})
        )
        sample.action_draw()
        records = {
            model: cls.env[model].search(
                [("company_id", "=", cls.company.id)], order="id desc", limit=1
            )
            for model in STATEFUL_MODELS
        }
        return {model: record for model, record in records.items() if record}

    def _addon_models(self):
        """The addon's own stored models (not abstract, not wizards)."""
        names = set()
        for module in ADDONS:
            for data in self.env["ir.model.data"].search(
                [("module", "=", module), ("model", "=", "ir.model")]
            ):
                model = self.env["ir.model"].browse(data.res_id).model
                if model not in self.env:
                    continue
                records = self.env[model]
                if records._original_module in ADDONS and not (
                    records._abstract or records._transient
                ):
                    names.add(model)
        return names

    def _state_fields(self):
        """``[(model, field)]`` of every selection that holds a state."""
        return sorted(
            (model, name)
            for model in self._addon_models()
            for name, field in self.env[model]._fields.items()
            if name in STATE_FIELDS and field.type == "selection" and field.store
        )

    def test_every_state_field_has_a_document_under_test(self):
        missing = [m for m, _f in self._state_fields() if m not in self.records]
        self.assertFalse(missing, f"no document built for {missing}")

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_no_group_writes_a_state(self):
        tried = 0
        for model, name in self._state_fields():
            record = self.records[model]
            field = self.env[model]._fields[name]
            values = [v for v, _l in field._description_selection(self.env)]
            values = PERSON_MOVES.get((model, name), values)
            for label, user in self.users.items():
                for value in values:
                    before = record.sudo()[name]
                    if value == before:
                        continue
                    tried += 1
                    with (
                        self.subTest(model=model, field=name, value=value, user=label),
                        self.assertRaises(UserError),  # and its subclasses
                        self.env.cr.savepoint(),
                    ):
                        record.with_user(user).write({name: value})
                    record.invalidate_recordset()
                    self.assertEqual(record.sudo()[name], before)
        self.assertGreater(tried, 100)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_no_group_creates_a_document_in_a_later_state(self):
        case = self.records["ar.collection.case"]
        attempts = {
            "ar.collection.promise": (
                {"case_id": case.id, "amount": 50.0, "date": days(3)},
                "state",
                "kept",
            ),
            "ar.writeoff.request": (
                {
                    "move_id": self.invoice.id,
                    "amount": 10.0,
                    "reason": "x",
                },
                "state",
                "approved",
            ),
            "ar.collection.case": (
                {"partner_id": self._customer("New Debtor").id},
                "stage",
                "closed",
            ),
            "ar.dunning.letter": (
                {"case_id": case.id, "name": "X", "date": days(0)},
                "state",
                "sent",
            ),
        }
        for label, user in self.users.items():
            for model, (vals, name, value) in attempts.items():
                with self.subTest(model=model, user=label), self.env.cr.savepoint():
                    try:
                        record = (
                            self.env[model]
                            .with_user(user)
                            .create({**vals, name: value})
                        )
                    except REFUSED:
                        continue
                    self.assertNotEqual(record.sudo()[name], value)

    def _foreign(self):
        """Records of another company, or that a collector cannot read."""
        partner = self.env["res.partner"].create(
            {"name": "Far Debtor", "company_id": self.other.id}
        )
        invoice = (
            self.env["account.move"]
            .with_company(self.other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_line_ids": [
                        Command.create({"name": "x", "quantity": 1, "price_unit": 5})
                    ],
                }
            )
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "secret.txt",
                "raw": b"secret",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        definition = self.env["tier.definition"].create(
            {
                "name": "Other",
                "model_id": self.env.ref("base.model_res_partner").id,
                "review_type": "individual",
                "reviewer_id": self.finance.id,
            }
        )
        review = self.env["tier.review"].create(
            {
                "model": "res.partner",
                "res_id": partner.id,
                "definition_id": definition.id,
            }
        )
        return {
            "res.partner": partner,
            "account.move": invoice,
            "ir.attachment": attachment,
            "tier.review": review,
        }

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_no_group_links_a_foreign_record(self):
        foreign = self._foreign()
        tried = 0
        for model, record in self.records.items():
            for name, field in self.env[model]._fields.items():
                if (
                    field.type not in ("many2one", "many2many")
                    or field.comodel_name not in LINKED
                    or not field.store
                    or field.compute
                    or field.related
                ):
                    continue
                target = foreign[field.comodel_name]
                value = (
                    target.id if field.type == "many2one" else [Command.link(target.id)]
                )
                for label, user in self.users.items():
                    tried += 1
                    before = record.sudo()[name]
                    with (
                        self.subTest(model=model, field=name, user=label),
                        self.env.cr.savepoint(),
                    ):
                        try:
                            record.with_user(user).write({name: value})
                        except REFUSED:
                            continue
                        self.fail(f"{label} linked {target} to {model}.{name}")
                    record.invalidate_recordset()
                    self.assertEqual(record.sudo()[name], before)
        self.assertGreater(tried, 20)
