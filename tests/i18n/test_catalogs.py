"""The catalogs are complete, consistent and compiled (see lk3admin/translations/catalogs.py).

A failure lists the msgids to fill: run `make translations`, translate the empty msgstr,
run it again.
"""

from lk3admin.translations import catalogs


def _missing_report(msgids):
    return "\n".join(f"  {msgid!r}" for msgid in msgids)


def test_every_fab_msgid_has_an_indonesian_translation():
    indonesian = catalogs.read_catalog("id")
    missing = [
        message.id
        for message in catalogs.fab_template()
        if message.id and catalogs.untranslated_ids(indonesian, [message.id])
    ]
    assert not missing, "FAB strings without Indonesian (id/messages.po):\n" + _missing_report(
        missing
    )


def test_every_wtforms_message_has_an_indonesian_translation():
    indonesian = catalogs.read_catalog("id", "wtforms")
    template_ids = [m.id for m in catalogs.wtforms_template() if m.id]
    missing = catalogs.untranslated_ids(indonesian, template_ids)
    assert not missing, "WTForms strings without Indonesian:\n" + _missing_report(missing)


def test_every_msgid_of_ours_has_an_english_translation():
    english = catalogs.read_catalog("en")
    template_ids = [m.id for m in catalogs.our_template() if m.id]
    missing = catalogs.untranslated_ids(english, template_ids)
    assert not missing, (
        "Strings without English (run `make translations`, fill en/messages.po):\n"
        + _missing_report(missing)
    )


def test_translations_keep_their_placeholders():
    for locale, domain, _template in catalogs.CATALOGS:
        errors = catalogs.format_errors(catalogs.read_catalog(locale, domain))
        assert not errors, f"{locale}/{domain}: " + "; ".join(errors)


def test_compiled_catalogs_match_their_po_files():
    stale = [
        str(catalogs.catalog_path(locale, domain, ".mo"))
        for locale, domain, _template in catalogs.CATALOGS
        if not catalogs.catalog_path(locale, domain, ".mo").exists()
        or catalogs.catalog_path(locale, domain, ".mo").read_bytes()
        != catalogs.compiled(locale, domain)
    ]
    assert not stale, "Run `make translations` to compile: " + ", ".join(stale)
