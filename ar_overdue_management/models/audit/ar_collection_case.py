from odoo import api, fields, models
from odoo.tools import SQL

from ...policy.cases import STAGE_SELECTION


class ArCollectionCase(models.Model):
    """What an audit needs of a case that the case itself moves on from:
    the stage it opened in and the deadline of that stage's first action,
    kept as they were on the day it opened."""

    _inherit = "ar.collection.case"

    audit_opened_stage = fields.Selection(
        list(STAGE_SELECTION), string="Opened in Stage", readonly=True, copy=False
    )
    audit_opened_deadline = fields.Date(
        string="First Action Due at Opening",
        readonly=True,
        copy=False,
        help="The deadline of the case's first action, as set when it opened.",
    )

    def init(self):
        """Cases older than these fields that are still in the stage they
        opened in tell it; the others are left unknown."""
        res = super().init()
        self.env.cr.execute(
            """
            UPDATE ar_collection_case
               SET audit_opened_stage = stage,
                   audit_opened_deadline = action_deadline
             WHERE audit_opened_stage IS NULL AND stage_date = opened_date
               AND stage != 'closed'
            """
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        cases._audit_keep_opening()
        return cases

    def _audit_keep_opening(self):
        """Keep the stage and deadline these new cases open with, in one
        UPDATE, before the day's work moves them on."""
        self.flush_recordset(["stage", "action_deadline"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_case
                   SET audit_opened_stage = stage,
                       audit_opened_deadline = action_deadline
                 WHERE id = ANY(%s)
                """,
                self.ids,
            )
        )
        self.invalidate_recordset(["audit_opened_stage", "audit_opened_deadline"])

    def _audit_overdue(self):
        """The case's overdue as the audit bands it: the live figure, or the
        one it closed with."""
        self.ensure_one()
        case = self.sudo()
        return (
            case.closed_overdue_amount
            if case.stage == "closed"
            else case.overdue_amount
        )
