from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq

from ..models.core.account_move_dispute import DISPUTE_KINDS
from ..report.report_dunning_letter import report_helpers

REPORT = "ar_overdue_management.action_report_ar_statement"
REPORT_NAME = "ar_overdue_management.report_ar_statement"


class ArStatementPortal(CustomerPortal):
    """The statement's page: the customer opens it from the e-mail's link
    (its token is the only key) and confirms the balance or disputes
    lines."""

    def _ar_statement(self, statement_id, access_token):
        """The statement, as superuser, when the link's token is right.
        Even an internal user needs the token: the answer is the
        customer's."""
        statement = request.env["ar.statement"].sudo().browse(statement_id).exists()
        if not statement:
            raise MissingError(request.env._("This statement does not exist."))
        token = statement.access_token
        if not (access_token and token and consteq(token, access_token)):
            raise AccessError(request.env._("This link is not valid."))
        return statement

    def _ar_statement_render(self, statement, access_token, error=None, preview=False):
        lang = statement.lang
        if lang and request.env["res.lang"]._lang_get(lang):
            request.update_context(lang=lang)
            # the statement's own texts (its lines' kinds) in its language too
            statement = statement.with_context(lang=lang)
        values = {
            "statement": statement,
            "object": statement,
            "preview": preview,
            "pdf_url": f"/report/pdf/{REPORT_NAME}/{statement.id}"
            if preview
            else statement.get_portal_url(report_type="pdf", download=True),
            "answerable": not preview
            and statement.answer == "none"
            and not statement._statement_superseded(),
            **report_helpers(request.env),
            "access_token": access_token,
            "error": error,
            "dispute_kinds": [
                (key, label)
                for key, label in request.env["account.move"]
                ._fields["overdue_dispute_kind"]
                ._description_selection(request.env)
                if key in dict(DISPUTE_KINDS)
            ],
            "no_breadcrumbs": True,
            "page_name": "ar_statement",
        }
        return request.render("ar_overdue_management.portal_ar_statement_page", values)

    @http.route(
        "/my/ar_statements/<int:statement_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_ar_statement(
        self, statement_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            statement = self._ar_statement(statement_id, access_token)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        if report_type in ("html", "pdf"):
            return self._show_report(
                model=statement,
                report_type=report_type,
                report_ref=REPORT,
                download=download,
            )
        return self._ar_statement_render(statement, access_token)

    @http.route(
        "/my/ar_statements/<int:statement_id>/preview",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_ar_statement_preview(self, statement_id, **kw):
        """The page as the customer sees it, for the users who may read the
        statement: no token in it, no answer from it."""
        statement = request.env["ar.statement"].browse(statement_id).exists()
        if not statement:
            raise request.not_found()
        try:
            statement.check_access("read")
        except AccessError as error:
            raise request.not_found() from error
        return self._ar_statement_render(statement.sudo(), None, preview=True)

    @http.route(
        "/my/ar_statements/<int:statement_id>/answer",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_ar_statement_answer(
        self, statement_id, access_token=None, answer=None, name=None, **post
    ):
        try:
            statement = self._ar_statement(statement_id, access_token)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        line_ids = [
            int(key.split("_", 1)[1])
            for key in post
            if key.startswith("line_") and key.split("_", 1)[1].isdigit()
        ]
        try:
            with request.env.cr.savepoint():
                self._ar_statement_record(statement, answer, name, line_ids, post)
        except UserError as error:
            return self._ar_statement_render(statement, access_token, error.args[0])
        return request.redirect(statement.get_portal_url())

    def _ar_statement_record(self, statement, answer, name, line_ids, post):
        if answer == "confirm":
            if line_ids:
                raise UserError(
                    request.env._("Untick the lines to confirm the balance.")
                )
            statement._statement_answer(name)
        elif answer == "dispute":
            if not line_ids:
                raise UserError(request.env._("Tick the lines you dispute."))
            statement._statement_answer(
                name, post.get("comment"), line_ids, post.get("kind")
            )
        else:
            raise UserError(request.env._("Confirm or dispute the statement."))
