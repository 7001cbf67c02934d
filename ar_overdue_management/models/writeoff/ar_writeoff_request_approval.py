from odoo import fields, models
from odoo.exceptions import UserError

from ...policy import writeoff as writeoff_policy
from ..core.ar_security import COLLECTION_MANAGER_GROUP

APPROVAL = "ar_overdue_management.mail_activity_type_writeoff_approval"


class ArWriteoffRequest(models.Model):
    """Approval of a write-off, level after level (OCA's tier validation),
    with what the company's policy adds: the requester never approves his
    own request; the levels are approved in order, one at a time, whatever
    the path (button, comment wizard, RPC); each level keeps the reviewers
    it had when the request was submitted; a rejected request is corrected
    and submitted again, and every decision stays in its history."""

    _inherit = "ar.writeoff.request"

    def _safe(self):
        """Internal writes under validation (state, round) are the addon's."""
        return self.sudo().with_context(skip_validation_check=True)

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------
    def action_submit(self):
        """Send the draft to its approvers, the route decided now by its
        amount."""
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._("Only a draft is submitted."))
            if self.env.user != request.requester_id and not self.env.su:
                raise UserError(self.env._("Only the requester submits the request."))
            request._check_request()
            request._check_evidence()
            safe = request._safe()
            safe.review_ids.unlink()
            safe.write(
                {
                    "state": "to_approve",
                    "round": request.round + 1,
                    "approval_amount": request._ar_approval_amount(),
                }
            )
            reviews = safe.request_validation()
            if not reviews:
                raise UserError(
                    self.env._("No approval level applies: ask a manager to set them.")
                )
            reviews._ar_freeze()
            reviews.sudo()._compute_can_review()
            request._ar_notify_next()
        return True

    def _ar_approval_amount(self):
        """This request's amount with the customer's other requests that
        count for the approval levels (``policy.writeoff.approval_amount``),
        in one read."""
        self.ensure_one()
        others = (
            self.sudo()
            .search(
                [
                    ("id", "!=", self.id),
                    ("partner_id", "=", self.partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", (*writeoff_policy.OPEN_STATES, "posted")),
                ]
            )
            .read(["state", "posted_date", "amount_company"])
        )
        return writeoff_policy.approval_amount(
            self.amount_company,
            [
                (o["state"], o["posted_date"] or None, o["amount_company"])
                for o in others
            ],
            fields.Date.context_today(self),
        )

    def action_draft(self):
        """Correct a rejected request, or an approved one the customer paid
        in part since (its amount is now more than the invoice owes); its
        history stays and it goes through the approval again."""
        for request in self:
            stale = (
                request.state == "approved"
                and request.move_id.currency_id.compare_amounts(
                    request.amount, request.move_id.amount_residual
                )
                > 0
            )
            if request.state != "rejected" and not stale:
                raise UserError(
                    self.env._(
                        "Only a rejected request, or an approved one the invoice no "
                        "longer owes in full, is corrected."
                    )
                )
            if self.env.user != request.requester_id and not self.env.user.has_group(
                COLLECTION_MANAGER_GROUP
            ):
                raise UserError(self.env._("Only the requester corrects the request."))
            request._safe().write({"state": "draft"})
        return True

    def action_cancel(self):
        """Give up a request not booked yet (an approved one too: the
        approval books nothing by itself)."""
        for request in self:
            if request.state not in ("draft", "rejected", "to_approve", "approved"):
                raise UserError(self.env._("A booked write-off is reversed instead."))
            if self.env.user != request.requester_id and not self.env.user.has_group(
                COLLECTION_MANAGER_GROUP
            ):
                raise UserError(self.env._("Only the requester cancels the request."))
            request._ar_close_activities()
            request._safe().write({"state": "cancelled"})
        return True

    def _check_state_conditions(self, vals):
        # the request reaches "approved" by its last level's decision only
        # (see _validate_tier), never by writing the state
        return False

    def restart_validation(self):
        raise UserError(
            self.env._("Correct a rejected request and submit it again instead.")
        )

    def request_validation(self):
        if not self.env.su:
            raise UserError(self.env._("Submit the request instead."))
        return super().request_validation()

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------
    def _compute_next_review(self):
        """The level whose decision is awaited, in words this addon
        translates (the module's own words have no Chinese)."""
        for request in self:
            review = request.review_ids.sorted("sequence").filtered(
                lambda r: r.status == "pending"
            )[:1]
            request.next_review = (
                self.env._("Next: %(level)s", level=review.name or "")
                if review
                else False
            )

    def _ar_next_review(self):
        """The first level still open, in order."""
        self.ensure_one()
        open_reviews = self.review_ids.filtered(
            lambda r: r.status in ("waiting", "pending")
        ).sorted("sequence")
        return open_reviews[:1]

    def _get_sequences_to_approve(self, user):
        if self._name != "ar.writeoff.request":
            return super()._get_sequences_to_approve(user)
        if self.state != "to_approve" or user == self.requester_id:
            return []
        review = self._ar_next_review()
        if not review or user not in review._get_reviewers():
            return []
        if (
            self._ar_decided_by(user)
            and not self.company_id.ar_writeoff_same_person_allowed
        ):
            return []
        return [review.sequence]

    def _ar_check_decision(self, tiers):
        """The user decides the first open level, and only it."""
        self.ensure_one()
        if self.state != "to_approve":
            raise UserError(self.env._("This request is not waiting for approval."))
        if self.env.user == self.requester_id:
            raise UserError(
                self.env._("You cannot approve or reject your own request.")
            )
        review = self._ar_next_review()
        wanted = (tiers or review).filtered(
            lambda r: r.status in ("waiting", "pending")
        )
        if (
            not review
            or self.env.user not in review.sudo()._get_reviewers()
            or wanted - review
        ):
            raise UserError(
                self.env._(
                    "The levels are decided in order: %(level)s decides now (%(who)s).",
                    level=review.ar_level_name or "-",
                    who=review.todo_by or "-",
                )
            )
        if self._ar_decided_by(self.env.user):
            self._ar_check_same_person(
                self.env._("%(user)s approves a second level of %(ref)s")
            )
        return review

    def _ar_decided_by(self, user):
        """Whether ``user`` approved a level of this submission already."""
        return bool(
            self.log_ids.filtered(
                lambda log: (
                    log.round == self.round
                    and log.user_id == user
                    and log.decision == "approved"
                )
            )
        )

    def _ar_check_same_person(self, what):
        """The requester, each approver and the poster are different people,
        unless the company allows one person to hold two of these roles
        (small companies); then it is logged on the request."""
        self.ensure_one()
        text = what % {"user": self.env.user.name, "ref": self.name}
        if not self.company_id.ar_writeoff_same_person_allowed:
            raise UserError(
                self.env._(
                    "%(what)s: the requester, each approver and the poster of a "
                    "write-off are different people.",
                    what=text,
                )
            )
        self.sudo().message_post(
            body=self.env._(
                "%(what)s, as the company allows one person to hold two roles.",
                what=text,
            )
        )

    def _validate_tier(self, tiers=False):
        review = self._ar_check_decision(tiers)
        res = super(ArWriteoffRequest, self.sudo())._validate_tier(review.sudo())
        self._ar_log(review, "approved")
        if self.validation_status == "validated" or not self._ar_next_review():
            self._safe().write({"state": "approved"})
            self._ar_close_activities()
            self.message_post(body=self.env._("Write-off approved at every level."))
        else:
            self._ar_notify_next()
        return res

    def _rejected_tier(self, tiers=False):
        review = self._ar_check_decision(tiers)
        res = super(ArWriteoffRequest, self.sudo())._rejected_tier(review.sudo())
        self._ar_log(review, "rejected")
        self._safe().write({"state": "rejected"})
        self._ar_close_activities()
        return res

    def _ar_log(self, review, decision):
        self.env["ar.writeoff.review.log"].sudo().create(
            {
                "request_id": self.id,
                "round": self.round,
                "level": review.ar_level_name,
                "sequence": review.sequence,
                "decision": decision,
                "user_id": self.env.user.id,
                "comment": review.comment,
                "amount": self.amount,
            }
        )

    # ------------------------------------------------------------------
    # Activities: the approvers of the level that decides now
    # ------------------------------------------------------------------
    def _ar_notify_next(self):
        self._ar_close_activities()
        review = self._ar_next_review()
        for user in review.reviewer_ids - self.requester_id:
            self.sudo().activity_schedule(
                APPROVAL,
                user_id=user.id,
                summary=self.env._(
                    "Approve the write-off %(ref)s (%(level)s)",
                    ref=self.name,
                    level=review.ar_level_name,
                ),
                date_deadline=fields.Date.context_today(self),
            )

    def _ar_close_activities(self):
        self.sudo().activity_unlink([APPROVAL])
