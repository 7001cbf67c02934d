from odoo import api, fields, models
from odoo.addons.ar_overdue_management.models.core.run_batch import (
    run_day,
)


class ArProvisionRun(models.Model):
    """The month's provision as jobs: one per company to book (a company's
    lines are written in one statement; the companies go in parallel)."""

    _inherit = "ar.provision.run"

    @api.model
    def _cron_provision_monthly(self, as_of=None):
        planner = self.env["ar.job.planner"]
        if not planner._ar_jobs_on():
            return super()._cron_provision_monthly(as_of=as_of)
        as_of = run_day(self, as_of)
        companies, date = self._provision_monthly_todo(as_of)
        day = fields.Date.to_string(as_of)
        batches = [(day, company.id) for company in companies]
        names = dict(companies.mapped(lambda c: (c.id, c.name)))

        def describe(index, count, args):
            return self.env._(
                "Provision of %(date)s: %(company)s",
                date=fields.Date.to_string(date),
                company=names[args[1]],
            )

        planner._ar_plan(
            "provision_monthly",
            as_of,
            self.sudo(),
            "_ar_job_provision",
            batches,
            describe,
        )
        return self.browse()

    def _ar_job_provision(self, day, company_id):
        """Book the company's provision of the month before ``day`` unless
        it is booked already."""
        companies, date = self._provision_monthly_todo(fields.Date.to_date(day))
        runs = self._provision_monthly_book(
            companies.filtered_domain([("id", "=", company_id)]), date
        )
        return self.env._("%(count)s provisions booked", count=len(runs))
