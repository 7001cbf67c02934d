from odoo import api, fields, models
from odoo.tools import date_utils

from ...policy import targets as targets_policy


class ArCollectionTarget(models.Model):
    """The alert of a unit under target: from the company's alert day on,
    each target of the month is checked once, on the first run of the
    scheduled action (a day it did not run is caught up), and its leader
    gets one activity when the unit is under target that day."""

    _inherit = "ar.collection.target"

    @api.model
    def _cron_target_alert(self):
        """Check the targets of the month not checked yet in the companies
        whose alert day has come, and alert the leaders of the units under
        target; before that day only the companies are read."""
        today = fields.Date.context_today(self)
        last_day = date_utils.end_of(today, "month").day
        companies = (
            self.env["res.company"]
            .sudo()
            .search([])
            .filtered(
                lambda c: targets_policy.check_due(
                    today.day, c.ar_target_alert_day, last_day
                )
            )
        )
        if not companies:
            return
        targets = (
            self.sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("month", "=", date_utils.start_of(today, "month")),
                ]
            )
            .filtered(
                lambda t: targets_policy.check_due(
                    today.day,
                    t.company_id.ar_target_alert_day,
                    last_day,
                    # an alert given before the check was remembered
                    checked=bool(t.alert_checked_date or t.alert_date),
                )
            )
        )
        if not targets:
            return
        reached = targets._target_reached()
        under = targets.filtered(
            lambda t: targets_policy.needs_alert(
                reached[t.id][1], t.company_id.ar_target_alert_share
            )
        )
        targets.write({"alert_checked_date": today})
        under._target_alert(reached, today)

    def _target_alert(self, reached, today):
        """One activity per target for its leader (a note when the company
        has no leader), and the day remembered."""
        if not self:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        todo = self.env.ref("mail.mail_activity_data_todo").id
        notes = {target.id: target._target_alert_note(reached) for target in self}
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": target.id,
                    "activity_type_id": todo,
                    "user_id": target.leader_id.id,
                    "summary": self.env._("Under target: %(name)s", name=target.name),
                    "note": notes[target.id],
                    "date_deadline": today,
                }
                for target in self
                if target.leader_id
            ]
        )
        self.filtered(lambda t: not t.leader_id)._message_log_batch(bodies=notes)
        self.write({"alert_date": today})

    def _target_alert_note(self, reached):
        """What the leader reads: where the unit stands against its base."""
        self.ensure_one()
        value, attainment = reached[self.id]
        return self.env._(
            "%(unit)s reached %(value).2f against a base target of %(base).2f: "
            "%(attainment).2f %% of it, under the alert share of %(share).2f %%.",
            unit=self._target_unit_name(),
            value=value or 0.0,
            base=self.base_target,
            attainment=attainment,
            share=self.company_id.ar_target_alert_share,
        )
