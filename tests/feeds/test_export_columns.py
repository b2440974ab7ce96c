"""Tests for the table of export column names per language shipped as package data."""

from __future__ import annotations

import pytest

from bot.feeds.export_columns import export_columns, load_columns

LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl"]
META_NEEDED = ["starts", "ends", "day", "campaign", "impressions", "spend", "results"]
GOOGLE_NEEDED = ["day", "campaign", "impressions", "clicks", "spend", "conversions"]


def test_the_shipped_table_covers_every_language_for_both_platforms() -> None:
    columns = export_columns()
    assert list(columns.languages) == LANGUAGES
    for code in LANGUAGES:
        for field in [*META_NEEDED, "link_clicks"]:
            assert columns.meta.name_in(field, code), (code, field)
        for field in GOOGLE_NEEDED:
            assert columns.google.name_in(field, code), (code, field)
    assert not columns.languages["en"].decimal_comma
    assert all(columns.languages[code].decimal_comma for code in LANGUAGES[1:])


def test_names_match_whatever_their_case_spaces_and_apostrophes() -> None:
    meta = export_columns().meta
    found = meta.meaning("nom de l'ensemble de publicités")
    assert found is not None and found[0].field == "adset"
    spend = meta.meaning("ausgegebener betrag (eur)")
    assert spend is not None and spend[0].field == "spend" and spend[1] == "EUR"
    assert meta.meaning("ergebnisse (eur)") is None  # only money columns name a currency
    shared = meta.meaning("impressions")
    assert shared is not None and shared[0].languages == {"en", "fr"}


GOOD = """
languages:
  en: {name: English, decimal: ".", day_first: false}
meta:
  en: {campaign: [Campaign name]}
google:
  en: {campaign: [Campaign]}
google_total_words: [Total]
result_words: {lead: [lead], not_conversion: [reach]}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("{campaign: [Campaign name]}", "{campain: [Campaign name]}"),
            r"meta\.en\.campain: unknown",
        ),
        (
            ("{campaign: [Campaign name]}", "{campaign: [Name], ad: [name]}"),
            r"meta\.en\.ad: 'name' already means campaign",
        ),
        (("meta:\n  en:", "meta:\n  xx:"), r"meta: languages not under 'languages': xx"),
        (('decimal: "."', 'decimal: ";"'), r"languages\.en: needs name"),
        (("[Total]", "[]"), r"google_total_words: expected a non-empty list"),
        (("{campaign: [Campaign]}", "{campaign: ['  ']}"), r"google\.en\.campaign: every name"),
    ],
)
def test_a_broken_table_is_refused_naming_the_key(change: tuple[str, str], message: str) -> None:
    assert load_columns(GOOD, "columns.yaml").languages["en"].name == "English"
    with pytest.raises(ValueError, match=rf"^columns\.yaml: {message}"):
        load_columns(GOOD.replace(*change), "columns.yaml")
