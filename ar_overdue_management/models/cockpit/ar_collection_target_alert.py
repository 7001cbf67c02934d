from odoo import api, fields, models
from odoo.tools import date_utils

from ...policy import targets as targets_policy


class ArCollectionTarget(models.Model):
    """The alert of a unit under target: on the company's alert day, one
    activity for its leader, remembered on the target so that it is given
    once a month however often the scheduled action runs."""

    _inherit = "ar.collection.target"

    @api.model
    def _cron_target_alert(self):
        """Alert the leaders of the units under target, on the alert day of
        their company; on any other day only the companies are read."""
        today = fields.Date.context_today(self)
        last_day = date_utils.end_of(today, "month").day
        companies = (
            self.env["res.company"]
            .sudo()
            .search([])
            .filtered(
                lambda c: targets_policy.is_alert_day(
                    today.day, c.ar_target_alert_day, last_day
                )
            )
        )
        if not companies:
            return
        targets = self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                ("month", "=", date_utils.start_of(today, "month")),
                ("alert_date", "=", False),
            ]
        )
        reached = targets._target_reached()
        under = targets.filtered(
            lambda t: targets_policy.needs_alert(
                reached[t.id][1], t.company_id.ar_target_alert_share
            )
        )
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
            unit=self.user_id.name or self.env._("The collection team"),
            value=value or 0.0,
            base=self.base_target,
            attainment=attainment,
            share=self.company_id.ar_target_alert_share,
        )
