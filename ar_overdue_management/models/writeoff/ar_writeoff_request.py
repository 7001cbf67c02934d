from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ...policy import writeoff as writeoff_policy
from ..core.ar_security import COLLECTION_USER_GROUP

STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("posted", "Posted"),
    ("cancelled", "Cancelled"),
]
#: what a person may still change on a draft
DRAFT_FIELDS = {"amount", "reason", "attachment_ids", "case_id"}


class ArWriteoffRequest(models.Model):
    """A request to write off (part of) an uncollectible invoice: the
    amount, the reason and the evidence; approved level after level by
    amount, then booked against the allowance.  Its state changes only
    through its buttons."""

    _name = "ar.writeoff.request"
    _inherit = ["mail.thread", "mail.activity.mixin", "tier.validation"]
    _description = "Bad-Debt Write-Off Request"
    _order = "id desc"
    _check_company_auto = True

    _state_field = "state"
    _state_from = ["draft", "to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancelled"
    _tier_validation_manual_config = False

    name = fields.Char(string="Reference", required=True, readonly=True, default="/")
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    case_id = fields.Many2one(
        "ar.collection.case", check_company=True, index="btree_not_null"
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    residual = fields.Monetary(related="move_id.amount_residual", string="Open Amount")
    # in the invoice's currency: never added up across requests
    amount = fields.Monetary(required=True, tracking=True, aggregator=None)
    amount_company = fields.Monetary(
        string="Amount (Company Currency)",
        currency_field="company_currency_id",
        readonly=True,
        help="At the invoice's rate; the approval levels go by it.",
    )
    approval_amount = fields.Monetary(
        string="Amount for Approval",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="Set at submission: this request with the customer's other requests "
        "on their way, approved, or posted in the last twelve months. The approval "
        "levels go by it, so a debt split into small requests skips no level.",
    )
    reason = fields.Text(required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ar_writeoff_request_attachment_rel",
        string="Evidence",
        help="Court ruling, bankruptcy notice, the case's contact log...",
    )
    requester_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda s: s.env.user
    )
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, index=True
    )
    round = fields.Integer(
        string="Submission", readonly=True, help="How many times it was submitted."
    )
    log_ids = fields.One2many(
        "ar.writeoff.review.log", "request_id", string="Approval History", readonly=True
    )
    writeoff_move_id = fields.Many2one(
        "account.move", string="Write-Off Entry", readonly=True, copy=False
    )
    reversal_move_id = fields.Many2one(
        "account.move", string="Reversal", readonly=True, copy=False
    )
    posted_date = fields.Date(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_requester()
        refs = self.env["ar.collection.case"]._case_next_refs(
            "ar.writeoff.request", len(vals_list)
        )
        for vals, ref in zip(vals_list, refs, strict=True):
            vals["name"] = ref
            if not vals.get("case_id") and vals.get("move_id"):
                # asked from the invoice: it belongs to the customer's case
                move = self.env["account.move"].browse(vals["move_id"])
                vals["case_id"] = self._case_of(move).id or False
            vals.pop("state", None)
            vals["requester_id"] = self.env.user.id
        requests = super().create(vals_list)
        requests._check_request()
        requests._ar_attach()
        return requests

    def write(self, vals):
        if not self.env.su:
            extra = set(vals) - DRAFT_FIELDS
            if extra or any(r.state != "draft" for r in self):
                raise UserError(
                    self.env._(
                        "A write-off request changes through its buttons; only a "
                        "draft's amount, reason and evidence are corrected."
                    )
                )
        res = super().write(vals)
        if {"amount", "attachment_ids"} & set(vals):
            self._check_request()
            self._ar_attach()
        return res

    def _ar_attach(self):
        """The evidence belongs to the request (and follows its access).

        A file the requester uploaded for it (attached to nothing yet) is
        moved onto the request; a document of another record is copied,
        never moved, and only when the user may read it and it belongs to
        the request's company."""
        for request in self:
            new = request.attachment_ids.sudo().filtered(
                lambda a, r=request: a.res_model != r._name or a.res_id != r.id
            )
            if not new:
                continue
            if not self.env.su:
                new.sudo(False).check("read")
            foreign = new.filtered(
                lambda a, r=request: a.company_id and a.company_id != r.company_id
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "%(files)s belong to another company: attach the evidence "
                        "of %(company)s.",
                        files=", ".join(foreign.mapped("name")),
                        company=request.company_id.name,
                    )
                )
            loose = new.filtered(
                lambda a: (
                    not a.res_id and (self.env.su or a.create_uid == self.env.user)
                )
            )
            copies = self.env["ir.attachment"].sudo()
            for attachment in new - loose:
                copies |= attachment.copy(
                    {"res_model": self._name, "res_id": request.id}
                )
            loose.write({"res_model": self._name, "res_id": request.id})
            if copies:
                request.sudo().attachment_ids = [
                    Command.set((request.attachment_ids - (new - loose) | copies).ids)
                ]

    def unlink(self):
        if any(r.state not in ("draft", "cancelled") or r.round for r in self):
            raise UserError(self.env._("A submitted write-off request is kept."))
        return super().unlink()

    @api.model
    def _check_requester(self):
        if not self.env.su and not self.env.user.has_group(COLLECTION_USER_GROUP):
            raise UserError(self.env._("Only collection users request write-offs."))

    def _check_request(self):
        for request in self:
            move = request.move_id
            if move.move_type != "out_invoice" or move.state != "posted":
                raise UserError(
                    self.env._("Only a posted customer invoice is written off.")
                )
            if move.overdue_disputed:
                raise UserError(
                    self.env._(
                        "%(invoice)s is disputed: settle the dispute (a credit note, "
                        "or clear it) before writing anything off.",
                        invoice=move.name,
                    )
                )
            refusal = writeoff_policy.check_amount(request.amount, move.amount_residual)
            if refusal == "above_residual":
                raise UserError(
                    self.env._(
                        "%(invoice)s still owes %(residual)s: a write-off cannot be "
                        "larger.",
                        invoice=move.name,
                        residual=move.currency_id.format(move.amount_residual),
                    )
                )
            if refusal:
                raise UserError(self.env._("Give the amount to write off."))
            request.sudo().write(
                {
                    "amount_company": request.company_currency_id.round(
                        writeoff_policy.company_amount(
                            request.amount,
                            move.amount_residual,
                            move.amount_residual_signed,
                        )
                    )
                }
            )

    def _check_evidence(self):
        if any(not r.attachment_ids for r in self):
            raise UserError(
                self.env._(
                    "Attach the evidence (court ruling, bankruptcy notice, the case's "
                    "contact log...) before submitting."
                )
            )

    @api.model
    def _case_of(self, move):
        return (
            self.env["ar.collection.case"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", move.commercial_partner_id.id),
                    ("company_id", "=", move.company_id.id),
                ],
                order="id desc",
                limit=1,
            )
        )
