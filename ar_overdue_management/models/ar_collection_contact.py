from odoo import api, fields, models
from odoo.exceptions import UserError

CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("letter", "Letter"),
    ("visit", "Visit"),
    ("lawyer_letter", "Lawyer's Letter"),
    ("agency", "Collection Agency"),
]
#: Contacts in writing: they count toward the three written collection
#: records that litigation requires.
WRITTEN_CHANNELS = ("email", "letter", "lawyer_letter")


class ArCollectionContact(models.Model):
    """One contact with the customer about its overdue debt: when, how, who
    spoke to whom, what the customer answered.  Kept as evidence: it may be
    corrected on the day it is logged, never afterwards nor deleted."""

    _name = "ar.collection.contact"
    _description = "Collection Contact"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "ar.collection.case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    written = fields.Boolean(compute="_compute_written", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Contacted By",
        required=True,
        default=lambda self: self.env.user,
    )
    contact_name = fields.Char(string="Contacted Person")
    answer = fields.Text(string="Customer's Answer", required=True)
    next_action = fields.Char()
    next_action_date = fields.Date()

    @api.depends("channel")
    def _compute_written(self):
        for contact in self:
            contact.written = contact.channel in WRITTEN_CHANNELS

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for contact in self:
            if contact.date > today:
                raise UserError(self.env._("A contact cannot be logged in the future."))

    @api.model_create_multi
    def create(self, vals_list):
        contacts = super().create(vals_list)
        contacts._after_log()
        return contacts

    def write(self, vals):
        self._check_still_editable()
        return super().write(vals)

    def unlink(self):
        if self:
            raise UserError(
                self.env._(
                    "Collection contacts are evidence: they cannot be deleted. Log "
                    "a new contact that corrects the wrong one."
                )
            )
        return super().unlink()

    def _check_still_editable(self):
        """A contact may be corrected on the day it was logged only."""
        if self.env.su:
            return
        # the day by the database's clock, the clock of create_date
        today = fields.Date.context_today(self, self.env.cr.now())
        late = self.filtered(
            lambda c: fields.Date.context_today(c, c.create_date) < today
        )
        if late:
            raise UserError(
                self.env._(
                    "Collection contacts are evidence: after the day they were "
                    "logged they cannot be changed. Log a new contact that corrects "
                    "the wrong one."
                )
            )

    def _after_log(self):
        """Logging a contact is the owner's work done: the case's pending
        activities of the owner are marked done and the next action is
        scheduled; the case's chatter gets a line."""
        for contact in self:
            case = contact.case_id.sudo()
            owner_activities = case.activity_ids.filtered(
                lambda a, c=case: a.user_id == c.user_id
            )
            owner_activities.action_feedback(
                feedback=self.env._("Contact logged: %(answer)s", answer=contact.answer)
            )
            case.message_post(
                body=self.env._(
                    "%(channel)s by %(user)s: %(answer)s",
                    channel=dict(CHANNELS)[contact.channel],
                    user=contact.user_id.name,
                    answer=contact.answer,
                )
            )
            if contact.next_action_date:
                case.write(
                    {
                        "next_action": contact.next_action,
                        "next_action_date": contact.next_action_date,
                    }
                )
                if case.user_id:
                    case.activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=contact.next_action_date,
                        summary=contact.next_action
                        or self.env._("Next collection action"),
                        user_id=case.user_id.id,
                    )
