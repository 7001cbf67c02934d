from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import collection as collection_policy
from ...policy import dunning as dunning_policy
from ...policy import tiers as tier_policy
from ..core.ar_receivable import chased_lines, payment_habits
from ..core.bulk_rows import insert_rows
from ..core.run_batch import run_batch_size, run_day
from ..core.run_lock import try_run_lock


class ArDunningLetter(models.Model):
    """The daily sending of letters, in batches: who gets which letter is
    decided set-wise; each letter is created with its e-mail in the same
    transaction, so a run cut short and started again sends none twice."""

    _inherit = "ar.dunning.letter"

    @api.model
    def _cron_dunning_send(self, as_of=None, batch_size=None):
        """Queue today's letters, one batch per call; retry the e-mails
        that failed.  Reports progress like the overdue run; leaves the
        run to another worker already in it (``run_lock``)."""
        if not try_run_lock(self.env, "dunning_send"):
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return {"done": 0, "remaining": 0}
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "dunning")
        model = self.sudo()
        model._mailed_retry(as_of)
        candidates = model._dunning_candidate_ids()
        todo, evaluated = [], 0
        # cases in id order, a few batches' worth at a time, until a batch
        # of letters is due: the run's work follows the letters it makes
        while len(todo) < batch_size and evaluated < len(candidates):
            chunk = candidates[evaluated : evaluated + 2 * batch_size]
            evaluated += len(chunk)
            todo += model._dunning_eligible(
                as_of, model.env["ar.collection.case"].browse(chunk)
            )
        todo, rest = todo[:batch_size], todo[batch_size:]
        letters = model._dunning_send(todo, as_of)
        # a batch that made no letter ends the run (the cases left wait for
        # a promise, the gap, a habit...)
        remaining = len(rest) + len(candidates) - evaluated if letters else 0
        self.env["ir.cron"]._notify_progress(done=len(letters), remaining=remaining)
        return {"done": len(letters), "remaining": remaining}

    @api.model
    def _dunning_send(self, todo, as_of):
        """Make the letters of ``todo`` (``[(case, level, figures)]``), their
        PDFs and their queued e-mails, in the caller's transaction."""
        letters = self._dunning_create(todo, as_of)
        letters._mailed_render_pdfs()
        letters._mailed_queue_mails()
        return letters

    @api.model
    def _dunning_candidate_ids(self):
        """Ids of the open cases, not in legal action, whose tier has a
        letter they did not get yet, in one query."""
        self.env["ar.collection.case"].flush_model(["stage", "tier_id"])
        self.env["ar.dunning.level"].flush_model(["tier_id", "active"])
        self.flush_model(["case_id", "level_id", "state"])
        return [
            case_id
            for (case_id,) in self.env.execute_query(
                SQL(
                    """
                    SELECT c.id
                      FROM ar_collection_case c
                      JOIN ar_dunning_level lv ON lv.tier_id = c.tier_id AND lv.active
                     WHERE c.stage NOT IN ('closed', 'legal')
                       AND NOT EXISTS (
                           SELECT 1 FROM ar_dunning_letter l
                            WHERE l.case_id = c.id AND l.level_id = lv.id
                              AND l.state != 'draft')
                  ORDER BY c.id
                    """
                )
            )
        ]

    # ------------------------------------------------------------------
    # Who gets a letter
    # ------------------------------------------------------------------
    @api.model
    def _dunning_eligible(self, as_of, cases):
        """``[(case, level, figures)]`` of the letters due today among
        ``cases``, in their order: open, not in legal action, whose tier has
        a letter they did not get yet, not paused by a promise, past the
        minimum gap since their last letter, with something left to pay."""
        cases = cases.filtered(
            lambda c: c.stage not in ("closed", "legal") and c.tier_id
        )
        if not cases:
            return []
        levels = {
            level.tier_id.id: level
            for level in self.env["ar.dunning.level"].search(
                [("company_id", "in", cases.company_id.ids)]
            )
        }
        cases = cases.filtered(lambda c: c.tier_id.id in levels)
        pairs = {(c.partner_id.id, c.company_id.id) for c in cases}
        sent = {}
        last_letter = {}
        for letter in self.search(
            [("case_id", "in", cases.ids), ("state", "!=", "draft")]
        ):
            sent.setdefault(letter.case_id.id, set()).add(letter.level_id.id)
            if letter.state in ("queued", "sent", "printed"):
                last_letter[letter.case_id.id] = max(
                    last_letter.get(letter.case_id.id, letter.date), letter.date
                )
        paused = self.env["ar.collection.promise"]._promise_active_pairs(pairs, as_of)
        habits = payment_habits(self.env, pairs, as_of)
        calendars = {}
        covered = self.env["ar.collection.plan"]._plan_covered(pairs, as_of)
        summaries = self.env["ar.partner.status"]._overdue_summaries(pairs, as_of)
        eligible = []
        for case in cases:
            pair = (case.partner_id.id, case.company_id.id)
            level = levels[case.tier_id.id]
            summary = summaries[pair]
            figures = dunning_policy.letter_figures(
                summary.gross_overdue,
                summary.unapplied_credit,
                covered.get(pair, 0.0),
            )
            skip = dunning_policy.letter_skip(
                case.stage,
                level.id,
                sent.get(case.id, set()),
                paused.get(pair),
                last_letter.get(case.id),
                case.company_id.ar_dunning_min_gap_days,
                figures.due,
                as_of,
            )
            if skip is None and level.severity == "mild":
                skip = self._dunning_wait_for_habit(
                    case, habits.get(pair), as_of, calendars
                )
            if skip is None:
                eligible.append((case, level, figures))
        return eligible

    @api.model
    def _dunning_wait_for_habit(self, case, habit, as_of, calendars):
        """ "habit" while the friendly reminder waits for the days before the
        customer usually pays, never past the first-contact deadline."""
        company = case.company_id
        lead = company.ar_dunning_habit_lead_days
        if not lead or habit is None:
            return None
        if company.id not in calendars:
            calendars[company.id] = company.sudo()._ar_working_days()
        weekdays, holidays = calendars[company.id]
        deadline = collection_policy.add_working_days(
            case.opened_date, company.ar_dunning_first_contact_days, weekdays, holidays
        )
        if as_of >= deadline:
            return None
        if dunning_policy.habit_reminder_date(habit, as_of, lead) > as_of:
            return "habit"
        return None

    # ------------------------------------------------------------------
    # Making and sending them
    # ------------------------------------------------------------------
    @api.model
    def _dunning_create(self, todo, as_of, state="queued"):
        """The letters of ``todo`` (``[(case, level, figures)]``); drafts
        left by a wizard never sent make way."""
        if not todo:
            return self.browse()
        self.search(
            [
                ("state", "=", "draft"),
                ("case_id", "in", [case.id for case, _l, _f in todo]),
            ]
        ).unlink()
        pairs = [(case.partner_id.id, case.company_id.id) for case, _l, _f in todo]
        chased = chased_lines(self.env, pairs, as_of)
        refs = self._letter_next_refs(len(todo))
        vals_list = []
        for (case, level, figures), ref in zip(todo, refs, strict=True):
            vals_list.append(
                {
                    "name": ref,
                    "case_id": case.id,
                    "level_id": level.id,
                    "date": as_of,
                    "state": state,
                    "deadline": fields.Date.add(as_of, days=level.payment_days),
                    "lang": case.partner_id.lang or self.env.lang or "en_US",
                    "invoice_amount": figures.invoices,
                    "credit_amount": figures.credits,
                    "overdue_amount": figures.overdue,
                    "covered_amount": figures.covered,
                    "amount_due": figures.due,
                }
            )
        letters = self.create(vals_list)
        insert_rows(
            self.env["ar.dunning.letter.line"],
            [
                self._dunning_line_vals(row, as_of)
                | {"letter_id": letter.id, "company_id": letter.company_id.id}
                for letter, pair in zip(letters, pairs, strict=True)
                for row in chased[pair]
            ],
        )
        return letters

    @api.model
    def _dunning_line_vals(self, row, as_of):
        """A letter line from a row of ``chased_lines``: an overdue debt, or
        an unapplied credit deducted."""
        return {
            "move_line_id": row["line_id"],
            "move_id": row["move_id"],
            "kind": "credit" if row["credit"] else "debt",
            "name": row["name"],
            "invoice_date": row["invoice_date"],
            "due_date": row["due"],
            "days_overdue": (
                0
                if row["credit"]
                else max(tier_policy.days_overdue(row["due"], as_of), 0)
            ),
            "currency_id": row["currency_id"],
            "amount_residual": row["amount_currency"],
            "amount_company": row["amount"],
        }
