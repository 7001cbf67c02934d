from odoo import api, fields, models

from .ar_receivable import split_pairs


class ArCustomerCompanyMixin(models.AbstractModel):
    """A record kept per customer (commercial entity) and company: the
    overdue status, the credit standing, and later the collection case.

    Batch code speaks of customers as ``(partner id, company id)`` pairs;
    this mixin finds, and creates in one call, the records of a set of
    pairs.  The records are the addon's to write: creation runs as
    superuser, whoever triggers it.
    """

    _name = "ar.customer.company.mixin"
    _description = "Record per Customer and Company"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )

    @api.model
    def _of_pairs(self, pairs, domain=None):
        """``{pair: record}`` of the existing records among ``pairs`` (that
        match ``domain``)."""
        partner_ids, company_ids = split_pairs(pairs)
        records = self.sudo().search(
            [("partner_id", "in", partner_ids), ("company_id", "in", company_ids)]
            + (domain or [])
        )
        wanted = set(pairs)
        return {
            pair: record
            for record in records
            if (pair := (record.partner_id.id, record.company_id.id)) in wanted
        }

    @api.model
    def _get_or_create(self, pairs):
        """``{pair: record}`` for every pair, the missing records created in
        one call."""
        pairs = set(pairs)
        if not pairs:
            return {}
        by_pair = self._of_pairs(pairs)
        missing = [pair for pair in pairs if pair not in by_pair]
        if missing:
            created = self.sudo().create(
                [{"partner_id": p, "company_id": c} for p, c in missing]
            )
            by_pair.update({(r.partner_id.id, r.company_id.id): r for r in created})
        return by_pair
