"""Every choice of the addon's selection fields has its label on screen and
in the translations: a value list given as a tuple would reach the screen
without its labels."""

from odoo.tests import TransactionCase


class TestLabels(TransactionCase):
    def test_every_selection_of_the_addon_has_its_labels(self):
        fields = (
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "ar_overdue_management"),
                    ("model", "=", "ir.model.fields"),
                ]
            )
            .mapped(lambda data: self.env["ir.model.fields"].browse(data.res_id))
            .filtered(lambda field: field.ttype == "selection")
        )
        self.assertGreater(len(fields), 10)
        missing = []
        for field in fields:
            model = self.env[field.model]
            definition = model._fields[field.name]
            if (
                definition.related
                or callable(definition.selection)
                or isinstance(definition.selection, str)
            ):
                continue
            labels = dict(model.fields_get([field.name])[field.name]["selection"])
            stored = set(field.selection_ids.mapped("value"))
            for value, label in labels.items():
                if not label or value not in stored:
                    missing.append(f"{field.model}.{field.name}: {value}")
        self.assertFalse(missing)

    def test_case_stages_read_in_words(self):
        labels = dict(
            self.env["ar.collection.case"].fields_get(["stage"])["stage"]["selection"]
        )
        self.assertEqual(labels["reminder"], "Reminder")
