"""Set-up of the write-off tests: approvers at each level (only they
approve), evidence uploaded by the requester, a request asked through the
wizard, decisions through the buttons and the comment wizard."""

from odoo import Command
from provision_common import ProvisionCommon, days

__all__ = ["COLLECTION_MANAGER", "COLLECTION_USER", "WriteoffCommon", "days"]

COLLECTION_MANAGER = "ar_overdue_management.group_ar_collection_manager"
COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"


class WriteoffCommon(ProvisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "ar_overdue_management.group_ar_writeoff_"
        cls.team_lead = cls._user("ar_wo_lead", COLLECTION_MANAGER)
        cls.division = cls._user("ar_wo_division", f"{group}division_head")
        cls.cfo = cls._user("ar_wo_cfo", f"{group}cfo")
        cls.president = cls._user("ar_wo_president", f"{group}president")
        # only these approve in the tests (admin holds roles in the demo)
        for xmlid, user in (
            (COLLECTION_MANAGER, cls.team_lead),
            (f"{group}division_head", cls.division),
            (f"{group}cfo", cls.cfo),
            (f"{group}president", cls.president),
        ):
            cls.env.ref(xmlid).users = [Command.set(user.ids)]

    def _evidence(self, user=None):
        """A file uploaded by ``user`` (the collector), attached to nothing
        yet, as the wizard's upload leaves it."""
        return (
            self.env["ir.attachment"]
            .with_user(user or self.collector)
            .create(
                {
                    "name": "ruling.pdf",
                    "raw": b"%PDF-1.4 court ruling",
                    "mimetype": "application/pdf",
                }
            )
        )

    def _request(
        self, amount, invoice_amount=None, user=None, evidence=True, **invoice
    ):
        user = user or self.collector
        move = self._invoice(
            self.customer, invoice_amount or amount, days(-200), **invoice
        )
        wizard = (
            self.env["ar.writeoff.wizard"]
            .with_user(user)
            .with_context(active_model="account.move", active_id=move.id)
            .create(
                {
                    "amount": amount,
                    "reason": "Customer bankrupt; court ruling attached.",
                    "attachment_ids": [(6, 0, self._evidence(user).ids)]
                    if evidence
                    else [],
                }
            )
        )
        action = wizard.action_request()
        return self.env["ar.writeoff.request"].browse(action["res_id"])

    def _decide(self, request, user, approve=True, comment="OK"):
        """The Validate / Reject buttons, then the comment wizard they open."""
        record = request.with_user(user)
        action = record.validate_tier() if approve else record.reject_tier()
        if action:
            wizard = (
                self.env["comment.wizard"]
                .with_user(user)
                .with_context(action["context"])
                .create({"comment": comment})
            )
            wizard.add_comment()

    def _levels(self, request):
        return [
            (r.ar_level_name, r.status)
            for r in request.sudo().review_ids.sorted("sequence")
        ]
