from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.ar_security import HOLD_OVERRIDE_GROUP


class ArCreditHoldMixin(models.AbstractModel):
    """A document that a customer's credit hold stops at one state change.

    The document says which state it guards (``_ar_credit_guarded_state``,
    e.g. an invoice reaching "posted", an order reaching "sale") and which
    button moves it there (``_ar_credit_override_method``, called by the
    override wizard).  The check runs in ``write``, so every path that
    changes the state is guarded: buttons, ``write`` over RPC, imports,
    other addons' flows.  A customer on hold, or a document that would take
    the customer over its credit limit, is refused unless a user of the
    Credit Hold Override group gives a reason, which is logged on the
    document and the customer.  Nothing is refused while the company does
    not enforce holds.
    """

    _name = "ar.credit.hold.mixin"
    _description = "Document Stopped by Credit Holds"

    _ar_credit_state_field = "state"
    _ar_credit_guarded_state = None
    _ar_credit_override_method = None

    ar_credit_on_hold = fields.Boolean(
        string="Customer on Credit Hold", compute="_compute_ar_credit_hold"
    )
    ar_credit_hold_description = fields.Char(
        string="Credit Hold", compute="_compute_ar_credit_hold"
    )

    @api.depends("partner_id", "company_id")
    def _compute_ar_credit_hold(self):
        """The hold shows as soon as the customer is chosen, before saving."""
        for record in self:
            partner, company = record._ar_credit_customer()
            on_hold = bool(partner) and record._ar_credit_applies()
            # the document shows the hold to whoever may open it
            partner = partner.with_company(company).sudo()
            record.ar_credit_on_hold = on_hold and partner.credit_on_hold
            record.ar_credit_hold_description = (
                partner.credit_hold_description if record.ar_credit_on_hold else False
            )

    # ------------------------------------------------------------------
    # What each document says
    # ------------------------------------------------------------------
    def _ar_credit_customer(self):
        """``(commercial partner, company)`` of this document."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id, self.company_id

    def _ar_credit_applies(self):
        """Whether holds concern this kind of document at all."""
        self.ensure_one()
        return True

    def _ar_credit_pending(self):
        """The documents of ``self`` about to reach the guarded state."""
        return self.filtered(
            lambda r: (
                r._ar_credit_applies()
                and r[self._ar_credit_state_field] != self._ar_credit_guarded_state
            )
        )

    def _ar_credit_amount(self):
        """What this document adds to the exposure, tax included, in company
        currency."""
        self.ensure_one()
        return 0.0

    def _ar_credit_exempt(self, credit):
        """Whether this document may go through the hold of ``credit``: no
        credit is given (paid in full), or it is how a prepayment-only
        customer prepays."""
        self.ensure_one()
        return False

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------
    #: fields that decide whose credit a document uses
    _ar_credit_customer_fields = ("partner_id", "company_id")

    def write(self, vals):
        field = self._ar_credit_state_field
        if not self._ar_credit_guarded_state:
            return super().write(vals)
        changing = set(self._ar_credit_customer_fields) & set(vals)
        if field in vals and changing:
            # the customer first, then the state: the hold is that of the
            # customer the document ends with, whatever the order of the values
            rest = dict(vals)
            state = rest.pop(field)
            self.write(rest)
            return self.write({field: state})
        overrides = []
        if vals.get(field) == self._ar_credit_guarded_state:
            overrides = self._ar_credit_check_hold()
        guarded = self.filtered(lambda r: r[field] == self._ar_credit_guarded_state)
        res = super().write(vals)
        if changing and guarded:
            # a document past the hold moved to another customer meets that
            # customer's hold, as if it had been confirmed for it
            overrides += guarded._ar_credit_check_hold(counted=True)
        self._ar_credit_log_overrides(overrides)
        return res

    def _ar_credit_guard_created(self):
        """Documents created straight in the guarded state (an import, an
        RPC ``create``) meet the hold as if they had been moved there; the
        exposure already counts them."""
        if not self._ar_credit_guarded_state:
            return
        field = self._ar_credit_state_field
        born = self.filtered(
            lambda r: (
                r[field] == self._ar_credit_guarded_state and r._ar_credit_applies()
            )
        )
        if born:
            born._ar_credit_log_overrides(born._ar_credit_check_hold(counted=True))

    def _ar_credit_blocks(self, counted=False):
        """Documents of ``self`` a credit hold stops, as ``[(document, credit
        standing, description)]``; ``counted``: they are already in the
        exposure (created in the guarded state)."""
        pending = self if counted else self._ar_credit_pending()
        if not pending:
            return []
        Credit = self.env["ar.partner.credit"]
        pairs = {tuple(r.id for r in doc._ar_credit_customer()) for doc in pending}
        by_pair = Credit._get_or_create(pairs)
        credits = Credit.sudo().browse([c.id for c in by_pair.values()])
        exposures = credits._credit_exposure()
        blocks = []
        for doc in pending:
            pair = tuple(r.id for r in doc._ar_credit_customer())
            credit = by_pair[pair]
            if not credit.company_id.ar_credit_hold_enforced:
                continue
            if doc._ar_credit_exempt(credit):
                continue
            amount = 0.0 if counted else doc._ar_credit_amount()
            description = credit._credit_block_description(exposures[pair], amount)
            # documents confirmed together add up against the limit
            exposures[pair] += amount
            if description:
                blocks.append((doc, credit, description))
        return blocks

    def _ar_credit_check_hold(self, counted=False):
        """Refuse the documents a hold stops, unless a Credit Hold Override
        user gives a reason.  Returns the overrides to log afterwards."""
        blocks = self._ar_credit_blocks(counted)
        if not blocks:
            return []
        reason = (self.env.context.get("ar_credit_hold_override_reason") or "").strip()
        if not reason or not self.env.user.has_group(HOLD_OVERRIDE_GROUP):
            raise UserError(
                "\n".join(dict.fromkeys(description for _d, _c, description in blocks))
                + "\n"
                + self._ar_credit_refusal_hint()
            )
        return [(doc, description, reason) for doc, _credit, description in blocks]

    def _ar_credit_refusal_hint(self):
        return self.env._(
            "It cannot go further until the hold is lifted, or a user of the Credit "
            "Hold Override group overrides it with a reason."
        )

    def _ar_credit_log_overrides(self, overrides):
        """Log each override on the document and on the customer, and in
        the credit hold history."""
        if overrides:
            self.env["ar.credit.hold.event"]._log_documents(
                "override",
                [doc for doc, _description, _reason in overrides],
                {doc: (description, reason) for doc, description, reason in overrides},
            )
        for doc, description, reason in overrides or ():
            text = self.env._(
                "Credit hold overridden by %(user)s on %(document)s. %(causes)s "
                "Reason: %(reason)s",
                user=self.env.user.name,
                document=doc.display_name,
                causes=description,
                reason=reason,
            )
            doc.message_post(body=text)
            doc._ar_credit_customer()[0].sudo().message_post(body=text)

    def action_ar_credit_override(self):
        """Ask the reason before going past a credit hold (the check is in
        ``write``; the wizard only carries the reason)."""
        return self.env["ar.credit.hold.override.wizard"]._open_for(self)
