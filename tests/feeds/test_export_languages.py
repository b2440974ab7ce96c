"""Tests for Meta and Google exports in each language their accounts export in.

The exports here are small hand-made files in each platform's layout (synthetic rows), written
with the language's column names, separators, number and date formats.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.feeds.exports import UnknownExport, read_export, read_export_data


def cells(text: str) -> list[str]:
    """A row written 'a|b|c', which keeps these tables short."""
    return text.split("|")


def _csv(delimiter: str, rows: list[list[str]]) -> str:
    def cell(value: str) -> str:
        needs_quotes = delimiter in value or '"' in value
        return '"' + value.replace('"', '""') + '"' if needs_quotes else value

    return "\n".join(delimiter.join(cell(value) for value in row) for row in rows) + "\n"


@dataclass(frozen=True)
class MetaExport:
    """One language's Meta export: its header, and two rows for 6 and 7 December 2026."""

    language: str
    delimiter: str
    header: list[str]
    first: list[str]
    second: list[str]
    currency: str


# Columns: starts, ends, day, campaign, ad set, ad, impressions, reach, link clicks, spend,
# results, result indicator. Row 1 is 12,450 impressions and 1,234.56 spent; row 2 has '1.234' or
# '1,234' impressions: a thousand and more in every file, since impressions are whole.
PURCHASE = "actions:offsite_conversion.fb_pixel_purchase"
META = [
    MetaExport(
        "de",
        ";",
        [
            "Berichtsbeginn",
            "Berichtsende",
            "Tag",
            "Kampagnenname",
            "Name der Anzeigengruppe",
            "Anzeigenname",
            "Impressionen",
            "Reichweite",
            "Link-Klicks",
            "Ausgegebener Betrag (EUR)",
            "Ergebnisse",
            "Ergebnisindikator",
        ],
        cells(
            "01.12.2026|31.12.2026|06.12.2026|Winterschluss|Ski|"
            "Karussell|12.450|9.800|310|1.234,56|12|" + PURCHASE
        ),
        cells(
            "01.12.2026|31.12.2026|07.12.2026|Winterschluss|Ski|"
            "Karussell|1.234|1.000|31|245,18 €|1|" + PURCHASE
        ),
        "EUR",
    ),
    MetaExport(
        "es",
        ",",
        [
            "Inicio del informe",
            "Fin del informe",
            "Día",
            "Nombre de la campaña",
            "Nombre del conjunto de anuncios",
            "Nombre del anuncio",
            "Impresiones",
            "Alcance",
            "Clics en el enlace",
            "Importe gastado (EUR)",
            "Resultados",
            "Indicador de resultados",
        ],
        cells(
            "01/12/2026|31/12/2026|06/12/2026|Rebajas|Esquí|"
            "Carrusel|12.450|9.800|310|1.234,56|12|" + PURCHASE
        ),
        cells(
            "01/12/2026|31/12/2026|07/12/2026|Rebajas|Esquí|"
            "Carrusel|1.234|1.000|31|245,18|1|" + PURCHASE
        ),
        "EUR",
    ),
    MetaExport(
        "it",
        ";",
        [
            "Inizio dei report",
            "Fine dei report",
            "Giorno",
            "Nome della campagna",
            "Nome del gruppo di inserzioni",
            "Nome dell\u2019inserzione",
            "Impression",
            "Copertura",
            "Clic sul link",
            "Importo speso (EUR)",
            "Risultati",
            "Indicatore di risultato",
        ],
        cells(
            "01/12/2026|31/12/2026|06/12/2026|Saldi|Sci|"
            "Carosello|12.450|9.800|310|€ 1.234,56|12|" + PURCHASE
        ),
        cells(
            "01/12/2026|31/12/2026|07/12/2026|Saldi|Sci|"
            "Carosello|1.234|1.000|31|€ 245,18|1|" + PURCHASE
        ),
        "EUR",
    ),
    MetaExport(
        "pt",
        ";",
        [
            "Início dos relatórios",
            "Término dos relatórios",
            "Dia",
            "Nome da campanha",
            "Nome do conjunto de anúncios",
            "Nome do anúncio",
            "Impressões",
            "Alcance",
            "Cliques no link",
            "Valor usado (BRL)",
            "Resultados",
            "Indicador de resultados",
        ],
        cells(
            "2026-12-01|2026-12-31|2026-12-06|Liquidação|Esqui|"
            "Carrossel|12.450|9.800|310|R$ 1.234,56|12|" + PURCHASE
        ),
        cells(
            "2026-12-01|2026-12-31|2026-12-07|Liquidação|Esqui|"
            "Carrossel|1.234|1.000|31|R$ 245,18|1|" + PURCHASE
        ),
        "BRL",
    ),
    MetaExport(
        "nl",
        ",",
        [
            "Start rapportage",
            "Einde rapportage",
            "Dag",
            "Campagnenaam",
            "Naam advertentieset",
            "Naam advertentie",
            "Weergaven",
            "Bereik",
            "Klikken op links",
            "Besteed bedrag (EUR)",
            "Resultaten",
            "Resultaatindicator",
        ],
        cells(
            "01-12-2026|31-12-2026|06-12-2026|Uitverkoop|Skiërs|"
            "Carrousel|12.450|9.800|310|€ 1.234,56|12|" + PURCHASE
        ),
        cells(
            "01-12-2026|31-12-2026|07-12-2026|Uitverkoop|Skiërs|"
            "Carrousel|1.234|1.000|31|€ 245,18|1|" + PURCHASE
        ),
        "EUR",
    ),
    MetaExport(
        "fr",
        ";",
        [
            "Début des rapports",
            "Fin des rapports",
            "Jour",
            "Nom de la campagne",
            "Nom de l\u2019ensemble de publicités",
            "Nom de la publicité",
            "Impressions",
            "Couverture",
            "Clics sur un lien",
            "Montant dépensé (EUR)",
            "Résultats",
            "Indicateur de résultats",
        ],
        cells(
            "01/12/2026|31/12/2026|06/12/2026|Soldes|Skieurs|"
            "Carrousel|12\xa0450|9\u202f800|310|1\u202f234,56|12|" + PURCHASE
        ),
        cells(
            "01/12/2026|31/12/2026|07/12/2026|Soldes|Skieurs|"
            "Carrousel|1.234|1\xa0000|31|245,18\xa0€|1|" + PURCHASE
        ),
        "EUR",
    ),
    MetaExport(
        "en",
        ",",
        [
            "Reporting starts",
            "Reporting ends",
            "Day",
            "Campaign name",
            "Ad set name",
            "Ad name",
            "Impressions",
            "Reach",
            "Link clicks",
            "Amount spent (USD)",
            "Results",
            "Result indicator",
        ],
        cells(
            "2026-12-01|2026-12-31|2026-12-06|Winter Sale|Skiers|"
            "Carousel|12,450|9,800|310|$1,234.56|12|" + PURCHASE
        ),
        cells(
            "2026-12-01|2026-12-31|Dec 7, 2026|Winter Sale|Skiers|"
            "Carousel|1,234|1,000|31|245.18|1|" + PURCHASE
        ),
        "USD",
    ),
]


