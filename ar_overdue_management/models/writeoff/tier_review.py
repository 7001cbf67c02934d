from odoo import api, fields, models
from odoo.exceptions import UserError

#: models whose reviews keep the route they started with and change only
#: through the document's own buttons
FROZEN_MODELS = ("ar.writeoff.request",)


class TierReview(models.Model):
    """A level of a write-off's approval keeps the name and the reviewers it
    had when the request was submitted: a definition edited or deleted
    meanwhile changes nothing for requests already on their way.  Its
    reviews are written by the request's buttons only (the module lets any
    user write reviews)."""

    _inherit = "tier.review"

    ar_frozen = fields.Boolean(readonly=True)
    ar_level_name = fields.Char(string="Level", readonly=True)
    ar_reviewer_ids = fields.Many2many(
        "res.users",
        "ar_tier_review_reviewer_rel",
        "review_id",
        "user_id",
        string="Reviewers When Submitted",
        readonly=True,
    )

    def _ar_freeze(self):
        for review in self.sudo():
            review.write(
                {
                    "ar_frozen": True,
                    "ar_level_name": review.definition_id.name,
                    "ar_reviewer_ids": [(6, 0, review._get_reviewers().ids)],
                }
            )
        self.sudo()._compute_reviewer_ids()

    def _get_reviewers(self):
        if self.ar_frozen:
            return self.ar_reviewer_ids
        return super()._get_reviewers()

    def _get_reviewer_fields(self):
        return [*super()._get_reviewer_fields(), "ar_reviewer_ids", "ar_frozen"]

    def _ar_guarded(self):
        return self.filtered(lambda r: r.model in FROZEN_MODELS)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("model") in FROZEN_MODELS for vals in vals_list
        ):
            raise UserError(self.env._("Approvals are requested by the document."))
        return super().create(vals_list)

    def write(self, vals):
        guarded = self._ar_guarded()
        # the module itself, as the user, moves a waiting level to pending
        # and refreshes who may review
        opening = vals == {"status": "pending"} or set(vals) <= {"can_review"}
        if guarded and not self.env.su and not opening:
            if set(vals) != {"comment"} or not all(
                review._ar_may_comment() for review in guarded
            ):
                raise UserError(
                    self.env._("An approval is given with the document's buttons.")
                )
        return super().write(vals)

    def unlink(self):
        if self._ar_guarded() and not self.env.su:
            raise UserError(self.env._("An approval is never deleted."))
        return super().unlink()

    def _ar_may_comment(self):
        """The reviewer deciding the level now may comment on it."""
        request = self.env[self.model].browse(self.res_id)
        return (
            self.env.user in self.reviewer_ids
            and self.env.user != request.requester_id
            and request._ar_next_review() == self
        )
