"""The day and the batch size of a scheduled run, read the same way by the
scheduled actions and by whatever plans their batches otherwise."""

from odoo import fields


def run_day(model, as_of=None):
    """``as_of`` as a date, or today in the user's timezone."""
    return fields.Date.to_date(as_of) if as_of else fields.Date.context_today(model)


def run_batch_size(env, batch_size, param, default):
    """``batch_size`` when given, else the system parameter ``param``."""
    if batch_size:
        return batch_size
    return int(env["ir.config_parameter"].sudo().get_param(param, default))
