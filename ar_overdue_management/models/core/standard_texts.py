"""The standard texts the addon writes into records (default tier names,
letter names...), given in every installed language.

Such records are made in Python per company, so no ``.po`` entry can name
them: each standard text is translated as code is, in each language, and
written where the record still carries it (a text the company changed, in
English or in that language, is left alone).
"""

EN = "en_US"


def installed_langs(env):
    """The codes of the installed languages."""
    return [code for code, _name in env["res.lang"].get_installed()]


def translate_standard_texts(records, field_name, standard, langs):
    """Write, in each of ``langs``, the translation of the standard text
    ``records`` still carry in ``field_name``.

    ``standard(env)`` returns ``{key: text}`` in ``env``'s language; a
    record carries the standard text ``key`` when its English value is the
    English text, and is untranslated in a language when its value there is
    still the English text.
    """
    records = records.sudo().with_context(lang=EN, active_test=False)
    english = standard(records.env)
    for lang in langs or ():
        if lang == EN:
            continue
        texts = standard(records.with_context(lang=lang).env)
        for key, source in english.items():
            target = texts.get(key)
            if not target or target == source:
                continue
            todo = records.filtered(lambda r, s=source: r[field_name] == s)
            todo = todo.with_context(lang=lang).filtered(
                lambda r, s=source: r[field_name] == s
            )
            if todo:
                todo.write({field_name: target})
