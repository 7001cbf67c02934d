"""Html sanitized once per shape reads, for any value, as sanitizing the
whole text: the chatter notes (values escaped into html) and the activity
notes (plain text sanitized as html) of the warnings."""

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from odoo.addons.ar_overdue_management.models.core.html_shapes import (
    shaped_sanitizer,
)
from odoo.tools.mail import html_sanitize

#: what names and figures hold, and what the sanitizer reads otherwise
ALPHABET = st.sampled_from(
    list("aZ09 &<>\"'-;#/.,:()%$€¥中文é!=\t\n\r")
    + ["\N{NO-BREAK SPACE}", "\N{ZERO WIDTH NO-BREAK SPACE}", "\u3000", "--!>"]
)
VALUES = st.lists(st.lists(ALPHABET, max_size=8).map("".join), min_size=3, max_size=9)


def sanitize(html):
    return str(html_sanitize(html, sanitize_style=True))


def body(values):
    """A sentence and a table of a row per two values, as a warning's note."""
    row = Markup("<tr><td>%s</td><td>%s</td></tr>")
    return Markup("<p>%s entered tier %s: %s</p>") % tuple(values[:3]) + Markup(
        "<table class='table table-sm'>%s</table>"
    ) % Markup("").join(
        row % (values[index], values[index + 1])
        for index in range(3, len(values) - 1, 2)
    )


def text(values):
    """A sentence of plain text, as a warning's activity note."""
    return "{} entered tier {}: {}".format(*values[:3])


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_escaped_values_read_as_the_whole_text_sanitized(values):
    render = shaped_sanitizer(sanitize)
    assert render(len(values), body, values) == sanitize(str(body(values)))


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_plain_values_read_as_the_whole_text_sanitized(values):
    render = shaped_sanitizer(sanitize, raw=True)
    assert render("text", text, values[:3]) == sanitize(text(values[:3]))


def test_a_shape_is_sanitized_once():
    calls = []

    def counting(html):
        calls.append(html)
        return sanitize(html)

    render = shaped_sanitizer(counting)
    for name in ("Harbour Foods", "Zhōng Shān 中山", 'O\'Hara & "Sons" <Ltd>'):
        assert render("one", body, [name, "Mild", "1,234.00\xa0€"]) == sanitize(
            str(body([name, "Mild", "1,234.00\xa0€"]))
        )
    assert len(calls) == 1
