from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.ar_security import CREDIT_MANAGER_GROUP, HOLD_OVERRIDE_GROUP
from ..core.bulk_rows import insert_rows, stored_values

EVENT_KINDS = [
    ("hold", "On Hold"),
    ("lift", "Hold Lifted"),
    ("override", "Hold Overridden"),
    ("release", "Holding Invoice Released"),
]


class ArCreditHoldEvent(models.Model):
    """What happened to a customer's credit hold, as data: put on hold or
    lifted (with the causes before and after), a document let through by an
    override (its amount and the reason), an invoice that kept the hold
    disputed, reset, cancelled or reversed.  Written by the actions that
    make them, next to the chatter note; never changed nor deleted, so that
    an audit finds a hold lifted with no decision logged."""

    _name = "ar.credit.hold.event"
    _description = "Credit Hold History"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="By",
        required=True,
        readonly=True,
        default=lambda s: s.env.user,
    )
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    causes_before = fields.Char(readonly=True)
    causes = fields.Char(string="Causes After", readonly=True)
    description = fields.Text(readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", readonly=True
    )
    document = fields.Char(readonly=True)
    amount = fields.Monetary(
        readonly=True, help="What the document added to the exposure, taxes included."
    )
    reason = fields.Char(readonly=True)
    authorised = fields.Boolean(
        readonly=True,
        help="The person was in the group that may take this decision when it "
        "was taken (Credit Hold Override for an override, Credit Manager for a "
        "manual lift or a release); the daily run's lifts follow their causes.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "The credit hold history is written by the holds themselves."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(self.env._("The credit hold history is never changed."))
        return super().write(vals)

    def unlink(self):
        if self and not self.env.su:
            raise UserError(self.env._("The credit hold history is never deleted."))
        return super().unlink()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _log_changes(self, changes):
        """Log ``[(credit standing, causes before)]`` whose causes changed:
        a hold put (or its causes changed) or lifted, in one statement (the
        monthly rating may hold thousands of customers).  Returns how many."""
        user = self.env.user
        manager = user.has_group(CREDIT_MANAGER_GROUP)
        now = fields.Datetime.now()
        vals_list = []
        for credit, before in changes:
            lifted_by_hand = "manual" in before.split(",") and not credit.hold_manual
            vals_list.append(
                {
                    "company_id": credit.company_id.id,
                    "partner_id": credit.partner_id.id,
                    "date": now,
                    "user_id": user.id,
                    "kind": "hold" if credit.hold_causes else "lift",
                    "causes_before": before or False,
                    "causes": credit.hold_causes or False,
                    "description": credit._hold_description() or False,
                    "reason": credit.hold_manual_reason or False,
                    "authorised": manager or not lifted_by_hand,
                }
            )
        events = self.sudo()
        return insert_rows(events, stored_values(events, vals_list))

    @api.model
    def _log_documents(self, kind, documents, reasons=None):
        """Log ``documents`` let through a hold (``kind`` "override") or
        released from it (``kind`` "release"), with ``reasons`` per document
        and their customers' causes, in one create."""
        reasons = reasons or {}
        group = HOLD_OVERRIDE_GROUP if kind == "override" else CREDIT_MANAGER_GROUP
        authorised = self.env.user.has_group(group)
        pairs = {
            doc: tuple(r.id for r in doc._ar_credit_customer()) for doc in documents
        }
        credits = (
            self.env["ar.partner.credit"].sudo()._get_or_create(set(pairs.values()))
        )
        vals_list = []
        for doc, pair in pairs.items():
            causes = credits[pair].hold_causes or False
            description, reason = reasons.get(doc, (False, False))
            vals_list.append(
                {
                    "partner_id": pair[0],
                    "company_id": pair[1],
                    "user_id": self.env.user.id,
                    "kind": kind,
                    "causes_before": causes,
                    "causes": causes,
                    "description": description,
                    "res_model": doc._name,
                    "res_id": doc.id,
                    "document": doc.display_name,
                    "amount": doc._ar_credit_amount(),
                    "reason": reason,
                    "authorised": authorised,
                }
            )
        return self.sudo().create(vals_list)
