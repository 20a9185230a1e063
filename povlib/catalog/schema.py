"""Descriptions of every exported table and column (the metadata of the data package).

A test fails when a table povlib exports has a column without a description here.
"""

from __future__ import annotations

TABLES: dict[str, str] = {
    "facts": "One row per number curated from a source document, with its verbatim quote and offsets.",
    "sources": "The source documents (the regional reports and the national benchmark releases): manifest fields, fact count and coverage.",
    "regions": "Regions and organisations the facts are about, with their parent region.",
    "indicators": "What each fact measures: labels in English and Chinese, base unit, definition.",
    "excluded": "Numbers in the reports that are not facts (names, ordinals, repeats...), with the reason.",
    "anomalies": "Errors and ambiguities in the sources, curated or found by arithmetic checks.",
    "checks": "Arithmetic relations the texts imply, evaluated at the stated precision.",
    "coverage": "Share of Arabic numerals in each report accounted for by a fact or an exclusion.",
    "poverty_rate_declines": "Poverty incidence start and end per region, decline in points and per year.",
    "headcount_reductions": "Reductions of the poor population, computed from start/end or stated.",
    "relocation_scale": "Relocation scale per region, measure and period: people, households, sites, ratios.",
    "funding": "Every funding fact by region, source of funds, sector, measure: the column yi_yuan in 亿元 (10^8 yuan, as the sources write it) and beside it million_yuan, the unit the reports show (yi_yuan × 100).",
}

_COMMON = {
    "source_id": "Identifier of the source document (see sources).",
    "region": "Region key (see regions).",
    "fact_id": "Stable identifier of the fact: <source_id>-NNN.",
    "quote": "Verbatim excerpt of the source, in the source's script.",
    "quote_start": "Character offset of the quote in the seed text (UTF-8 decoded, Python indexing).",
    "raw_start": "Character offset of the raw number in the seed text.",
    "raw": "The number with its unit exactly as written in the source.",
    "file": "Curated file holding the row (relative to the project root).",
    "line": "Line of the row in that file.",
    "note": "Scope and caveats.",
    "measure": "actual, target, plan, cumulative, share or threshold.",
    "period_start": "Start of the period (YYYY, YYYY-MM or YYYY-MM-DD; empty if the text gives none).",
    "period_end": "End of the period (same format).",
    "period_text": "The period as the text words it.",
    "kind": "Category of the row (see the table's description).",
    "explanation": "What is wrong or how the value was computed, in English.",
    "scope": "Who the number covers: all, rural, registered_poor (建档立卡) or subset (see scope_note).",
    "scope_note": "The part of the region a subset covers, in English.",
    "year_basis": "How the year is known: stated, context or document_date (for a metrics row, the weakest of its facts).",
    "start_basis": "How the start year of a metrics row is known (stated, context or document_date; weakest of its facts).",
    "end_basis": "How the end year of a metrics row is known (stated, context or document_date; weakest of its facts).",
    "anomalies": "Ids of every anomaly that names one of the row's facts, ';'-separated.",
    "flagged": "True when one of those anomalies is a contradiction or an impossible magnitude (left out of rankings).",
    "per": "What an amount is counted per (year, person, household, ...); empty for a lump sum.",
    "item": "What is counted when one indicator holds several kinds of thing.",
    "part_of": "fact_id of the total this amount is a component of.",
    "value_withheld": "Why the row's figure is left empty: an anomaly says it cannot be read as written "
                      "(an impossible magnitude); raw and quote keep the number as written. Empty for every other row.",
}

