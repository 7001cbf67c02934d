from odoo import models

from ...policy import audit as audit_policy


class ArWriteoffRequest(models.Model):
    """What an audit reads of a write-off: the route of its last submission
    and who approved each level."""

    _inherit = "ar.writeoff.request"

    def _audit_route(self):
        """``(reference, requester id, amount for approval, [Approval])`` of
        the last submission: a level counts as approved when its review is
        and the approval history names who approved it."""
        self.ensure_one()
        request = self.sudo()
        approvals = {
            log.sequence: log.user_id
            for log in request.log_ids
            if log.round == request.round and log.decision == "approved"
        }
        route = []
        for review in request.review_ids.sorted("sequence"):
            user = approvals.get(review.sequence)
            reviewers = review.ar_reviewer_ids | review.ar_reviewer_group_id.users
            route.append(
                audit_policy.Approval(
                    level=review.ar_level_name or review.name or "",
                    approved=bool(user) and review.status == "approved",
                    user=user.id if user else None,
                    reviewer=bool(user) and user in reviewers,
                )
            )
        return (
            request.name,
            request.requester_id.id,
            request.approval_amount,
            route,
        )
