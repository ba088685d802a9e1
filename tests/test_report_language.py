"""Everything the Ferrara 2017 report prints is Italian.

The visible text (text nodes, SVG labels and titles included) is scanned segment by segment. What
the chamber or the data team entered is printed as entered: the catalogue of those texts
(plan titles, owners, indicator names and algorithms, targets, budget lines, status and check
labels) is taken out of each segment first; an override's justification is not in it, so the
embedded example must be Italian, then codes (measure,
node and table codes, numbers). What is left is the report's own text and the generated reasons:
no English word may remain.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from orchestration.reports import build_report

# English words that are not Italian words: one of them in the report's own text is English.
ENGLISH = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "of",
        "and",
        "for",
        "with",
        "from",
        "by",
        "to",
        "not",
        "this",
        "that",
        "which",
        "whose",
        "has",
        "have",
        "its",
        "an",
        "or",
        "on",
        "at",
        "as",
        "than",
        "will",
        "would",
        "should",
        "can",
        "cannot",
        "into",
        "only",
        "when",
        "where",
        "because",
        "printed",
        "differs",
        "different",
        "missing",
        "measure",
        "value",
        "unit",
        "count",
        "extract",
        "gives",
        "wrong",
        "indicator",
        "nodes",
        "node",
        "code",
        "rejected",
        "unknown",
        "duplicated",
        "achievement",
        "target's",
        "weights",
        "sum",
    ]
)
# Codes printed as they are: measure / node / indicator codes, table and column names, numbers.
CODE = re.compile(
    r"\[[^\]]*\]|\b[A-Za-z_]*\d[\w.~-]*|\b[a-z]+(?:_[a-z0-9]+)+\b|\b[A-Z][A-Z0-9_.]*[0-9_.][\w.]*"
)
CATALOGUE_SQL = """
    select title from marts.dim_objective union select owner from marts.dim_objective
    union select indicator_name from marts.dim_indicator union select algorithm_text from marts.dim_indicator
    union select formula from marts.dim_indicator union select unit from marts.dim_indicator
    union select entity_name from marts.dim_entity union select province from marts.dim_entity
    union select region from marts.dim_entity
    union select target_raw from marts.fct_indicator_results
    union select override_decided_by from marts.fct_indicator_results
    union select mission_name from marts.fct_budget union select program_name from marts.fct_budget
    union select priority_area from marts.fct_budget union select mission_statement from marts.fct_budget
    union select label_it from marts.dim_status
    union select raw_value from marts.fct_data_quality_issues
    union select row_key from marts.fct_data_quality_issues
"""


class VisibleText(HTMLParser):
    """Text segments a reader sees (everything but <style>), one per text node."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._in_style = False
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs) -> None:
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._in_style:
            self.segments.append(text)


def catalogue(connection: duckdb.DuckDBPyConnection) -> list[str]:
    sql = CATALOGUE_SQL
    columns = {
        name
        for (name,) in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_data_quality_issues'"
        ).fetchall()
    }
    if "label_it" in columns:  # the check catalogue's Italian labels (SQL stream)
        sql += " union select label_it from marts.fct_data_quality_issues"
    texts = {" ".join(text.split()) for (text,) in connection.execute(sql).fetchall() if text}
    return sorted(texts, key=len, reverse=True)


def english_words(segment: str, known: list[str]) -> set[str]:
    for text in known:
        if len(text) > 2:
            segment = segment.replace(text, " ")
    segment = CODE.sub(" ", segment)
    return {
        word for word in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", segment.lower()) if word in ENGLISH
    }


def english_segments(markup: str, known: list[str]) -> dict[str, set[str]]:
    found = {}
    for segment in VisibleText(markup).segments:
        words = english_words(segment, known)
        if words:
            found[segment] = words
    return found


@pytest.fixture(scope="module")
def fe_report(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    html_path, _ = build_report(warehouse, "FE", "2017", tmp_path_factory.mktemp("language"))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        known = catalogue(connection)
    return html_path.read_text(encoding="utf-8"), known


def test_the_scanner_finds_english() -> None:
    sentence = (
        "Motivazione: The extract gives a count (18 N.) for an indicator whose target is a "
        "percentage (>= 90,00%)."
    )
    assert english_segments(f"<p>{sentence}</p>", []) == {
        sentence: {"the", "extract", "gives", "count", "for", "an", "indicator", "whose", "is"}
    }
    assert english_segments("<p>measure unit N. differs from the unit % of F140</p>", [])
    assert not english_segments(
        "<p>Rettifica del valore: valore originale 18 N., grado originale 20,00%. "
        "Decisa da: Controllo di gestione. Tabella raw_indicators, campo unit_raw, F140, "
        "[N_Vis Metr], 02.O2.O3, C1.1_07</p>",
        [],
    )


def test_the_ferrara_report_prints_no_english(fe_report) -> None:
    markup, known = fe_report
    assert english_segments(markup, known) == {}


def test_the_ferrara_report_prints_its_quality_reasons(fe_report, query) -> None:
    markup, _ = fe_report
    reasons = query(
        "select reason from marts.fct_data_quality_issues "
        "where entity_code = 'FE' and severity in ('error', 'warning')"
    )
    assert reasons
    text = " ".join(" ".join(segment.split()) for segment in VisibleText(markup).segments)
    for (reason,) in reasons:
        assert " ".join(reason.split()) in text


def test_no_benchmark_against_synthetic_rows(fe_report) -> None:
    markup, _ = fe_report
    section = markup.split('id="confronto"')[1].split("</section>")[0]
    assert "nessun confronto disponibile" in section
    assert "sintetic" not in section
