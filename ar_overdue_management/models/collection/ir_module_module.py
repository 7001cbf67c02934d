from odoo import fields, models
from odoo.exceptions import UserError

ADDON = "ar_overdue_management"


class IrModuleModule(models.Model):
    """Uninstalling the addon drops the tables of the collection record,
    where no trigger can keep them: refused while a case is under
    retention."""

    _inherit = "ir.module.module"

    def button_uninstall(self):
        self._ar_check_record_kept()
        return super().button_uninstall()

    def module_uninstall(self):
        self._ar_check_record_kept()
        return super().module_uninstall()

    def _ar_check_record_kept(self):
        if ADDON not in self.mapped("name"):
            return
        if "ar.collection.case" not in self.env:
            return
        today = fields.Date.context_today(self)
        kept = (
            self.env["ar.collection.case"]
            .sudo()
            .with_context(active_test=False)
            .search([])
            .filtered(lambda c: not c.retention_until or c.retention_until > today)
        )
        if kept:
            raise UserError(
                self.env._(
                    "%(count)s collection cases are kept as evidence until their "
                    "retention date: uninstalling would destroy their record. Print "
                    "each case's contact log (Attach Contact Log) and keep it, then "
                    "wait for the retention date.",
                    count=len(kept),
                )
            )
