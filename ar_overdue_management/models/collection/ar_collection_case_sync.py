from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import cases as case_policy
from ...policy import tiers as tier_policy
from ..core.ar_receivable import split_pairs
from ..core.ar_security import first_person


class ArCollectionCase(models.Model):
    """The daily run's work on cases, set-wise: one read of the open cases,
    one create, one UPDATE of the figures, batched notes and activities."""

    _inherit = "ar.collection.case"

    @api.model
    def _case_daily(self, as_of):
        """The day's collection work once the invoices are classified:
        promises settled, plans followed, late first actions flagged,
        overdue reasons asked for.  Each step only picks what is still to
        do, so a run cut short and started again does nothing twice."""
        as_of = fields.Date.to_date(as_of)
        self.env["ar.collection.promise"]._promise_settle(as_of)
        self.env["ar.collection.plan"]._plan_follow(as_of)
        self._case_flag_late(as_of)
        self.env["ar.overdue.confirmation"]._confirmation_daily(as_of)

    @api.model
    def _case_sync(self, changes):
        """Open, update and close the cases of the customers refreshed
        (``changes``: what ``ar.partner.status`` saw).  Set-wise: one read of
        the open cases, one create, one UPDATE of the figures."""
        model = self.sudo()
        pairs = changes.pairs
        partner_ids, company_ids = split_pairs(pairs)
        open_cases = {
            (c.partner_id.id, c.company_id.id): c
            for c in model.search(
                [
                    ("partner_id", "in", partner_ids),
                    ("company_id", "in", company_ids),
                    ("stage", "!=", "closed"),
                ]
            )
        }
        statuses = self.env["ar.partner.status"]._of_pairs(pairs)
        companies = self.env["res.company"].browse(company_ids)
        ranks = {
            company_id: tier_policy.rank(company_specs)
            for company_id, company_specs in self.env["ar.overdue.tier"]
            ._specs_by_company(companies)
            .items()
        }
        # account owners of all the customers, read at once
        owners = {p.id: p.user_id for p in self.env["res.partner"].browse(partner_ids)}
        new_vals, figures, to_close = [], {}, model.browse()
        for pair in pairs:
            summary, case = changes.summaries[pair], open_cases.get(pair)
            status = statuses.get(pair)
            tier = status.tier_id if status else status
            action = case_policy.case_action(
                bool(case), summary.overdue_amount, bool(tier)
            )
            if action == "close":
                to_close |= case
            elif action:
                rank = ranks[pair[1]].get(tier.id, 0)
                vals = {
                    "tier_id": tier.id,
                    "priority": rank,
                    "overdue_amount": summary.overdue_amount,
                    "open_amount": summary.open_amount,
                    "oldest_due_date": summary.oldest_due,
                }
                if case:
                    figures[case] = (vals, case_policy.stage_for_rank(rank))
                else:
                    new_vals.append(
                        dict(
                            vals,
                            **self._case_people(pair, owners[pair[0]]),
                            partner_id=pair[0],
                            company_id=pair[1],
                            stage=case_policy.stage_for_rank(rank),
                            opened_date=changes.as_of,
                        )
                    )
        created = model.create(new_vals) if new_vals else model
        model._case_write_figures(figures)
        to_close._case_close(changes.as_of)
        to_close._message_log_batch(
            bodies=dict.fromkeys(
                to_close.ids, self.env._("Closed: nothing is overdue any more.")
            )
        )
        (created | model.browse([c.id for c in figures]))._case_follow_age(
            changes.as_of
        )

    @api.model
    def _case_people(self, pair, account_owner):
        """Owner and team leader of a new case of ``pair``: the account
        owner collects (the risk manager for customers without one)."""
        company = self.env["res.company"].browse(pair[1])
        leader = company.overdue_collection_user_id or company.overdue_risk_manager_id
        return {
            "user_id": first_person(account_owner, company.overdue_risk_manager_id).id,
            "leader_id": leader.id,
        }

    @api.model
    def _case_write_figures(self, figures):
        """``{case: (vals, stage the tier asks for)}``: the figures in one
        UPDATE; stage raises (rare, tracked) through the ORM."""
        changed = [
            (case, vals)
            for case, (vals, _stage) in figures.items()
            if any(
                (case[k].id if k == "tier_id" else case[k]) != v
                for k, v in vals.items()
            )
        ]
        if changed:
            self.flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE ar_collection_case c
                       SET tier_id = v.tier_id, priority = v.priority,
                           overdue_amount = v.overdue, open_amount = v.open,
                           oldest_due_date = v.oldest
                      FROM unnest(%s::int[], %s::int[], %s::int[], %s::numeric[],
                                  %s::numeric[], %s::date[])
                           AS v(id, tier_id, priority, overdue, open, oldest)
                     WHERE c.id = v.id
                    """,
                    [case.id for case, _v in changed],
                    [vals["tier_id"] for _c, vals in changed],
                    [vals["priority"] for _c, vals in changed],
                    [vals["overdue_amount"] for _c, vals in changed],
                    [vals["open_amount"] for _c, vals in changed],
                    [vals["oldest_due_date"] for _c, vals in changed],
                )
            )
            self.invalidate_model(
                [
                    "tier_id",
                    "priority",
                    "overdue_amount",
                    "open_amount",
                    "oldest_due_date",
                ]
            )
        raises = {}
        for case, (_vals, wanted) in figures.items():
            stage = case_policy.raised_stage(case.stage, wanted)
            if stage != case.stage:
                raises[stage] = raises.get(stage, self.browse()) | case
        labels = dict(self._fields["stage"]._description_selection(self.env))
        for stage, group in raises.items():
            group.with_context(tracking_disable=True).write({"stage": stage})
            group._message_log_batch(
                bodies=dict.fromkeys(
                    group.ids,
                    self.env._(
                        "Stage raised to %(stage)s: the customer's tier rose.",
                        stage=labels[stage],
                    ),
                )
            )

    def _case_follow_age(self, as_of):
        """Past three months the team leader is informed, once; past six
        the case becomes formal: a reference of its own and the collection
        team leader as owner.  Notes and activities go out in batches."""
        notes = {}
        leader = self.browse()
        formal = self.browse()
        for case in self:
            days = tier_policy.days_overdue(case.oldest_due_date, as_of)
            who = case_policy.ownership(days)
            if who in ("leader", "formal") and not case.leader_informed:
                leader |= case
                notes[case.id] = self.env._(
                    "Overdue more than three months: %(days)s days.", days=days
                )
            if who == "formal" and not case.formal_ref:
                formal |= case
        leader.write({"leader_informed": True})
        refs = self._case_next_refs("ar.collection.case.formal", len(formal))
        formal_owner = {}
        for case, ref in zip(formal, refs, strict=True):
            formal_owner[case] = (ref, case._case_owner(formal=True).id)
            notes[case.id] = self.env._(
                "Overdue more than six months: formal case %(ref)s opened; the "
                "collection team takes part.",
                ref=ref,
            )
        self._case_write_formal(formal_owner)
        self.browse(list(notes))._case_tell_leaders(notes)

    @api.model
    def _case_write_formal(self, formal_owner):
        """Write ``{case: (formal reference, owner id)}`` in one UPDATE."""
        if not formal_owner:
            return
        self.flush_model(["formal_ref", "user_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_case c
                   SET formal_ref = v.ref, user_id = v.owner
                  FROM unnest(%s::int[], %s::varchar[], %s::int[]) AS v(id, ref, owner)
                 WHERE c.id = v.id
                """,
                [case.id for case in formal_owner],
                [ref for ref, _owner in formal_owner.values()],
                [owner or None for _ref, owner in formal_owner.values()],
            )
        )
        self.invalidate_model(["formal_ref", "user_id"])

    def _case_tell_leaders(self, notes):
        """``notes``: ``{case id: text}`` logged on each case, and one
        activity per case for its team leader, in two batch calls."""
        if not self:
            return
        self._message_log_batch(bodies=notes)
        model_id = self.env["ir.model"]._get_id(self._name)
        todo = self.env.ref("mail.mail_activity_data_todo").id
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "activity_type_id": todo,
                    "user_id": case.leader_id.id,
                    "summary": self.env._("Collection case %(name)s", name=case.name),
                    "note": notes[case.id],
                    "date_deadline": fields.Date.context_today(self),
                }
                for case in self
                if case.leader_id
            ]
        )
