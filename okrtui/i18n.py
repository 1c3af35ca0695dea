"""The one translation function every user-facing string goes through.

English is the source language. Catalogs (gettext .mo files under okrtui/locale, made from the
.po files by `python scripts/i18n.py sync`) are loaded when present; without one, text passes
through. The language comes from --lang, then $OKRTUI_LANG, config.toml, the locale, else English
(okrtui.settings.config.effective_settings); zh_TW, zh_HK and zh_Hant give zh-TW.

Some text is translated once and kept: click's help texts (help=_("...") runs when the decorator
does, before --lang is read), Textual's key bindings. To switch the language while running,
`retranslate` maps such a text back to its English source (remembered when it was translated) and
translates that again.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any

_LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "zh-TW")
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_sources: dict[str, str] = {}  # a translation -> its English source, for retranslate()


def normalize_language(value: str | None) -> str | None:
    """'zh_TW.UTF-8', 'zh-hk', 'zh_Hant' -> 'zh-TW'; 'en_US', 'C', 'fr' -> 'en'; '' or None -> None."""
    if not value:
        return None
    low = value.strip().lower().replace("-", "_")
    return "zh-TW" if low.startswith(("zh_tw", "zh_hk", "zh_hant")) else "en"


def _language_from_environment() -> str:
    for var in ("OKRTUI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        language = normalize_language(os.environ.get(var))
        if language:
            return language
    return "en"


def set_language(language: str | None = None) -> str:
    """Select the interface language ("en" or "zh-TW"); None reads the environment."""
    global _translation, _language
    language = normalize_language(language) or _language_from_environment()
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
    text = _translation.gettext(message)
    if text is not message:
        _sources.setdefault(text, message)
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def source_of(text: str) -> str:
    """The English source of a text this process translated (the text itself if it was not)."""
    return _sources.get(text, text)


def retranslate(text: str | None) -> str | None:
    """A text translated earlier (in any language), in the current language."""
    if not text:
        return text
    return _(_sources.get(text, text))


def translate_click(command: Any) -> None:
    """Help texts of a click command tree in the current language (click reads them at import).

    Each is help=_("..."): pybabel extracts no docstrings, so a docstring's help stays English."""
    command.help = retranslate(command.help)
    command.short_help = retranslate(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = retranslate(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_click(sub)


def language_flag(argv: list[str]) -> str | None:
    """The value of --lang in a command line, read before click parses it (help is translated first)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None
