"""Terminal text helpers: cell widths (CJK and emoji are two cells), truncation, padding, control characters, bars."""

import pytest
from hypothesis import given, settings, strategies as st

from okrtui.present.text import bar, pad, truncate, visible, visible_json
from okrtui.domain.text_rules import cell_width, char_width, describe_character, find_control_character


@pytest.mark.parametrize(
    "text, width",
    [
        ("", 0),
        ("abc", 3),
        ("中文", 4),
        ("提升品牌知名度", 14),
        ("ＡＢ", 4),  # fullwidth Latin
        ("😀", 2),
        ("ok 😀", 5),
        ("e\u0301", 1),  # e + combining acute accent
        ("a\u200db", 2),  # zero-width joiner takes no cell
        ("\u200fRTL", 3),  # right-to-left mark takes no cell
        ("שלום", 4),  # Hebrew letters are one cell each
    ],
)
def test_cell_width(text, width):
    assert cell_width(text) == width


def test_char_width():
    assert char_width("a") == 1
    assert char_width("中") == 2
    assert char_width("\u0301") == 0


def test_truncate_leaves_short_text_alone():
    assert truncate("abc", 3) == "abc"
    assert truncate("中文", 4) == "中文"


def test_truncate_adds_an_ellipsis():
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abcdef", 1) == "…"
    assert truncate("abcdef", 0) == ""
    assert truncate("abcdef", -3) == ""


def test_truncate_never_splits_a_wide_character():
    # 4 cells: room for 3 before the ellipsis; 中 (2) fits, 文 (2 more) would make 4 > 3
    assert truncate("中文字", 4) == "中…"
    assert cell_width(truncate("中文字", 4)) == 3
    # 5 cells: room for 4 -> 中文 + …
    assert truncate("中文字", 5) == "中文…"


def test_pad_gives_exact_width():
    assert pad("ab", 5) == "ab   "
    assert pad("ab", 5, align="right") == "   ab"
    assert pad("中文字", 4) == "中… "  # 3 cells of text, one space
    assert pad("", 3) == "   "


@pytest.mark.parametrize("char, name", [("\x1b", "ESC"), ("\x07", "BEL"), ("\r", "CR"), ("\x7f", "DEL"), ("\x9b", "U+009B"), ("\x00", "U+0000")])
def test_find_control_character(char, name):
    assert find_control_character(f"safe{char}[31mred") == char
    assert describe_character(char) == name


def test_control_characters_allowed_in_multiline_text():
    assert find_control_character("a\nb\tc") == "\n"
    assert find_control_character("a\nb\tc", allow_newlines=True) is None
    assert find_control_character("a\nb\rc", allow_newlines=True) == "\r"


@pytest.mark.parametrize(
    "text",
    ["plain", "中文", "👩\u200d💻", "\u200fשלום", "\u200eltr", "[bold]x[/]", "e\u0301", "\u2028"],
)
def test_formatting_characters_are_not_controls(text):
    assert find_control_character(text) is None


def test_bar():
    assert bar(0.0, 10) == "░" * 10
    assert bar(0.5, 10) == "█" * 5 + "░" * 5
    assert bar(0.999, 10) == "█" * 9 + "░"  # rounds down: a full bar only when done
    assert bar(1.0, 10) == "█" * 10
    assert bar(1.7, 10) == "█" * 10  # over-achievement: clamped
    assert bar(-0.3, 4) == "░" * 4
    assert bar(0.5, 4, full="#", empty="-") == "##--"


# ---- properties ---------------------------------------------------------------------------------

texts = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from("中文字提升品牌😀👩\u200d💻ＡＢé\u0301"),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=50))
def test_truncate_respects_the_width(text, width):
    out = truncate(text, width)
    text = visible(text)  # truncate is for a terminal: bidi controls are shown as marks first
    assert cell_width(out) <= width
    if cell_width(text) <= width:
        assert out == text
    elif width > 0:
        assert out.endswith("…")
        kept = out[:-1]
        assert text.startswith(kept)  # whole characters from the start, none split
        # and as many as fit: the next character would not have fitted before the ellipsis
        assert cell_width(kept) + char_width(text[len(kept)]) > width - 1


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=50), st.sampled_from(["left", "right"]))
def test_pad_is_exact(text, width, align):
    assert cell_width(pad(text, width, align)) == width


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1, max_value=2, allow_nan=False), st.integers(min_value=0, max_value=60))
def test_bar_width_and_full_only_when_done(fraction, width):
    out = bar(fraction, width)
    assert len(out) == width
    filled = out.count("█")
    assert out == "█" * filled + "░" * (width - filled)
    if width:
        assert (filled == width) == (fraction >= 1.0)


def test_bar_does_not_lose_a_cell_to_float_rounding():
    # (4 - 1.6) / (4 - 1) is 0.7999999999999999 in floating point; it is 80%, so 8 of 10 cells.
    assert bar((4 - 1.6) / (4 - 1), 10) == "█" * 8 + "░" * 2


def test_bidi_controls_are_shown_by_name_and_marks_pass_through():
    assert visible("\u202etxt.exe") == "⟨RLO⟩txt.exe"
    assert visible("a\u2066b\u2069\u202a\u202b\u202c\u202d\u2067\u2068") == (
        "a⟨LRI⟩b⟨PDI⟩⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLI⟩⟨FSI⟩")
    assert visible("\u200fשלום \u200eltr 中文") == "\u200fשלום \u200eltr 中文"
    assert pad("\u202eab", 9) == "⟨RLO⟩ab  " and truncate("\u202eabc", 6) == "⟨RLO⟩…"
    assert visible_json('{"t": "\u202ex"}') == '{"t": "\\u202ex"}'


def test_cell_width_of_ascii_text_agrees_with_each_characters_width():
    from okrtui.domain.text_rules import cell_width, char_width

    every_ascii = "".join(chr(i) for i in range(128))
    assert cell_width(every_ascii) == sum(char_width(ch) for ch in every_ascii) == 128
    assert cell_width("ab拓展") == 6  # not ASCII: measured per character
