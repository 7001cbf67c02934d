import pytz
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import cases as cases_policy


class ResCompany(models.Model):
    """Settings of the collection work: deadlines, promises, retention."""

    _inherit = "res.company"

    ar_promise_relaxes_hold = fields.Boolean(
        string="Promises Relax Tier Holds",
        help="While a customer's promise to pay (or grace period) runs, its "
        "overdue tier does not hold it. Manual and credit-limit holds stay.",
    )
    ar_promise_relax_max_days = fields.Integer(
        string="Promise Relaxing a Hold at Most (days)",
        default=30,
        help="A promise relaxes the tier hold only when it falls due within this "
        "many days, covers the whole overdue amount and was given by a collector "
        "who does not sell to the customer (or by a Credit Manager).",
    )
    ar_promise_relax_max_count = fields.Integer(
        string="Promises Relaxing a Hold per Case",
        default=2,
        help="How many promises or grace periods of one case may relax its hold.",
    )
    ar_promise_max_days = fields.Integer(
        string="Promise at Most (days)",
        default=60,
        help="A promise to pay is due at most this many days after it is given.",
    )
    ar_retention_years = fields.Integer(
        string="Keep Collection Records (years)",
        default=10,
        help="Nothing in a collection case, its contacts, promises, decisions "
        "or attachments can be deleted before this many years after the case "
        "closed.",
    )
    ar_deadline_reminder_days = fields.Integer(
        string="First Contact (working days)",
        default=3,
        help="Working days, from the day a case enters the stage, for its first "
        "action.",
    )
    ar_deadline_dunning_days = fields.Integer(
        string="Dunning Action (working days)", default=5
    )
    ar_deadline_escalated_days = fields.Integer(
        string="Escalated Action (working days)", default=5
    )
    ar_deadline_legal_days = fields.Integer(
        string="Legal Action (working days)", default=10
    )
    ar_deadline_plan_days = fields.Integer(
        string="Plan Follow-up (working days)", default=10
    )
    ar_confirmation_day = fields.Integer(
        string="Monthly Confirmation Day",
        default=3,
        help="Day of the month on which each account owner is asked to confirm "
        "the reasons of his overdue invoices.",
    )
    ar_confirmation_days = fields.Integer(
        string="Confirmation Deadline (working days)", default=5
    )

    @api.constrains(
        "ar_retention_years",
        "ar_deadline_reminder_days",
        "ar_deadline_dunning_days",
        "ar_deadline_escalated_days",
        "ar_deadline_legal_days",
        "ar_deadline_plan_days",
        "ar_confirmation_day",
        "ar_confirmation_days",
    )
    def _check_collection_settings(self):
        for company in self:
            if company.ar_retention_years < 1:
                raise ValidationError(
                    self.env._("Collection records are kept at least one year.")
                )
            if not 1 <= company.ar_confirmation_day <= 28:
                raise ValidationError(
                    self.env._("The confirmation day is a day from 1 to 28.")
                )
            days = [
                company[f"ar_deadline_{s}_days"] for s in self._ar_deadline_stages()
            ]
            if (
                min(days + [company.ar_confirmation_days, company.ar_promise_max_days])
                < 0
            ):
                raise ValidationError(self.env._("Deadlines cannot be negative."))

    @api.model
    def _ar_deadline_stages(self):
        return cases_policy.OPEN_STAGES

    def _ar_working_days(self):
        """``(working weekdays, holidays)`` of the company's working
        calendar (every day when it has none)."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return set(range(7)), set()
        weekdays = {int(a.dayofweek) for a in calendar.attendance_ids}
        holidays = set()
        zone = pytz.timezone(calendar.tz or "UTC")
        for leave in calendar.global_leave_ids:
            first, last = (
                pytz.utc.localize(moment).astimezone(zone).date()
                for moment in (leave.date_from, leave.date_to)
            )
            day = first
            while day <= last:
                holidays.add(day)
                day = day.fromordinal(day.toordinal() + 1)
        return weekdays, holidays