COLUMNS: dict[str, dict[str, str]] = {
    "facts": {
        "topic": "Topic: poverty, relocation, funding, employment, infrastructure, industry, education, "
                 "health, cadres, governance or other.",
        "indicator": "Indicator key (see indicators).",
        "year_start": "Year of period_start.", "year_end": "Year of period_end.",
        "value": "The number in the indicator's base unit, computed from raw.",
        "value_exact": "The same value as an exact decimal string.",
        "unit": "Base unit of value.",
        "qualifier": "'' exact, 'approx' (约), 'nearly' (近), 'more_than' (余/多/超过/以上), 'at_least' (至少), 'at_most' (以下).",
        "unit_stated": "False when raw shares a unit written once for several numbers.",
        "precision": "Half the last written digit, in base units (25.71% -> 0.005).",
        "fund_source": "Whose money (funding facts only).", "sector": "What the money is for (funding facts only).",
        "scope": "Who the number covers: all (everyone in the region), rural, registered_poor (建档立卡) or subset.",
        "scope_note": "The part of the region a 'subset' (or rural/registered_poor) number covers, in English.",
        "item": "What is counted when one indicator holds several kinds of thing (e.g. apple vs potato bases).",
        "part_of": "fact_id of the total this number is a component of (same source and unit).",
        "per": "What an amount is counted per (year, month, person, household, ...); empty for a lump sum.",
        "year_basis": "How the period's year is known: stated, context (inferred from the text around it) "
                      "or document_date (今年/目前 taken from the document's date); empty without a period.",
    },
    "sources": {
        "file": "File name of the seed document in seeds/.", "sha256": "SHA-256 of the seed's bytes.",
        "title": "Title as written in the document.", "title_en": "English rendering of the title.",
        "outlet": "Publisher as the document states it.", "outlet_en": "English name of the publisher.",
        "date": "Publication date.", "date_basis": "stated or inferred.",
        "date_evidence": "The quote or reasoning behind the date.", "script": "traditional, simplified or mixed.",
        "regions": "Region keys the document covers, ';'-separated.", "description": "What the document covers.",
        "author": "Who wrote or issued the text, in English, as the text states it; empty when not stated.",
        "host": "The website the stored text was copied from, as its address or footer states it; empty when unknown.",
        "url": "The address the stored text was copied from; empty when not recorded.",
        "n_facts": "Number of facts curated from it.", "numbers_counted": "Arabic numbers needing an account.",
        "numbers_covered": "Numbers accounted for.", "coverage_percent": "numbers_covered / numbers_counted, in %.",
    },
    "regions": {
        "key": "Region key.", "name_zh": "Chinese name (simplified).", "name_en": "English name.",
        "level": "country, province, prefecture, county, township, village or organisation.",
        "parent": "Key of the parent region.", "origin": "Reference file that defines the row.",
    },
    "indicators": {
        "key": "Indicator key.", "label_en": "English label.", "label_zh": "Chinese label (simplified).",
        "unit": "Base unit.", "unit_label": "English label of the base unit.",
        "definition": "One-line definition.", "origin": "Reference file that defines the row.",
    },
    "excluded": {"reason": "Why the number is not a fact.", "repeats": "Fact restated by this repeat."},
    "anomalies": {"anomaly_id": "Identifier of the anomaly.", "facts": "Fact ids concerned, ';'-separated.",
                  "caveat": "What a reader of any finding on these facts must know, one short English clause "
                            "('' when not written)."},
    "checks": {
        "check_id": "Identifier of the check.", "result": "Fact id of the stated result.",
        "operands": "Fact ids of the operands, ';'-separated.", "computed": "Result computed from the operands.",
        "stated": "Result as stated.", "unit": "Unit of the result.", "verdict": "holds or fails.",
    },
    "coverage": {"counted": "Numbers needing an account.", "covered": "Numbers accounted for.",
                 "uncovered": "Numbers not accounted for.", "percent": "covered / counted, in %."},
    "poverty_rate_declines": {
        "start_year": "Year of the first incidence.", "start_rate": "First incidence, %.",
        "end_year": "Year of the last incidence.", "end_rate": "Last incidence, %.",
        "decline_pp": "start_rate - end_rate, percentage points.", "years": "end_year - start_year.",
        "pp_per_year": "decline_pp / years, with years as read; a single pace only when both years are stated "
                       "(see pp_per_year_low/high).",
        "pp_per_year_low": "Lowest pace the years allow: an inferred year may be a year earlier (the reports' range).",
        "pp_per_year_high": "Highest pace the years allow; equal to pp_per_year_low when both years are stated.",
        "relative_decline_pct": "decline_pp / start_rate, in %.",
        "start_fact": "Fact id of the start rate.", "end_fact": "Fact id of the end rate.",
        "caveat": "Missing years and the scope notes of the two facts.",
    },
    "headcount_reductions": {
        "basis": "computed (start minus end), stated (a persons_lifted fact) or stated+computed (both, one row).",
        "start_year": "First year.", "end_year": "Last year.", "years": "Years the reduction spans: end_year - start_year between year-end stocks, "
                 "end_year - start_year + 1 for a stated flow (both years counted); at least 1.",
        "counting": "Which of the two ways `years` was counted.",
        "persons": "People out of poverty: the stated figure when there is one, else the computed one.",
        "persons_computed": "Start stock minus end stock.", "persons_stated": "The reduction as stated.",
        "agree": "Whether stated and computed agree at the written precision (empty unless both exist).",
        "persons_per_year": "persons divided by years.", "facts": "Fact ids used, ';'-separated.",
    },
    "relocation_scale": {
        "persons": "People relocated.", "households": "Households relocated.", "sites": "Resettlement sites.",
        "persons_per_site": "persons / sites.", "persons_per_household": "persons / households.",
        "cross_area_persons": "People relocated across county or region lines.",
        "cross_area_share_stated": "Cross-area share as the text states it, %.",
        "cross_area_share_computed": "cross_area_persons / persons, %.",
        "facts": "Fact ids used, ';'-separated.", "other_facts": "Facts of the same group not used (other scopes).",
        "note": "Why a ratio is missing and what a cross-area count covers.",
    },
    "funding": {
        "fund_source": "Whose money.", "sector": "What the money is for.",
        "yi_yuan": "Amount in 亿元 (10^8 yuan).", "value_exact_yi": "The same amount as an exact decimal string.",
        "million_yuan": "The same amount in million yuan (10^6 yuan), the unit every report shows: yi_yuan × 100, "
                        "computed exactly from value_exact_yi (added by the export).",
        "amount_label": "The amount in words: '3 亿元 per year'.",
        "level": "0 for an amount that is not part of another, 1 for a part of one, 2 for a part of a part.",
    },
}

UNITS: dict[tuple[str, str], str] = {
    ("poverty_rate_declines", "start_rate"): "percent", ("poverty_rate_declines", "end_rate"): "percent",
    ("poverty_rate_declines", "decline_pp"): "percentage points",
    ("poverty_rate_declines", "pp_per_year"): "percentage points per year",
    ("poverty_rate_declines", "pp_per_year_low"): "percentage points per year",
    ("poverty_rate_declines", "pp_per_year_high"): "percentage points per year",
    ("headcount_reductions", "persons"): "persons", ("headcount_reductions", "persons_per_year"): "persons per year",
    ("relocation_scale", "persons"): "persons", ("relocation_scale", "households"): "households",
    ("relocation_scale", "sites"): "count", ("funding", "yi_yuan"): "10^8 yuan",
    ("funding", "million_yuan"): "10^6 yuan",
}


def describe(table: str, column: str) -> str:
    """Return the description of a column; raises KeyError when it has none."""
    own = COLUMNS.get(table, {})
    if column in own:
        return own[column]
    return _COMMON[column]
