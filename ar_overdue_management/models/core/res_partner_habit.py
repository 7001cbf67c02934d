from odoo import fields, models

from .ar_receivable import payment_habits
from .ar_security import RECEIVABLE_GROUPS


class ResPartner(models.Model):
    """The customer's payment habit, learned from its payments of the last
    twelve months in the current company."""

    _inherit = "res.partner"

    ar_payment_habit = fields.Char(
        string="Payment Habit",
        compute="_compute_ar_payment_habit",
        groups=RECEIVABLE_GROUPS,
        help="When the customer usually pays and how late, from its payments of "
        "the last twelve months; friendly reminders go a few days before.",
    )

    def _compute_ar_payment_habit(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        pairs = {(p.commercial_partner_id.id, company.id) for p in self if p.id}
        habits = payment_habits(self.env, pairs, today)
        for partner in self:
            habit = habits.get((partner.commercial_partner_id.id, company.id))
            partner.ar_payment_habit = partner._ar_habit_text(habit)

    def _ar_habit_text(self, habit):
        if habit is None:
            return self.env._("Not enough payments to tell")
        if habit.day_of_month:
            when = self.env._("usually pays around day %(day)s", day=habit.day_of_month)
        elif habit.weekday is not None:
            weekdays = (
                self.env._("Monday"),
                self.env._("Tuesday"),
                self.env._("Wednesday"),
                self.env._("Thursday"),
                self.env._("Friday"),
                self.env._("Saturday"),
                self.env._("Sunday"),
            )
            when = self.env._(
                "usually pays on %(weekday)s", weekday=weekdays[habit.weekday]
            )
        else:
            when = self.env._("pays on no regular day")
        days_late = f"{habit.avg_days_late:g}"
        late = self.env._("%(days)s days late on average", days=days_late)
        if habit.trend >= 3:
            late += self.env._(", later lately")
        elif habit.trend <= -3:
            late += self.env._(", earlier lately")
        return f"{when}, {late}"
