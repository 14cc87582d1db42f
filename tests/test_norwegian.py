"""Tests for norwegian.py: the month names and character classes extract and report share."""

from __future__ import annotations

from horingsanalyse.norwegian import CONTROL_CHARACTERS, MONTH_NAMES, MONTH_NUMBERS, NON_XML_CHARACTERS


def test_every_month_name_reads_back_as_its_number():
    assert len(MONTH_NAMES) == 12
    assert [MONTH_NUMBERS[name] for name in MONTH_NAMES] == list(range(1, 13))
    assert (MONTH_NUMBERS["feb"], MONTH_NUMBERS["sept"], MONTH_NUMBERS["des"], MONTH_NUMBERS["october"]) == (2, 9, 12, 10)


def test_control_characters_keep_layout_whitespace():
    assert CONTROL_CHARACTERS.sub("", "a\x00b\x0cc\x7fd\te\nf\rg") == "abcd\te\nf\rg"


def test_xml_also_refuses_surrogates_and_noncharacters_but_text_keeps_them():
    odd = "\ud800\udfff\ufffe\uffff"
    assert NON_XML_CHARACTERS.sub("", "a\x00\x0c" + odd + "\tb") == "a\tb"
    assert CONTROL_CHARACTERS.sub("", odd) == odd
