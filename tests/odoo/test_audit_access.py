"""The auditor reads every record of the addon in his companies and changes
none: every stored model of the addon (found in the registry) is read,
written, created and deleted as a user with only the Auditor group, every
public ``action_*`` method the addon defines is called on a record of its
model, and the auditor's menus open only lists and forms.  A model or an
action added later meets these tests without a line more."""

from audit_common import ADDON, AuditCommon, days
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

#: actions that only open a list, a form or a report of records the auditor
#: reads, or show a result: they stay his, and must change nothing (checked)
READ_ONLY_ACTIONS = {
    ("ar.collection.case", "action_open_invoices"),
    ("ar.collection.case", "action_verify_record"),
    ("ar.writeoff.request", "action_open_recovery"),
    ("ar.statement", "action_preview_portal"),
    ("res.partner", "action_ar_cases"),
    ("res.partner", "action_ar_promises"),
    ("res.partner", "action_ar_plans"),
    ("res.partner", "action_ar_letters"),
    ("res.partner", "action_ar_statements"),
    ("res.partner", "action_ar_writeoffs"),
    ("res.partner", "action_overdue_open_invoices"),
    ("res.partner", "action_ar_forecast"),
    ("ar.forecast.run", "action_open_lines"),
}
#: the auditor's own documents: he draws and closes samples (tested apart)
OWN_PREFIX = "ar.audit."
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date"}


