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
    ("portal", "Customer Portal"),
]
#: Contacts in writing: they count toward the three written collection
#: records that litigation requires (an answer given on the customer portal
#: is the customer's own writing).
WRITTEN_CHANNELS = ("email", "letter", "lawyer_letter", "portal")
#: channels on which the customer acts on its own (its answer is no work of
#: the case's owner)
CUSTOMER_CHANNELS = ("portal",)


class ArCollectionContact(models.Model):
    """One contact with the customer about its overdue debt: when, how, who
    spoke to whom, what the customer answered, what it promised.  An entry
    of the case's record: never changed nor deleted; a mistake is corrected
    by a new contact that points to the wrong one."""

    _name = "ar.collection.contact"
    _inherit = ["ar.collection.record.mixin"]
    _description = "Collection Contact"
    _order = "date desc, id desc"
    _record_fields = (
        "case_id",
        "date",
        "channel",
        "user_id",
        "contact_name",
        "answered",
        "answer",
        "promise_amount",
        "promise_date",
        "next_action",
        "next_action_date",
        "correction_of_id",
    )

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
    answered = fields.Boolean(
        string="Customer Answered",
        default=True,
        help="Written contacts count toward litigation only with the "
        "customer's answer.",
    )
    answer = fields.Text(string="Customer's Answer", required=True)
    promise_amount = fields.Monetary(
        string="Promised Amount", currency_field="currency_id"
    )
    promise_date = fields.Date(string="Promised By")
    promise_id = fields.Many2one("ar.collection.promise", readonly=True, copy=False)
    next_action = fields.Char()
    next_action_date = fields.Date()
    correction_of_id = fields.Many2one(
        "ar.collection.contact",
        string="Corrects",
        index="btree_not_null",
        ondelete="restrict",
        help="The earlier contact this one corrects.",
    )

    @api.depends("channel")
    def _compute_written(self):
        for contact in self:
            contact.written = contact.channel in WRITTEN_CHANNELS

    @api.constrains("date", "correction_of_id", "promise_amount", "promise_date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for contact in self:
            if contact.date > today:
                raise UserError(self.env._("A contact cannot be logged in the future."))
            correcting = contact.correction_of_id
            if correcting and correcting.case_id != contact.case_id:
                raise UserError(
                    self.env._("A contact corrects a contact of the same case.")
                )
            if bool(contact.promise_amount) != bool(contact.promise_date):
                raise UserError(
                    self.env._("A promise to pay needs both an amount and a date.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals["user_id"] = self.env.user.id
        contacts = super().create(vals_list)
        contacts._after_log()
        return contacts

    def action_correct(self):
        """A new contact that corrects this one, prefilled with it."""
        self.ensure_one()
        self.check_access("create")
        context = {
            f"default_{name}": self[name].id
            if self._fields[name].type == "many2one"
            else self[name]
            for name in ("case_id", "channel", "contact_name", "answer")
        }
        context["default_correction_of_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct a Contact"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def _after_log(self):
        """Logging a contact is the owner's work done: the case's pending
        activities of the owner are marked done, the promise it carries is
        recorded, the next action is scheduled; the case's chatter gets a
        line.  An answer the customer gave on its own (on the portal) is
        the customer's act, not the owner's: it closes no activity and is
        not the stage's first action."""
        with_promise = self.filtered("promise_amount")
        if with_promise:
            promises = self.env["ar.collection.promise"].create(
                [
                    {
                        "case_id": contact.case_id.id,
                        "kind": "promise",
                        "amount": contact.promise_amount,
                        "date": contact.promise_date,
                        "user_id": contact.user_id.id,
                        "note": contact.answer,
                    }
                    for contact in with_promise
                ]
            )
            for contact, promise in zip(with_promise, promises, strict=True):
                contact.sudo().write({"promise_id": promise.id})
        for contact in self:
            case = contact.case_id.sudo()
            by_customer = contact.channel in CUSTOMER_CHANNELS
            owner_activities = case.activity_ids.filtered(
                lambda a, c=case: a.user_id == c.user_id
            )
            if not by_customer:
                owner_activities.action_feedback(
                    feedback=self.env._(
                        "Contact logged: %(answer)s", answer=contact.answer
                    )
                )
            case.message_post(
                body=self.env._(
                    "%(channel)s by %(user)s: %(answer)s",
                    channel=dict(CHANNELS)[contact.channel],
                    user=contact.user_id.name,
                    answer=contact.answer,
                )
            )
            if not by_customer:
                case._case_first_action(fields.Date.context_today(self))
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