@pytest.mark.parametrize("export", META, ids=[export.language for export in META])
def test_meta_export_in_each_language(export: MetaExport) -> None:
    # The summary row Meta adds (no campaign, ad set or ad) comes first and is skipped.
    summary = [*export.first[:3], "", "", "", *export.first[6:]]
    text = _csv(export.delimiter, [export.header, summary, export.first, export.second])
    result = read_export(text, f"drop/meta-alpenglow-{export.language}-2026-12.csv")
    assert result.format == "meta"
    assert result.rejected == []
    assert result.skipped == 1
    first, second = result.rows
    assert (first.bucket, first.impressions, first.reach, first.clicks) == (
        "2026-12-06",
        12450,
        9800,
        310,
    )
    assert (first.spend, first.conversions, first.currency, first.account) == (
        1234.56,
        12.0,
        export.currency,
        f"alpenglow-{export.language}",
    )
    assert (second.bucket, second.impressions, second.reach, second.spend) == (
        "2026-12-07",
        1234,
        1000,
        245.18,
    )


def test_a_german_export_from_bytes_as_excel_saves_it() -> None:
    german = META[0]
    text = _csv(german.delimiter, [german.header, german.first])
    for encoding in ("utf-8-sig", "utf-16"):
        result = read_export_data(text.encode(encoding), "meta-alpenglow-2026-12.csv")
        assert [(row.bucket, row.spend) for row in result.rows] == [("2026-12-06", 1234.56)]


