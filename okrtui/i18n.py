"""The one translation function every user-facing string goes through.

English is the source language. Catalogs (gettext .mo files under
okrtui/locale) are loaded when present; without one, text passes through.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _language_from_environment() -> str:
    for var in ("OKRTUI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            low = value.lower().replace("-", "_")
            if low.startswith(("zh_tw", "zh_hk", "zh_hant")):
                return "zh-TW"
            return "en"
    return "en"


def set_language(language: str | None = None) -> str:
    """Select the interface language ("en" or "zh-TW"); None reads the environment."""
    global _translation, _language
    language = language or _language_from_environment()
    _language = language
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            "okrtui", localedir=_LOCALE_DIR, languages=[language.replace("-", "_")], fallback=True
        )
    return _language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate one message (English source text)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