class TestAuditorAccess(AuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice, cls.case = cls._build_documents()

    # ------------------------------------------------------------------
    # The registry's view of the addon
    # ------------------------------------------------------------------
    def _registered_models(self):
        """The models the addon defines or extends, as the registry of the
        database has them (the auditor's own left out)."""
        data = self.env["ir.model.data"].search(
            [("module", "=", ADDON), ("model", "=", "ir.model")]
        )
        return {
            model
            for model in self.env["ir.model"]
            .browse(data.mapped("res_id"))
            .mapped("model")
            if model in self.env and not model.startswith(OWN_PREFIX)
        }

    def _addon_models(self, transient=False):
        """The stored models the addon defines (not abstract; wizards only
        when ``transient``)."""
        names = set()
        for model in self._registered_models():
            records = self.env[model]
            if (
                records._original_module == ADDON
                and not records._abstract
                and records._transient == transient
            ):
                names.add(model)
        return sorted(names)

    def _addon_actions(self):
        """``{model: [action method]}`` of the public ``action_*`` methods
        the addon's classes define, on every model they extend."""
        found = {}
        for name in self._registered_models():
            model, cls = self.env[name], self.env.registry[name]
            if model._transient or model._abstract:
                continue
            methods = {
                attr
                for klass in cls.__mro__
                if klass.__module__.startswith(f"odoo.addons.{ADDON}.")
                for attr, value in vars(klass).items()
                if attr.startswith("action_") and callable(value)
            }
            if methods:
                found[name] = sorted(methods)
        return found

    def _record(self, model):
        """One record of ``model`` of the test company."""
        Model = self.env[model].sudo().with_context(active_test=False)
        special = {
            "res.partner": self.customer,
            "account.move": self.invoice,
            "res.company": self.company,
        }
        if model in special:
            return special[model]
        domain = [("company_id", "=", self.company.id)] if "company_id" in Model else []
        return Model.search(domain, limit=1)

    def _snapshot(self, record):
        """What the record holds in the database, and its chatter."""
        record.invalidate_recordset()
        names = [
            n
            for n, f in record._fields.items()
            if f.store and f.type not in ("binary",) and n not in MAGIC
        ]
        values = record.sudo().read(names)[0]
        messages = (
            len(record.sudo().message_ids) if "message_ids" in record._fields else 0
        )
        return values, messages

    def _plain_field(self, record):
        """A stored field of ``record`` a person could type in."""
        for name, field in sorted(record._fields.items()):
            if (
                field.store
                and not field.compute
                and not field.related
                and name not in MAGIC
                and field.type
                in ("char", "text", "integer", "float", "date", "boolean")
            ):
                return name
        return None

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_every_model_has_a_document_under_test(self):
        missing = [m for m in self._addon_models() if not self._record(m)]
        self.assertFalse(missing, f"no document built for {missing}")

    def test_auditor_has_read_only_rights_on_every_model(self):
        """The rights and rules on a document of each model: read, and
        neither write, create nor delete (the monthly lists an account owner
        fills in are writable by their owner only, by rule)."""
        for model in self._addon_models():
            record = self._record(model).with_user(self.auditor)
            with self.subTest(model=model):
                record.check_access("read")
                for operation in ("write", "unlink"):
                    with self.assertRaises(AccessError):
                        record.check_access(operation)
                with self.assertRaises(AccessError):
                    record.browse().check_access("create")

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_auditor_reads_every_model_and_changes_none(self):
        for model in self._addon_models():
            record = self._record(model)
            as_auditor = record.with_user(self.auditor)
            before = self._snapshot(record)
            with self.subTest(model=model):
                readable = list(as_auditor.fields_get(attributes=["type"]))
                self.assertEqual(as_auditor.read(readable)[0]["id"], record.id)
                # refused by the rights (AccessError, a UserError), or first
                # by the model's own rule (a record entry is never changed,
                # a case kept until its retention date, a state...)
                name = self._plain_field(record)
                if name:
                    with self.assertRaises(UserError), self.env.cr.savepoint():
                        as_auditor.write({name: record[name]})
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    self.env[model].with_user(self.auditor).create({})
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    as_auditor.unlink()
                self.assertEqual(self._snapshot(record), before)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_auditor_opens_no_wizard(self):
        wizards = self._addon_models(transient=True)
        self.assertGreater(len(wizards), 5)
        for model in wizards:
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.auditor).check_access("create")

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_every_action_refuses_the_auditor_or_changes_nothing(self):
        tried = 0
        for model, methods in self._addon_actions().items():
            record = self._record(model)
            self.assertTrue(record, f"no {model} to call its actions on")
            for method in methods:
                tried += 1
                before = self._snapshot(record)
                with self.subTest(model=model, method=method):
                    with self.env.cr.savepoint():
                        try:
                            result = getattr(record.with_user(self.auditor), method)()
                        except (AccessError, UserError):
                            result = None
                        else:
                            self.assertIn(
                                (model, method),
                                READ_ONLY_ACTIONS,
                                f"{model}.{method} let the auditor through",
                            )
                        self.assertEqual(self._snapshot(record), before)
                    if result is not None:
                        self.assertIn(
                            result.get("type"),
                            (
                                "ir.actions.act_window",
                                "ir.actions.act_url",
                                "ir.actions.client",
                            ),
                        )
        self.assertGreater(tried, 40)

    def test_auditor_menus_open_lists_and_forms_only(self):
        root = self.env.ref(f"{ADDON}.ar_overdue_collections_menu")
        visible = (
            self.env["ir.ui.menu"]
            .with_user(self.auditor)
            .browse(self.env["ir.ui.menu"].with_user(self.auditor)._visible_menu_ids())
        )
        mine = visible.filtered(lambda m: m.parent_path.startswith(root.parent_path))
        names = set(mine.mapped("name"))
        self.assertIn("Cases", names)
        self.assertIn("Write-Offs", names)
        self.assertIn("Audit Samples", names)
        self.assertIn("Credit Hold History", names)
        for menu in mine.filtered("action"):
            action = menu.action.sudo()
            with self.subTest(menu=menu.complete_name):
                self.assertEqual(action._name, "ir.actions.act_window")
                model = self.env[action.res_model]
                self.assertFalse(model._transient, "a wizard behind a menu")
                model.with_user(self.auditor).check_access("read")

    def test_auditor_reads_only_his_companies(self):
        other = self.setup_other_company(name="Far Harbour")["company"]
        foreign = self._customer("Far Debtor", company_id=other.id)
        self._invoice(foreign, 900.00, days(-40), company=other)
        theirs = self.env["ar.collection.case"].search([("company_id", "=", other.id)])
        self.assertTrue(theirs)
        cases = self.env["ar.collection.case"].with_user(self.auditor)
        self.assertFalse(cases.search([("id", "in", theirs.ids)]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.auditor).read(["name"])
        self.assertIn(self.case, cases.search([]))
