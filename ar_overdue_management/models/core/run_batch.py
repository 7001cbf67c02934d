"""The day and the batch size of a scheduled run, read the same way by the
scheduled actions and by whatever plans their batches otherwise."""

from odoo import fields


def run_day(model, as_of=None):
    """``as_of`` as a date, or today in the user's timezone."""
    return fields.Date.to_date(as_of) if as_of else fields.Date.context_today(model)


#: each run's batch-size parameter and its default
BATCH_SIZES = {
    "daily": ("ar_overdue_management.batch_size", 5000),
    "dunning": ("ar_overdue_management.dunning_batch_size", 200),
    "statement": ("ar_overdue_management.statement_batch_size", 200),
    # each batch reads the receivable lines once whatever its size
    "credit": ("ar_overdue_management.credit_batch_size", 5000),
}


def run_batch_size(env, batch_size, run):
    """``batch_size`` when given, else the system parameter of ``run``
    (a key of ``BATCH_SIZES``)."""
    if batch_size:
        return batch_size
    param, default = BATCH_SIZES[run]
    return int(env["ir.config_parameter"].sudo().get_param(param, default))
