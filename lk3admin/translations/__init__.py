"""The portal's catalogs (Bahasa Indonesia by default, English available) and their use.

Flask-Babel merges Flask-AppBuilder's catalogs with ours (BABEL_TRANSLATION_DIRECTORIES):
`en` translates our Indonesian msgids, `id` translates FAB's English ones. WTForms'
validation messages ("This field is required.") are looked up by Flask-WTF in WTForms' own
catalogs, which have no Indonesian; `init_app` adds ours (id/LC_MESSAGES/wtforms.po) on top.
How to update the catalogs: lk3admin/translations/catalogs.py.
"""

from pathlib import Path

from babel import support
from flask import request
from flask_babel import get_locale
from wtforms.i18n import messages_path

TRANSLATIONS_DIR = Path(__file__).resolve().parent
WTFORMS_DOMAIN = "wtforms"


class WtformsTranslations:
    """WTForms' messages in the request's language: WTForms' catalog with ours over it."""

    def __init__(self):
        self._by_locale = {}

    def _catalog(self):
        locale = get_locale()
        key = str(locale)
        if key not in self._by_locale:
            merged = support.Translations()
            for directory in (messages_path(), str(TRANSLATIONS_DIR)):
                catalog = support.Translations.load(directory, [locale], WTFORMS_DOMAIN)
                merged.merge(catalog)
                if hasattr(catalog, "plural"):
                    merged.plural = catalog.plural
            self._by_locale[key] = merged
        return self._by_locale[key]

    def ugettext(self, string):
        return self._catalog().ugettext(string)

    def ungettext(self, singular, plural, n):
        return self._catalog().ungettext(singular, plural, n)


def init_app(app):
    wtforms_translations = WtformsTranslations()

    @app.before_request
    def use_wtforms_translations():
        # Flask-WTF takes a form's message catalog from here when it is set
        # (flask_wtf/i18n.py), instead of loading WTForms' own for the locale.
        request.wtforms_translations = wtforms_translations
