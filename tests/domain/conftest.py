"""Domain tests assert on English sentences: pin the interface language for each test."""

import pytest

from okrtui import i18n


@pytest.fixture(autouse=True)
def english():
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)
