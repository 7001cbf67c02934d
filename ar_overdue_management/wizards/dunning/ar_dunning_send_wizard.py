from odoo import api, fields, models
from odoo.exceptions import UserError


class ArDunningSendWizard(models.TransientModel):
    """Send or print dunning letters from a selection of cases, customers or
    invoices: the letters are prepared as drafts to preview, then e-mailed
    and/or downloaded as one PDF for post."""

    _name = "ar.dunning.send.wizard"
    _description = "Send Dunning Letters"

    case_ids = fields.Many2many("ar.collection.case", string="Cases")
    letter_ids = fields.Many2many("ar.dunning.letter", string="Letters")
    send_email = fields.Boolean(string="E-mail", default=True)
    download = fields.Boolean(string="Download for Post")
    skipped = fields.Text(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        cases = self.env["ar.collection.case"]
        if model == "ar.collection.case":
            cases = cases.browse(ids)
        elif model in ("res.partner", "account.move"):
            records = self.env[model].browse(ids)
            partners = records.commercial_partner_id
            cases = cases.search(
                [("partner_id", "in", partners.ids), ("stage", "!=", "closed")]
            )
        values["case_ids"] = [(6, 0, cases.ids)]
        return values

    def action_prepare(self):
        """Draft the letter each case calls for today, to preview."""
        self.ensure_one()
        self.case_ids.check_access("write")
        letters_model = self.env["ar.dunning.letter"].sudo()
        today = fields.Date.context_today(self)
        eligible = {
            case.id: (case, level, figures)
            for case, level, figures in letters_model._dunning_eligible(
                today, self.case_ids.sudo()
            )
        }
        todo = [eligible[c.id] for c in self.case_ids if c.id in eligible]
        if not todo:
            raise UserError(
                self.env._(
                    "None of the selected cases calls for a letter today: each "
                    "level's letter goes once, never during a promise or within "
                    "the gap after the last letter, and only for what is still due."
                )
            )
        letters = letters_model._dunning_create(todo, today, state="draft")
        skipped = self.case_ids.filtered(lambda c: c.id not in eligible)
        self.write(
            {
                "letter_ids": [(6, 0, letters.ids)],
                "skipped": ", ".join(skipped.mapped("name")),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_send(self):
        """E-mail and/or download the prepared letters."""
        self.ensure_one()
        letters = self.letter_ids.sudo().filtered(
            lambda letter: letter.state == "draft"
        )
        if not letters:
            raise UserError(self.env._("Prepare the letters first."))
        if not (self.send_email or self.download):
            raise UserError(self.env._("E-mail the letters, download them, or both."))
        letters.write({"state": "queued"})
        letters._mailed_render_pdfs()
        if self.send_email:
            letters._mailed_queue_mails()
        if self.download:
            # as the user: the report action is the user's download
            return self.letter_ids.filtered(
                lambda letter: letter.id in letters.ids
            ).action_print()
        return {"type": "ir.actions.act_window_close"}
