"""Set-up shared by the collection work tests: a customer with an open
case, a collector, and helpers that go through the same actions as the
case form's buttons."""

import shutil
import subprocess
import tempfile
from unittest.mock import patch

from credit_common import TODAY, CreditCommon, days

__all__ = ["TODAY", "CollectionCommon", "days"]

COLLECTION_MANAGER = "ar_overdue_management.group_ar_collection_manager"
MAIL_SERVER = "odoo.addons.base.models.ir_mail_server.IrMailServer"


class CollectionCommon(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)
        cls.env.ref(
            "ar_overdue_management.group_ar_collection_user"
        ).users |= cls.salesperson

    def _case(self, partner=None):
        return self.env["ar.collection.case"].search(
            [
                ("partner_id", "=", (partner or self.customer).id),
                ("company_id", "=", self.company.id),
                ("stage", "!=", "closed"),
            ]
        )

    def _promise(self, case, amount, date, kind="promise", user=None, given=None):
        vals = {"case_id": case.id, "kind": kind, "amount": amount, "date": date}
        if given:
            vals["given_date"] = given
        return (
            self.env["ar.collection.promise"]
            .with_user(user or self.salesperson)
            .create(vals)
        )

    def _log(self, case, user=None, **vals):
        return (
            self.env["ar.collection.contact"]
            .with_user(user or self.collector)
            .create({"case_id": case.id, "answer": "Will pay soon", **vals})
        )

    def _owner_activities(self, case, fragment):
        return case.activity_ids.filtered(
            lambda a: fragment in (a.summary or "") and a.user_id == case.user_id
        )

    def _deliver(self, server_up=True):
        """Odoo's mail queue sends what is outgoing, through a mail server
        that answers or is down."""
        connect = patch(
            f"{MAIL_SERVER}.connect",
            side_effect=None if server_up else ConnectionRefusedError("down"),
            return_value=None,
        )
        send = patch(f"{MAIL_SERVER}.send_email", return_value="<dunning@test>")
        with connect, send:
            self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()

    def _pdf_text(self, pdf):
        """The text of ``pdf`` (bytes) as pdftotext reads it; the test is
        skipped, saying why, without wkhtmltopdf or pdftotext."""
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.skipTest("wkhtmltopdf or pdftotext (poppler-utils) is not installed")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
