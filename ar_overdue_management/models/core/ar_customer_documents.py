"""The documents a feature keeps per customer, counted and opened from the
customer's form the same way by every feature (its smart buttons)."""


def count_by_customer(env, model, partners, domain=()):
    """``{commercial partner: count}`` of the records of ``model`` of these
    customers that the user sees (record rules: his companies)."""
    return dict(
        env[model]._read_group(
            [("partner_id", "in", partners.commercial_partner_id.ids), *domain],
            ["partner_id"],
            ["__count"],
        )
    )


def open_for_customer(env, action_xmlid, partner, context=None):
    """The list action ``action_xmlid`` on this customer's records only."""
    action = env["ir.actions.act_window"]._for_xml_id(action_xmlid)
    action["domain"] = [("partner_id", "=", partner.commercial_partner_id.id)]
    action["context"] = dict(context or {})
    return action
