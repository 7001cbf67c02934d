from odoo import Command, api, fields, models
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
            "name": self.env._("Send Dunning Letters"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_send(self):
        """E-mail and/or download the prepared letters, once checked again:
        a letter whose case no longer calls for it (paid, promise, dispute,
        plan, legal action) is dropped, and one whose figures changed is
        prepared again to preview, before anything leaves."""
        self.ensure_one()
        if not (self.send_email or self.download):
            raise UserError(self.env._("E-mail the letters, download them, or both."))
        self.case_ids.check_access("write")
        self.letter_ids.check_access("read")
        if self.letter_ids.case_id - self.case_ids:
            raise UserError(
                self.env._("Send only the letters prepared for the cases chosen here.")
            )
        letters = self.letter_ids.sudo().filtered(
            lambda letter: letter.state == "draft"
        )
        if not letters:
            raise UserError(self.env._("Prepare the letters first."))
        stale = self._ar_refresh(letters)
        if stale:
            return stale
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

    def _ar_refresh(self, letters):
        """Check the prepared ``letters`` against today's figures.  Returns
        the wizard again (with the refreshed letters and what changed) when
        a letter was dropped or its amount changed, else None."""
        today = fields.Date.context_today(self)
        letters_model = self.env["ar.dunning.letter"].sudo()
        eligible = {
            case.id: (case, level, figures)
            for case, level, figures in letters_model._dunning_eligible(
                today, letters.case_id
            )
        }
        changed = letters.filtered(
            lambda letter: (
                letter.case_id.id not in eligible
                or eligible[letter.case_id.id][1] != letter.level_id
                or letter.currency_id.compare_amounts(
                    eligible[letter.case_id.id][2].due, letter.amount_due
                )
            )
        )
        if not changed:
            return None
        dropped = changed.case_id.filtered(lambda case: case.id not in eligible)
        todo = [eligible[case.id] for case in changed.case_id if case.id in eligible]
        kept = letters - changed
        changed.filtered(lambda letter: letter.case_id in dropped).unlink()
        # the letters whose figures changed make way for fresh drafts
        fresh = letters_model._dunning_create(todo, today, state="draft")
        notes = []
        if dropped:
            notes.append(
                self.env._(
                    "No longer called for (paid, promised, disputed, covered by a "
                    "plan or in legal action), not sent: %(cases)s",
                    cases=", ".join(dropped.mapped("name")),
                )
            )
        if fresh:
            notes.append(
                self.env._(
                    "Figures changed since the letters were prepared, prepared again: "
                    "%(cases)s. Check them and send.",
                    cases=", ".join(fresh.case_id.mapped("name")),
                )
            )
        self.write(
            {
                "letter_ids": [Command.set((kept | fresh).ids)],
                "skipped": "\n".join(notes),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Dunning Letters"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
