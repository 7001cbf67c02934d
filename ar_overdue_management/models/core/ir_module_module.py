from odoo import models

ADDON = "ar_overdue_management"


class IrModuleModule(models.Model):
    """Loading a language (or installing the addon) also gives the standard
    texts the addon wrote into records (tier names, letter names) their
    translation in that language."""

    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if ADDON in modules and "ar.overdue.tier" in self.env:
            companies = self.env["res.company"].sudo().search([])
            companies._ar_overdue_translate_defaults(langs)
        return res
