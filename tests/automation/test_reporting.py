"""Acceptance 4: the report's figures equal figures counted independently from the raw rows,
and the PDF (read back with pypdf) and the XLSX (read back with openpyxl) carry them."""

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader

from lk3admin import report_render, reporting
from models import ReportScope
from tests.automation.report_data import PERIOD, PREVIOUS, expected_figures, seed_report_rows

pytestmark = pytest.mark.integration


def table_counts(figures, period):
    """The figures of one period in the shape expected_figures() gives."""
    counts = {"summary": {item["key"]: item[period] for item in figures["summary"]}}
    for table in figures["tables"]:
        counts[table["key"]] = {tuple(row["labels"]): row[period] for row in table["rows"]}
    return counts


def without_zeros(counts):
    return {
        key: value if key == "summary" else {k: n for k, n in value.items() if n}
        for key, value in counts.items()
    }


@pytest.fixture
def seeded(app_ctx):
    return seed_report_rows()


def test_figures_equal_an_independent_count_of_the_raw_rows(seeded):
    bontang, samarinda = seeded["BTG"], seeded["SMD"]
    # Kalimantan Timur holds Bontang and Samarinda, not Banjarmasin.
    scopes = [
        (ReportScope.UNIT, bontang.id, {bontang.id}),
        (ReportScope.REGENCY, samarinda.regency_id, {samarinda.id}),
        (ReportScope.PROVINCE, bontang.regency.province_id, {bontang.id, samarinda.id}),
    ]
    for scope, scope_id, unit_ids in scopes:
        figures = reporting.compute_figures(scope, scope_id, *PERIOD)

        assert figures["previous_period"] == {"start": "2030-10-03", "end": "2030-12-31"}
        for period, (start, end) in (("current", PERIOD), ("previous", PREVIOUS)):
            expected = without_zeros(expected_figures(unit_ids, start, end))
            assert without_zeros(table_counts(figures, period)) == expected, (scope, period)
        # Something to compare: the seed puts rows in every table of both periods.
        assert all(figures["summary"][0][p] > 0 for p in ("current", "previous"))
        assert all(any(r["current"] for r in t["rows"]) for t in figures["tables"])
        # The fixed lists are listed whole, zeros included.
        tables = {t["key"]: t for t in figures["tables"]}
        assert len(tables["by_stage"]["rows"]) == 8
        assert len(tables["services"]["rows"]) == 8


def test_the_pdf_and_the_xlsx_carry_the_same_figures(seeded):
    figures = reporting.compute_figures(ReportScope.UNIT, seeded["BTG"].id, *PERIOD)

    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(report_render.render_pdf(figures))).pages
    )
    # Tables first, then the charts' page: read the tables' part only.
    tables_text = text.split("Grafik")[0]
    workbook = openpyxl.load_workbook(io.BytesIO(report_render.render_xlsx(figures)))

    summary_rows = [([item["label"]], item) for item in figures["summary"]]
    assert_pdf_rows(tables_text, summary_rows)
    assert_sheet_rows(workbook["Ringkasan"], 6, summary_rows)
    for table in figures["tables"]:
        rows = [(row["labels"], row) for row in table["rows"]]
        assert_pdf_rows(tables_text, rows)
        assert_sheet_rows(workbook[table["sheet"]], 4, rows)
    assert workbook.sheetnames == ["Ringkasan", *(t["sheet"] for t in figures["tables"])]


def assert_pdf_rows(text, rows):
    for labels, row in rows:
        words = [re.escape(word) for label in labels for word in str(label).split()]
        change = row["current"] - row["previous"]
        numbers = [str(row["current"]), str(row["previous"]), f"{change:+d}" if change else "0"]
        pattern = r"\s+".join(words + [re.escape(n) for n in numbers])
        assert re.search(pattern, text), f"PDF lacks the row {labels} {numbers}"


def assert_sheet_rows(sheet, first_row, rows):
    cells = list(sheet.iter_rows(min_row=first_row, values_only=True))
    assert len(cells) == len(rows)
    for values, (labels, row) in zip(cells, rows, strict=True):
        label_values = [value or "" for value in values[: len(labels)]]
        assert label_values == [str(label) for label in labels]
        current, previous, change = values[len(labels) : len(labels) + 3]
        # Numbers are stored as numbers.
        assert (current, previous, change) == (
            row["current"],
            row["previous"],
            row["current"] - row["previous"],
        )


def test_emailed_files_hide_small_counts(app_ctx):
    figures = {
        "scope": "unit",
        "scope_id": 1,
        "scope_name": "LK3 Kota Bontang",
        "period": {"start": "2031-01-01", "end": "2031-03-31"},
        "previous_period": {"start": "2030-10-03", "end": "2030-12-31"},
        "summary": [{"key": "handled", "label": "Kasus ditangani", "current": 2, "previous": 7}],
        "tables": [
            {
                "key": "by_category",
                "title": "Kasus menurut kategori masalah",
                "sheet": "Kategori",
                "headers": ["Kategori"],
                "rows": [
                    {"labels": ["Penyalahgunaan NAPZA"], "current": 1, "previous": 0},
                    {"labels": ["Perceraian"], "current": 12, "previous": 9},
                ],
            }
        ],
    }
    text = PdfReader(io.BytesIO(report_render.render_pdf(figures, 3))).pages[0].extract_text()
    assert re.search(r"Kasus\s+ditangani\s+<3\s+7\s", text)  # no difference that reveals 2
    assert re.search(r"Penyalahgunaan\s+NAPZA\s+<3\s+0\s", text)
    assert re.search(r"Perceraian\s+12\s+9\s+\+3", text)

    workbook = openpyxl.load_workbook(io.BytesIO(report_render.render_xlsx(figures, 3)))
    assert list(workbook["Ringkasan"].iter_rows(min_row=6, values_only=True))[0][:4] == (
        "Kasus ditangani",
        "<3",
        7,
        None,
    )
    assert list(workbook["Kategori"].iter_rows(min_row=4, values_only=True)) == [
        ("Penyalahgunaan NAPZA", "<3", 0, None),
        ("Perceraian", 12, 9, 3),
    ]


def test_a_period_ending_before_it_starts_is_refused(seeded):
    with pytest.raises(ValueError, match="Akhir periode"):
        reporting.compute_figures(ReportScope.UNIT, seeded["BTG"].id, PERIOD[1], PERIOD[0])