@dataclass(frozen=True)
class GoogleExport:
    language: str
    delimiter: str
    title: str
    header: list[str]
    row: list[str]
    total: str


# Columns: day, campaign, ad group, impr., clicks, CTR, cost, conversions, conv. value, currency.
GOOGLE = [
    GoogleExport(
        "de",
        "\t",
        "Kampagnenbericht",
        cells(
            "Tag|Kampagne|Anzeigengruppe|Impr.|Klicks|"
            "CTR|Kosten|Conversions|Conv.-Wert|Währungscode"
        ),
        cells("06.12.2026|Marke|Exakt|6.114|379|6,20 %|1.170,55|12,00|1.440,00|EUR"),
        "Gesamt: Konto",
    ),
    GoogleExport(
        "fr",
        ",",
        "Rapport sur les campagnes",
        cells(
            "Jour|Campagne|Groupe d'annonces|Impr.|Clics|"
            "CTR|Coût|Conversions|Valeur de conv.|Code de la devise"
        ),
        cells(
            "06/12/2026|Marque|Exact|6\u202f114|379|6,20\xa0%|1\u202f170,55|12,00|1\u202f440,00|EUR"
        ),
        "Total : toutes les campagnes",
    ),
    GoogleExport(
        "es",
        ",",
        "Informe de campaña",
        cells(
            "Día|Campaña|Grupo de anuncios|Impr.|Clics|"
            "CTR|Coste|Conversiones|Valor de conv.|Código de moneda"
        ),
        cells("06/12/2026|Marca|Exacta|6.114|379|6,20 %|1.170,55|12,00|1.440,00|EUR"),
        "Total: cuenta",
    ),
    GoogleExport(
        "it",
        ";",
        "Rapporto campagne",
        cells(
            "Giorno|Campagna|Gruppo di annunci|Impr.|Clic|"
            "CTR|Costo|Conversioni|Valore conv.|Codice valuta"
        ),
        cells("06/12/2026|Marca|Esatta|6.114|379|6,20%|1.170,55|12,00|1.440,00|EUR"),
        "Totale: account",
    ),
    GoogleExport(
        "pt",
        "\t",
        "Relatório de campanhas",
        cells(
            "Dia|Campanha|Grupo de anúncios|Impr.|Cliques|"
            "CTR|Custo|Conversões|Valor de conv.|Código da moeda"
        ),
        cells("06/12/2026|Marca|Exata|6.114|379|6,20%|R$ 1.170,55|12,00|R$ 1.440,00|BRL"),
        "Total: conta",
    ),
    GoogleExport(
        "nl",
        ";",
        "Campagnerapport",
        cells(
            "Dag|Campagne|Advertentiegroep|Vertoningen|Klikken|"
            "CTR|Kosten|Conversies|Conv.waarde|Valutacode"
        ),
        cells("06-12-2026|Merk|Exact|6.114|379|6,20%|€ 1.170,55|12,00|€ 1.440,00|EUR"),
        "Totaal: account",
    ),
]


@pytest.mark.parametrize("export", GOOGLE, ids=[export.language for export in GOOGLE])
def test_google_download_in_each_language(export: GoogleExport) -> None:
    total = [export.total, "", "", *export.row[3:]]
    rows = [[export.title], ["1.12.2026 - 7.12.2026"], export.header, export.row, [], total]
    result = read_export(_csv(export.delimiter, rows), f"google-acme-{export.language}.csv")
    assert result.format == "google"
    assert result.rejected == []
    assert result.skipped == 2  # the blank line and the total row
    (row,) = result.rows
    assert (row.bucket, row.campaign, row.impressions, row.clicks) == (
        "2026-12-06",
        export.row[1],
        6114,
        379,
    )
    assert (row.spend, row.conversions, row.revenue, row.currency) == (
        1170.55,
        12.0,
        1440.0,
        export.row[-1],
    )


# --- '1.234': a thousand and more, or one and a bit? --------------------------------------

