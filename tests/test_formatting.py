import re
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from pathsum.formatting import format_value, printable, shorten

# What XML 1.0 accepts in a document, less the controls it allows but shows
# nothing for (tab, carriage return).
NOT_PRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@given(st.text(st.characters(exclude_categories=())))
def test_printable_leaves_no_character_a_picture_cannot_carry(text):
    shown = printable(text)
    assert not NOT_PRINTABLE.search(shown)
    shown.encode("utf-8")  # no lone surrogate is left to refuse
    assert shown.count("\n") == text.count("\n")


@given(
    st.text(
        st.characters(
            exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"
        )
    )
)
def test_printable_keeps_ordinary_text(text):
    assert printable(text) == text


@given(st.text(), st.integers(1, 50), st.integers(2, 20))
def test_shorten_bounds_width_and_lines_and_keeps_what_fits(text, width, lines):
    short = shorten(text, width=width, lines=lines)
    assert len(short.split("\n")) <= lines
    assert all(len(line) <= width for line in short.split("\n"))
    fits = len(text.split("\n")) <= lines
    assert (short == text) == (fits and all(len(x) <= width for x in text.split("\n")))


def test_format_value_is_compact():
    assert format_value(Fraction(6, 3)) == "2"
    assert format_value(float("inf")) == "inf"
