"""The server calls the web client makes when a screen opens, derived from
what the client reads (the spreadsheet's JSON, the action and its views).

A call is ``(model, method, args, kwargs)``, as ``/web/dataset/call_kw``
receives it.  Odoo 18's client makes them as follows.

Collections dashboard (``spreadsheet_dashboard``'s action and the
``spreadsheet`` data sources):

1. ``spreadsheet.dashboard.group.web_search_read`` of the published groups;
2. ``spreadsheet.dashboard.get_readonly_dashboard`` of the dashboard;
3. ``fields_get`` once per model of a pivot or a list;
4. per pivot, one ``read_group`` (``lazy=False``) per pair of prefixes of
   its row and column dimensions (web's ``PivotModel._loadData``): the
   total first, the others only when it counts records; measures as their
   field names, ``orderby`` from the dimensions' orders;
5. per list, one ``web_search_read`` of the fields its formulas show, up to
   the last row they show, in its order (it counts the records when the
   limit is reached).

Today (the action ``ar_collection_case_action_today``): the kanban's
``web_search_read`` with the specification of the fields of its view, the
domain of the action's default filters (one group per separator of the
search view, OR inside a group, AND between groups), its ``default_order``,
the action's limit and the client's count limit; then ``today_figures``
(the renderer's "My month").
"""

import json
import re
from itertools import product

from lxml import etree
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

DASHBOARD = "ar_overdue_management_spreadsheet.spreadsheet_dashboard_collections"
TODAY_ACTION = "ar_overdue_management.ar_collection_case_action_today"
#: the relational model's count limit (``DEFAULT_COUNT_LIMIT + 1``)
COUNT_LIMIT = 10001
LIST_FORMULA = re.compile(r'ODOO\.LIST\((\d+),\s*(\d+),\s*"([^"]+)"\)')


def dashboard_calls(env):
    """The calls that open the Collections dashboard, as a list of
    ``(label, call, follow)``: ``follow`` (pivot totals only) names the
    calls made only when the total counts records."""
    dashboard = env.ref(DASHBOARD)
    data = json.loads(dashboard.spreadsheet_data)
    calls = [
        (
            "dashboard groups",
            (
                "spreadsheet.dashboard.group",
                "web_search_read",
                [],
                {
                    "domain": [("published_dashboard_ids", "!=", False)],
                    "specification": {
                        "name": {},
                        "published_dashboard_ids": {"fields": {"name": {}}},
                    },
                },
            ),
            None,
        ),
        (
            "get_readonly_dashboard",
            ("spreadsheet.dashboard", "get_readonly_dashboard", [[dashboard.id]], {}),
            None,
        ),
    ]
    sources = list(data["pivots"].values()) + list(data["lists"].values())
    for model in dict.fromkeys(source["model"] for source in sources):
        calls.append((f"fields_get {model}", (model, "fields_get", [], {}), None))
    for pivot_id, pivot in data["pivots"].items():
        calls.extend(pivot_calls(pivot_id, pivot))
    shown = list_fields(data)
    for list_id, olist in data["lists"].items():
        fields_shown, rows = shown.get(list_id, ({}, 0))
        if rows:
            calls.append(list_call(env, list_id, olist, fields_shown, rows))
    return calls


def pivot_calls(pivot_id, pivot):
    """The ``read_group`` calls of one pivot: the total, then every other
    pair of row and column prefixes (made only when the total has records)."""
    rows = [dimension_name(d) for d in pivot["rows"]]
    columns = [dimension_name(d) for d in pivot["columns"]]
    orders = {
        dimension_name(d): d["order"]
        for d in pivot["rows"] + pivot["columns"]
        if d.get("order")
    }
    measures = [m["fieldName"] for m in pivot["measures"]]
    pairs = list(product(prefixes(rows), prefixes(columns)))
    out = []
    for index, (row, column) in enumerate(pairs):
        groupby = list(dict.fromkeys(row + column))
        orderby = ",".join(f"{g} {orders[g]}" for g in groupby if g in orders)
        call = (
            pivot["model"],
            "read_group",
            [],
            {
                "domain": pivot["domain"],
                "fields": measures,
                "groupby": groupby,
                "lazy": False,
                "orderby": orderby,
                "context": pivot.get("context") or {},
            },
        )
        label = f"pivot {pivot_id} read_group {groupby or 'total'}"
        out.append((label, call, "total" if index == 0 else "rest"))
    return out