GERMAN_HEADER = "Tag;Kampagnenname;Impressionen;Link-Klicks;Ausgegebener Betrag (EUR);Ergebnisse"
ENGLISH_HEADER = "Day,Campaign name,Impressions,Link clicks,Amount spent (USD),Results"


def test_one_mark_and_three_digits_is_read_in_the_files_language() -> None:
    german = read_export(f"{GERMAN_HEADER}\n06.12.2026;Winter;5000;10;1.234;1\n", "meta.csv")
    english = read_export(f"{ENGLISH_HEADER}\n2026-12-06,Winter,5000,10,1.234,1\n", "meta.csv")
    assert german.rows[0].spend == 1234.0
    assert english.rows[0].spend == 1.234


def test_numbers_that_show_their_decimal_mark_decide_over_the_language() -> None:
    # German column names, numbers as Meta's raw CSV writes them ('245.18'): '1.234' is 1.234.
    raw = read_export(
        f"{GERMAN_HEADER}\n06.12.2026;Winter;5000;10;245.18;1\n07.12.2026;Winter;4000;9;1.234;1\n",
        "meta.csv",
    )
    assert [row.spend for row in raw.rows] == [245.18, 1.234]
    # English column names from an account whose region writes '1.234,56': '1.234' is 1234.
    regional = read_export(
        f'{ENGLISH_HEADER}\n2026-12-06,Winter,5000,10,"1.234,56",1\n'
        "2026-12-07,Winter,4000,9,1.234,1\n",
        "meta.csv",
    )
    assert [row.spend for row in regional.rows] == [1234.56, 1234.0]


def test_a_file_that_writes_decimals_both_ways_refuses_the_ambiguous_values() -> None:
    text = (
        f"{GERMAN_HEADER}\n"
        "06.12.2026;Winter;5000;10;245.18;1\n"
        "07.12.2026;Winter;4000;9;12,50;1\n"
        "08.12.2026;Winter;3000;8;1.234;1\n"
    )
    result = read_export(text, "meta.csv")
    assert [row.spend for row in result.rows] == [245.18, 12.5]
    (refused,) = result.rejected
    assert refused.position == 4
    assert refused.reason.startswith(
        "Ausgegebener Betrag (EUR): '1.234' could be a whole number or a decimal"
    )


# --- days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "day", "bucket"),
    [
        (GERMAN_HEADER, "06.12.2026", "2026-12-06"),
        (GERMAN_HEADER, "6.12.2026", "2026-12-06"),
        (GERMAN_HEADER, "06/12/2026", "2026-12-06"),
        (GERMAN_HEADER, "2026-12-06", "2026-12-06"),
        (ENGLISH_HEADER, "2026-12-06", "2026-12-06"),
        (ENGLISH_HEADER, "06.12.2026", "2026-12-06"),
        (ENGLISH_HEADER, "Dec 6, 2026", "2026-12-06"),
    ],
)
def test_days_as_each_language_writes_them(header: str, day: str, bucket: str) -> None:
    delimiter = ";" if header == GERMAN_HEADER else ","
    line = delimiter.join([f'"{day}"', "Winter", "5000", "10", "3", "1"])
    assert read_export(f"{header}\n{line}\n", "meta.csv").rows[0].bucket == bucket


def test_a_slashed_day_in_an_english_file_is_refused_as_ambiguous() -> None:
    result = read_export(f"{ENGLISH_HEADER}\n06/12/2026,Winter,5000,10,3,1\n", "meta.csv")
    assert result.rejected[0].reason == "Day: not a date (YYYY-MM-DD): '06/12/2026'"


# --- what is missing, in the file's own words -------------------------------------------


def test_a_german_export_without_results_names_the_german_column() -> None:
    text = "Tag;Kampagnenname;Impressionen;Link-Klicks;Ausgegebener Betrag (EUR)\n"
    with pytest.raises(UnknownExport) as caught:
        read_export(text, "drop/meta.csv")
    message = str(caught.value)
    assert "Meta Ads Manager export needs Reporting starts" in message
    assert "missing Results (German: Ergebnisse)" in message
    assert "exports are read in English, French, German, Spanish, Italian, Portuguese, Dutch" in (
        message
    )
