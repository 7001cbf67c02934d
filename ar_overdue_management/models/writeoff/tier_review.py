from odoo import Command, api, fields, models
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
    ar_reviewer_group_id = fields.Many2one(
        "res.groups",
        string="Group When Submitted",
        readonly=True,
        help="The level's group when the request was submitted: its members of "
        "the day of the decision decide.",
    )
    ar_reviewer_ids = fields.Many2many(
        "res.users",
        "ar_tier_review_reviewer_rel",
        "review_id",
        "user_id",
        string="Reviewers When Submitted",
        readonly=True,
    )

    def _ar_freeze(self):
        """Keep the level's name and who decides it (its group, or its one
        reviewer) as they are at submission."""
        for review in self.sudo():
            definition = review.definition_id
            review.write(
                {
                    "ar_frozen": True,
                    "ar_level_name": definition.name,
                    "ar_reviewer_group_id": definition.reviewer_group_id.id,
                    "ar_reviewer_ids": [
                        Command.set(
                            definition.reviewer_id.ids
                            if not definition.reviewer_group_id
                            else review._get_reviewers().ids
                        )
                    ],
                }
            )
        self.sudo()._compute_reviewer_ids()

    def _get_reviewers(self):
        """A frozen level is decided by the members of its group on the day
        of the decision (a user who left the group no longer decides), or by
        its one reviewer; a level that only the requester could decide goes
        to the next level's reviewers, then to the accounting
        administrators."""
        if not self.ar_frozen:
            return super()._get_reviewers()
        people = (
            self.ar_reviewer_group_id.users
            if self.ar_reviewer_group_id
            else self.ar_reviewer_ids
        )
        if self.model not in FROZEN_MODELS:
            return people
        request = self.env[self.model].sudo().browse(self.res_id)
        requester = request.requester_id
        if people - requester:
            return people
        later = request.review_ids.filtered(
            lambda r: r.sequence > self.sequence
        ).sorted("sequence")
        for review in later:
            up = (
                review.ar_reviewer_group_id.users
                if review.ar_reviewer_group_id
                else review.ar_reviewer_ids
            ) - requester
            if up:
                return up
        return self.env.ref("account.group_account_manager").users - requester

    def _get_reviewer_fields(self):
        return [
            *super()._get_reviewer_fields(),
            "ar_reviewer_ids",
            "ar_frozen",
            "ar_reviewer_group_id",
            "ar_reviewer_group_id.users",
        ]

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
        if self.env.su:
            return super().write(vals)
        if vals.get("model") in FROZEN_MODELS:
            # a review made for another document cannot be moved onto one
            raise UserError(self.env._("Approvals are requested by the document."))
        guarded = self._ar_guarded()
        if guarded and {"model", "res_id"} & set(vals):
            raise UserError(
                self.env._("An approval stays on the document it was given for.")
            )
        # the module itself, as the user, moves a level still waiting to
        # pending and refreshes who may review
        opening = set(vals) <= {"can_review"} or (
            vals == {"status": "pending"}
            and all(review.status in ("waiting", "pending") for review in guarded)
        )
        if guarded and not opening:
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
