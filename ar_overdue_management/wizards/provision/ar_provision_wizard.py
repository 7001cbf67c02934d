from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError

from ...models.provision.ar_provision_run import SOURCES


class ArProvisionWizard(models.TransientModel):
    """The provision of any date and company, computed as a draft run to
    check before booking."""

    _name = "ar.provision.wizard"
    _description = "Compute the Bad-Debt Provision"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - timedelta(days=1)
        ),
    )
    rate_source = fields.Selection(
        SOURCES,
        string="Rates",
        required=True,
        default=lambda self: self.env.company.ar_provision_rate_source,
    )

    def action_compute(self):
        self.ensure_one()
        runs = self.env["ar.provision.run"]
        runs._check_provision_manager()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You do not work in this company."))
        run = runs.create(
            {
                "company_id": self.company_id.id,
                "date": self.date,
                "rate_source": self.rate_source,
            }
        )
        run.action_compute()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ar.provision.run",
            "res_id": run.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
