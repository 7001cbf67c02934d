"""What a Chinese reader would still find in English in a rendered document,
and whether its dates are in the language's format.

A word is English when it is made of Latin letters and is neither one of
the document's proper nouns (the customer's and the company's names, the
references, currency codes and symbols), which the caller lists, nor in
``ALLOWED``.  New wording added to the documents is caught as soon as it
is left untranslated, whatever it says.
"""

import re

from lxml import html as lxml_html

#: Latin-letter words a Chinese document keeps as they are
ALLOWED = frozenset({"PDF"})

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
#: a date as 06/15/2026 (the en_US format)
SLASHED_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def visible_text(markup):
    """The text a reader sees in ``markup`` (HTML, str or bytes): no tags,
    attributes, scripts, styles nor comments."""
    if isinstance(markup, bytes):
        markup = markup.decode()
    markup = str(markup or "").strip() or "<div/>"
    if markup.lower().startswith(("<!doctype", "<html")):
        tree = lxml_html.document_fromstring(markup)
    else:
        tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    for node in tree.xpath("//script | //style | //head | //title | //comment()"):
        node.drop_tree()
    return " ".join(" ".join(tree.itertext()).split())


def english_words(text, proper_nouns=()):
    """The English words of ``text`` once ``proper_nouns`` are taken out,
    each with a little of the text around it, sorted."""
    for noun in sorted({n for n in proper_nouns if n}, key=len, reverse=True):
        text = text.replace(noun, " ")
    found = set()
    for match in WORD.finditer(text):
        if match.group() in ALLOWED:
            continue
        start, end = match.span()
        found.add(f"{match.group()!r} in …{text[max(0, start - 20) : end + 20]}…")
    return sorted(found)


def foreign_dates(text):
    """The dates of ``text`` written as 06/15/2026."""
    return SLASHED_DATE.findall(text)
