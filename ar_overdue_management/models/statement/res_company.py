from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Settings of the statements of account."""

    _inherit = "res.company"

    ar_statement_day = fields.Integer(
        string="Statement Day of the Month",
        default=1,
        help="The scheduled statements of the past month (or quarter) go out on "
        "this day of the month, or on the next run after it.",
    )
    ar_statement_answer_days = fields.Integer(
        string="Answer Expected Within (days)",
        default=10,
        help="A statement without the customer's answer this many days after it "
        "left is listed for its owner.",
    )
    ar_statement_done_until = fields.Date(
        readonly=True,
        help="First day of the month whose scheduled statements are all made.",
    )

    @api.constrains("ar_statement_day", "ar_statement_answer_days")
    def _check_statement_settings(self):
        for company in self:
            if not 1 <= company.ar_statement_day <= 31:
                raise ValidationError(
                    self.env._("The statement day is a day of the month, 1 to 31.")
                )
            if company.ar_statement_answer_days < 1:
                raise ValidationError(
                    self.env._("Give the customer at least a day to answer.")
                )
