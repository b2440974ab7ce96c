"""The column names of Meta and Google exports in each language, read from export_columns.yaml."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

__all__ = [
    "GOOGLE_FIELDS",
    "META_FIELDS",
    "Column",
    "ExportColumns",
    "Language",
    "Platform",
    "export_columns",
    "load_columns",
    "normalize_name",
]

META_FIELDS = frozenset(
    {
        "starts",
        "ends",
        "day",
        "account",
        "account_id",
        "campaign",
        "adset",
        "ad",
        "impressions",
        "reach",
        "link_clicks",
        "clicks_all",
        "spend",
        "results",
        "indicator",
        "purchase_value",
        "currency",
        "age",
        "gender",
        "placement",
        "publisher",
        "region",
        "country",
    }
)
GOOGLE_FIELDS = frozenset(
    {
        "day",
        "account",
        "campaign",
        "adset",
        "impressions",
        "clicks",
        "spend",
        "conversions",
        "revenue",
        "currency",
    }
)
# Money columns may name their currency: "Amount spent (USD)", "Ausgegebener Betrag (EUR)".
_MONEY_FIELDS = frozenset({"spend", "purchase_value", "revenue"})
_WITH_CURRENCY = re.compile(r"(?P<name>.+?) ?\((?P<currency>[a-z]{3})\)")
_SPACES = re.compile(r"\s+")
_DATA_FILE = "export_columns.yaml"


def normalize_name(cell: str) -> str:
    """A header cell as the tables match it: NFC, any spaces as one, ’ as ', case-folded."""
    text = unicodedata.normalize("NFC", cell).replace("\u2019", "'").replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class Language:
    """How an account's language writes numbers and dates."""

    code: str
    name: str
    decimal_comma: bool
    day_first: bool


@dataclass(frozen=True, slots=True)
class Column:
    """What a header name means, and in which languages the platform writes it so."""

    field: str
    languages: frozenset[str]


@dataclass(frozen=True, slots=True)
class Platform:
    """One platform's header names in every language."""

    name: str
    columns: Mapping[str, Column]
    # field → language → the platform's first name for it, to name a missing column.
    names: Mapping[str, Mapping[str, str]]

    def meaning(self, cell: str) -> tuple[Column, str | None] | None:
        """What a normalized header cell means, and the currency it names; None if unknown."""
        column = self.columns.get(cell)
        if column is not None:
            return column, None
        money = _WITH_CURRENCY.fullmatch(cell)
        if money is None:
            return None
        column = self.columns.get(money["name"])
        if column is None or column.field not in _MONEY_FIELDS:
            return None
        return column, money["currency"].upper()

    def name_in(self, field: str, language: str) -> str | None:
        return self.names.get(field, {}).get(language)


@dataclass(frozen=True, slots=True)
class ExportColumns:
    """Everything export_columns.yaml says, checked."""

    languages: Mapping[str, Language]
    meta: Platform
    google: Platform
    google_total_words: tuple[str, ...]
    lead_words: tuple[str, ...]
    not_conversion_words: tuple[str, ...]


class _Reader:
    """Reads the data file with errors that name the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> ValueError:
        return ValueError(f"{self.source}: {path}: {problem}")

    def mapping(self, value: object, path: str) -> dict[str, object]:
        if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
            raise self.fail(path, "expected a mapping with text keys")
        return value

    def words(self, value: object, path: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(path, "expected a non-empty list of names")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(path, "every name must be non-empty text")
        return tuple(value)

    def language(self, code: str, value: object) -> Language:
        path = f"languages.{code}"
        entry = self.mapping(value, path)
        name, decimal, day_first = entry.get("name"), entry.get("decimal"), entry.get("day_first")
        if (
            not isinstance(name, str)
            or decimal not in (".", ",")
            or not isinstance(day_first, bool)
        ):
            raise self.fail(path, "needs name (text), decimal ('.' or ',') and day_first (bool)")
        return Language(code, name, decimal == ",", day_first)

    def platform(
        self, name: str, value: object, fields: frozenset[str], languages: Mapping[str, Language]
    ) -> Platform:
        tables = self.mapping(value, name)
        unknown = sorted(set(tables) - set(languages))
        if unknown:
            raise self.fail(name, f"languages not under 'languages': {', '.join(unknown)}")
        meaning: dict[str, tuple[str, set[str]]] = {}
        names: dict[str, dict[str, str]] = {}
        for code, table in tables.items():
            for field, spellings in self.mapping(table, f"{name}.{code}").items():
                path = f"{name}.{code}.{field}"
                if field not in fields:
                    raise self.fail(path, f"unknown field; known: {', '.join(sorted(fields))}")
                for spelling in self.words(spellings, path):
                    key = normalize_name(spelling)
                    known_field, known_languages = meaning.setdefault(key, (field, set()))
                    if known_field != field:
                        raise self.fail(path, f"{spelling!r} already means {known_field}")
                    known_languages.add(code)
                    names.setdefault(field, {}).setdefault(code, spelling)
        columns = {key: Column(field, frozenset(codes)) for key, (field, codes) in meaning.items()}
        return Platform(name, columns, names)


def load_columns(text: str, source: str = _DATA_FILE) -> ExportColumns:
    """Parse and check the column tables; ValueError names the file and the key path."""
    reader = _Reader(source)
    data = reader.mapping(yaml.safe_load(text), "top level")
    languages = {
        code: reader.language(code, entry)
        for code, entry in reader.mapping(data.get("languages"), "languages").items()
    }
    if not languages:
        raise reader.fail("languages", "no language")
    result_words = reader.mapping(data.get("result_words"), "result_words")
    return ExportColumns(
        languages=languages,
        meta=reader.platform("meta", data.get("meta"), META_FIELDS, languages),
        google=reader.platform("google", data.get("google"), GOOGLE_FIELDS, languages),
        google_total_words=tuple(
            normalize_name(word)
            for word in reader.words(data.get("google_total_words"), "google_total_words")
        ),
        lead_words=tuple(
            normalize_name(word)
            for word in reader.words(result_words.get("lead"), "result_words.lead")
        ),
        not_conversion_words=tuple(
            normalize_name(word)
            for word in reader.words(
                result_words.get("not_conversion"), "result_words.not_conversion"
            )
        ),
    )


@functools.cache
def export_columns() -> ExportColumns:
    """The tables shipped with socialpulse, read once."""
    text = resources.files("bot.feeds").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return load_columns(text)
