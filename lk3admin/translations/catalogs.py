"""The translation workflow: extract, update and compile the portal's catalogs.

    make translations        (= python -m lk3admin.translations.catalogs)

extracts our strings, updates every catalog (new entries get an empty msgstr, vanished
ones are dropped), and compiles the .mo files. Fill the empty msgstr, run it again, commit
the .po and .mo files. tests/i18n names any entry still missing.

The catalogs:
- en/LC_MESSAGES/messages.po — English for our msgids (we write them in Bahasa Indonesia);
- id/LC_MESSAGES/messages.po — Indonesian for Flask-AppBuilder's own English msgids: those of
  FAB's German catalog plus whatever the installed FAB's code and templates use;
- id/LC_MESSAGES/wtforms.po — Indonesian for WTForms' validation messages, which WTForms
  ships in no Indonesian catalog (lk3admin.translations.init_app puts it to use).

The compiled .mo files are committed: the portal speaks Indonesian straight from a clone, in
`make run`, in `pytest` and in an installed package, with no build step to forget.
"""

import io
from pathlib import Path

import flask_appbuilder
import wtforms.i18n
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from lk3admin.translations import TRANSLATIONS_DIR

REPO_DIR = TRANSLATIONS_DIR.parents[1]
EXTRACTION_CONFIG = REPO_DIR / "babel.cfg"
FAB_DIR = Path(flask_appbuilder.__file__).resolve().parent
FAB_GERMAN_CATALOG = FAB_DIR / "translations" / "de" / "LC_MESSAGES" / "messages.po"
WTFORMS_TEMPLATE = Path(wtforms.i18n.messages_path()) / "wtforms.pot"

KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
# FAB's own code and templates, read with the same extractors as ours.
FAB_MAPPING = (
    [("**.py", "python"), ("**.html", "jinja2")],
    {"**.html": {"extensions": "jinja2.ext.do"}},
)


def catalog_path(locale, domain="messages", suffix=".po"):
    return TRANSLATIONS_DIR / locale / "LC_MESSAGES" / f"{domain}{suffix}"


def _extract(directory, method_map, options_map, location_prefix=""):
    template = Catalog(project="lk3admin", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        directory, method_map, options_map, keywords=KEYWORDS
    ):
        template.add(
            message,
            locations=[(location_prefix + filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def our_template():
    """Every msgid of lk3admin's code and templates (written in Bahasa Indonesia)."""
    with EXTRACTION_CONFIG.open() as config:
        method_map, options_map = parse_mapping_cfg(config, str(EXTRACTION_CONFIG))
    return _extract(REPO_DIR, method_map, options_map)


def fab_template():
    """Every English msgid of Flask-AppBuilder: its German catalog's and its code's."""
    template = _extract(FAB_DIR, *FAB_MAPPING, location_prefix="flask_appbuilder/")
    with FAB_GERMAN_CATALOG.open("rb") as german:
        for message in read_po(german):
            if message.id and message.id not in template:
                template.add(message.id, locations=message.locations)
    return template


def wtforms_template():
    with WTFORMS_TEMPLATE.open("rb") as template:
        return read_po(template)


# (locale, domain, function returning the template the catalog follows)
CATALOGS = [
    ("en", "messages", our_template),
    ("id", "messages", fab_template),
    ("id", "wtforms", wtforms_template),
]


def read_catalog(locale, domain="messages"):
    path = catalog_path(locale, domain)
    if not path.exists():
        return Catalog(
            locale=locale,
            domain=domain,
            header_comment=f"# {domain}.po ({locale}) of lk3admin: see translations/catalogs.py",
            project="lk3admin",
            last_translator="lk3admin",
            language_team="lk3admin",
            charset="utf-8",
            fuzzy=False,
        )
    with path.open("rb") as po:
        return read_po(po, locale=locale, domain=domain)


def update_catalog(locale, domain, template):
    """Follow the template: add its new msgids untranslated, drop msgids it no longer has."""
    catalog = read_catalog(locale, domain)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, ignore_obsolete=True, include_lineno=False)
    _write_if_changed(catalog_path(locale, domain), buffer.getvalue())


def compiled(locale, domain="messages"):
    """The .mo bytes for a .po file; fuzzy entries count as untranslated."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(locale, domain), use_fuzzy=False)
    return buffer.getvalue()


def compile_catalog(locale, domain):
    _write_if_changed(catalog_path(locale, domain, ".mo"), compiled(locale, domain))


def untranslated_ids(catalog, msgids):
    """The msgids without a usable translation in the catalog: absent, empty or fuzzy."""
    missing = []
    for msgid in msgids:
        message = catalog.get(msgid)
        strings = () if message is None else message.string
        if isinstance(strings, str):
            strings = (strings,)
        if message is None or message.fuzzy or not all(strings):
            missing.append(msgid)
    return missing


def format_errors(catalog):
    """Translations whose placeholders do not match their msgid (e.g. a lost %(name)s)."""
    return [f"{message.id!r}: {error}" for message, errors in catalog.check() for error in errors]


def _write_if_changed(path, content):
    if path.exists() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def main():
    for locale, domain, template in CATALOGS:
        update_catalog(locale, domain, template())
        compile_catalog(locale, domain)
        catalog = read_catalog(locale, domain)
        missing = untranslated_ids(catalog, [message.id for message in catalog if message.id])
        problems = format_errors(catalog)
        status = f"{len(missing)} untranslated" if missing else "complete"
        print(f"{catalog_path(locale, domain).relative_to(REPO_DIR)}: {status}")
        for msgid in missing:
            print(f"    missing: {msgid!r}")
        for problem in problems:
            print(f"    error: {problem}")


if __name__ == "__main__":
    main()