def dimension_name(dimension):
    granularity = dimension.get("granularity")
    return (
        f"{dimension['fieldName']}:{granularity}"
        if granularity
        else dimension["fieldName"]
    )


def prefixes(names):
    return [names[:i] for i in range(len(names) + 1)]


def list_fields(data):
    """``{list id: (fields shown, last row shown)}`` from the formulas."""
    shown = {}
    for sheet in data["sheets"]:
        for cell in sheet["cells"].values():
            for list_id, row, field in LIST_FORMULA.findall(cell.get("content", "")):
                names, last = shown.get(list_id, ({}, 0))
                names[field] = None
                shown[list_id] = (names, max(last, int(row)))
    return shown


def list_call(env, list_id, olist, fields_shown, rows):
    """The ``web_search_read`` of a list: the specification the list data
    source builds (a many2one's display name, a monetary field's currency)."""
    model = env[olist["model"]]
    spec = {}
    for name in fields_shown:
        field = model._fields[name]
        if field.type in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type == "monetary":
            spec[name] = {}
            spec[field.get_currency_field(model)] = {
                "fields": {
                    "name": {},
                    "symbol": {},
                    "decimal_places": {},
                    "position": {},
                }
            }
        else:
            spec[name] = {}
    order = ", ".join(
        f"{o['name']} {'ASC' if o['asc'] else 'DESC'}" for o in olist["orderBy"]
    )
    call = (
        olist["model"],
        "web_search_read",
        [],
        {
            "domain": olist["domain"],
            "specification": spec,
            "order": order,
            "limit": rows,
            "context": olist.get("context") or {},
        },
    )
    return (f"list {list_id} web_search_read", call, None)


def today_calls(env, with_my_cases=True):
    """The calls that open Today for ``env.user``: the kanban's
    ``web_search_read`` and ``today_figures``.  ``with_my_cases=False``:
    the "My Cases" filter removed (a manager looking at everyone's day)."""
    # the client reads the action through /web/action/load, as superuser
    action = env.ref(TODAY_ACTION).sudo()
    context = safe_eval(action.context or "{}", {"uid": env.uid})
    if not with_my_cases:
        context.pop("search_default_my_cases", None)
    model = env["ar.collection.case"]
    kanban_view = action.view_ids.filtered(lambda v: v.view_mode == "kanban").view_id
    views = model.get_views(
        [(kanban_view.id, "kanban"), (action.search_view_id.id, "search")]
    )["views"]
    kanban = etree.fromstring(views["kanban"]["arch"])
    domain = default_filters_domain(views["search"]["arch"], context, env.uid)
    user_context = {
        key: value
        for key, value in context.items()
        if not key.startswith("search_default_")
    }
    kwargs = {
        "domain": domain,
        "specification": kanban_spec(model, kanban),
        "offset": 0,
        "order": kanban.get("default_order") or "",
        "limit": int(kanban.get("limit") or action.limit or 40),
        "count_limit": COUNT_LIMIT,
        "context": {"bin_size": True, **user_context},
    }
    return [
        (
            "kanban web_search_read",
            ("ar.collection.case", "web_search_read", [], kwargs),
            None,
        ),
        ("today_figures", ("ar.collection.case", "today_figures", [], {}), None),
    ]


def default_filters_domain(search_arch, context, uid):
    """The domain of the filters the context turns on by default, grouped
    as the search view's separators group them."""
    groups, current = [], []
    for node in etree.fromstring(search_arch).iter("filter", "separator"):
        if node.tag == "separator":
            groups.append(current)
            current = []
        elif context.get(f"search_default_{node.get('name')}"):
            current.append(safe_eval(node.get("domain"), {"uid": uid}))
    groups.append(current)
    return expression.AND([expression.OR(group) for group in groups if group])


def kanban_spec(model, kanban):
    """The kanban's ``web_search_read`` specification: every field of the
    view, a many2one with its display name."""
    spec = {}
    for node in kanban.iter("field"):
        name = node.get("name")
        if model._fields[name].type == "many2one":
            spec[name] = {"fields": {"display_name": {}}, "context": {}}
        else:
            spec[name] = {}
    return spec
