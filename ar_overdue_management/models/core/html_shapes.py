"""Html sanitized once per shape: the chatter notes and activities of a run
say the same sentences for thousands of customers, only the names and
figures change.  Sanitizing each of them (parsing and writing back the
html) is most of what writing them costs; the sanitizer changes the text
between the tags only by escaping a few characters, so a shape (the
sentences, the table, its number of rows) is sanitized once with a token
in place of each value, and each value is written in as the sanitizer
would write it.

A value the sanitizer could read otherwise (a line break, which it reads
as a quote or a signature, a character it may drop) or a shape it rewrote
around a token sends that one text through the sanitizer whole: the result
is always what sanitizing the whole text gives.
"""

import re

from markupsafe import escape

_TOKEN = "zqarom{}q"
_TOKENS = re.compile(r"zqarom(\d+)q")
#: the spaces amounts are formatted with, kept in the text as they come
_SPACES = frozenset("\N{NO-BREAK SPACE}\N{ZERO WIDTH NO-BREAK SPACE}")
#: how the sanitizer writes the characters it escapes in a text node
_WRITTEN = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\N{NO-BREAK SPACE}": "&nbsp;",
}


def column_sanitizer(model, field_name):
    """``html -> column value``: what ``create`` of ``model`` stores for
    ``field_name`` (an Html field) given ``html``."""
    records = model.sudo()
    field = records._fields[field_name]
    return lambda html: field.convert_to_column_insert(html, records)


def shaped_sanitizer(sanitize, raw=False):
    """A function ``render(shape, build, values)``: ``sanitize(build(values))``
    (``build`` makes the html source from a list of strings; ``shape`` is a
    hashable key of what ``build`` does besides the values), the shape
    sanitized once.  ``raw``: the values go into the source as they are
    (plain text sanitized as html), not escaped by ``build``."""
    skeletons = {}

    def render(shape, build, values):
        values = [str(value) for value in values]
        if shape not in skeletons:
            skeletons[shape] = _skeleton(sanitize, build, len(values), raw)
        parts = skeletons[shape]
        written = [_written(value, raw) for value in values]
        if parts is None or None in written:
            return sanitize(str(build(values)))
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            out.append(written[int(parts[index])])
            out.append(parts[index + 1])
        return "".join(out)

    return render


def _skeleton(sanitize, build, count, raw):
    """The sanitized shape split around its tokens (texts and token
    indexes alternating), or None when it cannot be trusted."""
    tokens = [_TOKEN.format(index) for index in range(count)]
    source = str(build(tokens))
    if (
        "\n" in source
        or "\r" in source
        or (raw and any(char in source for char in "&<>"))
        or len(_TOKENS.findall(source)) != count
    ):
        return None
    parts = _TOKENS.split(str(sanitize(source)))
    if sorted(int(index) for index in parts[1::2]) != list(range(count)):
        return None
    return parts


def _written(value, raw):
    """``value`` as the sanitizer writes it in a text node, or None when
    it may do more than escape it."""
    if not value:
        # plain text loses the spaces next to it at its start or end
        return None if raw else value
    if value.isspace() or value != value.strip():
        return None
    if not all(char.isprintable() or char in _SPACES for char in value):
        return None
    if raw:
        # read as markup (the sanitizer's own rewrites of "--!>" and
        # such too), or as a byte order mark at the start
        if any(char in value for char in "&<>\N{ZERO WIDTH NO-BREAK SPACE}"):
            return None
    elif str(escape(value)) == value:
        return value.replace("\N{NO-BREAK SPACE}", "&nbsp;")
    return "".join(_WRITTEN.get(char, char) for char in value)
