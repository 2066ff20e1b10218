"""The report's files: a PDF with charts (ReportLab, drawn on the server, no internet) and an
XLSX workbook (XlsxWriter, one sheet per table, numbers stored as numbers).

Both render the dict of lk3admin.reporting.compute_figures. Files that leave the portal by
email hide small counts: a count from 1 to `small_count_threshold - 1` is written "<3" (for a
threshold of 3), its chart bar is not drawn and no difference that would reveal it is shown.
"""

import io
from datetime import date
from xml.sax.saxutils import escape

import xlsxwriter
from flask_babel import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from lk3admin.reporting import period_label

PDF_MIMETYPE = "application/pdf"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Tables whose bars help a reader; the others are short enough to read as numbers.
CHARTED_TABLES = ("by_category", "by_stage", "services")
CURRENT_COLOUR = colors.HexColor("#1f6f8b")
PREVIOUS_COLOUR = colors.HexColor("#b9d7e0")


def shown(value, threshold):
    """The count as it may be shown: a number, or "<threshold" for a small non-zero count."""
    if threshold and 0 < value < threshold:
        return f"<{threshold}"
    return value


def difference(current, previous, threshold):
    """current − previous as "+2"/"-1"/"0", or "" when it would reveal a hidden count."""
    if isinstance(shown(current, threshold), str) or isinstance(shown(previous, threshold), str):
        return ""
    change = current - previous
    return f"{change:+d}" if change else "0"


def column_headers():
    return [_("Periode ini"), _("Periode lalu"), _("Selisih")]


def report_title(figures):
    return _("Laporan LK3 — %(name)s", name=figures["scope_name"])


# --- PDF -----------------------------------------------------------------------------------


def render_pdf(figures, small_count_threshold=0, generated_on=None):
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=9, leading=11)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.6 * cm,
        title=report_title(figures),
        author="LK3 Admin",
    )
    previous = figures["previous_period"]
    story = [
        Paragraph(escape(report_title(figures)), styles["Title"]),
        Paragraph(escape(_("Periode: %(period)s", period=period_label(figures))), styles["Normal"]),
        Paragraph(
            escape(
                _(
                    "Dibandingkan dengan periode sebelumnya: %(start)s s.d. %(end)s",
                    start=_day(previous["start"]),
                    end=_day(previous["end"]),
                )
            ),
            styles["Normal"],
        ),
        Paragraph(
            escape(
                _(
                    "Disusun %(day)s. Laporan ini hanya memuat jumlah, tanpa data pribadi klien.",
                    day=f"{generated_on or date.today():%d-%m-%Y}",
                )
            ),
            styles["Italic"],
        ),
    ]
    if small_count_threshold:
        story.append(
            Paragraph(
                escape(
                    _(
                        'Jumlah 1 sampai %(below)s ditulis "<%(threshold)s" untuk melindungi '
                        "klien.",
                        below=small_count_threshold - 1,
                        threshold=small_count_threshold,
                    )
                ),
                styles["Italic"],
            )
        )
    story.append(Spacer(1, 0.4 * cm))
    story.append(Paragraph(escape(_("Ringkasan")), styles["Heading2"]))
    summary_rows = [
        ([item["label"]], item["current"], item["previous"]) for item in figures["summary"]
    ]
    story.append(_pdf_table([_("Uraian")], summary_rows, small_count_threshold, cell))
    for table in figures["tables"]:
        rows = [(row["labels"], row["current"], row["previous"]) for row in table["rows"]]
        block = [Paragraph(escape(table["title"]), styles["Heading3"])]
        if rows:
            block.append(_pdf_table(table["headers"], rows, small_count_threshold, cell))
        else:
            block.append(Paragraph(escape(_("Tidak ada data.")), styles["Normal"]))
        story.append(KeepTogether(block))
    charts = [
        table for table in figures["tables"] if table["key"] in CHARTED_TABLES and table["rows"]
    ]
    if charts:
        story.append(PageBreak())
        story.append(Paragraph(escape(_("Grafik")), styles["Heading2"]))
        for table in charts:
            story.append(Paragraph(escape(table["title"]), styles["Heading3"]))
            story.append(_bar_chart(table["rows"], small_count_threshold))
    document.build(story)
    return buffer.getvalue()


def _pdf_table(label_headers, rows, threshold, cell_style):
    label_count = len(label_headers)
    header = [*label_headers, *column_headers()]
    body = [
        [
            *(Paragraph(escape(str(label)), cell_style) for label in labels),
            str(shown(current, threshold)),
            str(shown(previous, threshold)),
            difference(current, previous, threshold),
        ]
        for labels, current, previous in rows
    ]
    number_width = 2.3 * cm
    label_width = (A4[0] - 3.6 * cm - 3 * number_width) / label_count
    table = Table(
        [header, *body],
        colWidths=[label_width] * label_count + [number_width] * 3,
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (label_count, 1), (-1, -1), "Helvetica", 9),
                ("ALIGN", (label_count, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1f4")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9bb7c0")),
            ]
        )
    )
    return table


def _bar_chart(rows, threshold):
    """Current and previous period side by side; a hidden small count draws no bar."""

    def bar(value):
        return None if isinstance(shown(value, threshold), str) else value

    names = [" / ".join(str(label) for label in row["labels"] if label)[:45] for row in rows]
    current = [bar(row["current"]) for row in rows]
    previous = [bar(row["previous"]) for row in rows]
    largest = max([value for value in current + previous if value] or [1])
    height = 28 + 18 * len(rows)
    drawing = Drawing(17 * cm, height + 30)
    chart = HorizontalBarChart()
    chart.x = 6.5 * cm
    chart.y = 20
    chart.width = 9.5 * cm
    chart.height = height
    # Top to bottom in the order of the table.
    chart.data = [list(reversed(current)), list(reversed(previous))]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = largest
    chart.valueAxis.valueStep = max(1, -(-largest // 5))
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = CURRENT_COLOUR
    chart.bars[1].fillColor = PREVIOUS_COLOUR
    chart.barSpacing = 1
    chart.groupSpacing = 4
    drawing.add(chart)
    legend = Legend()
    legend.x = chart.x
    legend.y = height + 26
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [
        (CURRENT_COLOUR, _("Periode ini")),
        (PREVIOUS_COLOUR, _("Periode lalu")),
    ]
    drawing.add(legend)
    return drawing


def _day(iso):
    return f"{date.fromisoformat(iso):%d-%m-%Y}"


# --- XLSX ----------------------------------------------------------------------------------


def render_xlsx(figures, small_count_threshold=0):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#E8F1F4", "border": 1})
    title = workbook.add_format({"bold": True, "font_size": 13})

    sheet = workbook.add_worksheet(_("Ringkasan")[:31])
    sheet.write(0, 0, report_title(figures), title)
    sheet.write(1, 0, _("Periode"), bold)
    sheet.write(1, 1, period_label(figures))
    previous = figures["previous_period"]
    sheet.write(2, 0, _("Periode sebelumnya"), bold)
    sheet.write(2, 1, f"{_day(previous['start'])} s.d. {_day(previous['end'])}")
    summary_rows = [
        ([item["label"]], item["current"], item["previous"]) for item in figures["summary"]
    ]
    _xlsx_table(sheet, 4, [_("Uraian")], summary_rows, small_count_threshold, header)

    for table in figures["tables"]:
        sheet = workbook.add_worksheet(table["sheet"][:31])
        sheet.write(0, 0, table["title"], title)
        rows = [(row["labels"], row["current"], row["previous"]) for row in table["rows"]]
        _xlsx_table(sheet, 2, table["headers"], rows, small_count_threshold, header)
    workbook.close()
    return buffer.getvalue()


def _xlsx_table(sheet, first_row, label_headers, rows, threshold, header_format):
    headers = [*label_headers, *column_headers()]
    for column, text in enumerate(headers):
        sheet.write_string(first_row, column, text, header_format)
    label_count = len(label_headers)
    for offset, (labels, current, previous) in enumerate(rows, start=1):
        row = first_row + offset
        for column, label in enumerate(labels):
            sheet.write_string(row, column, str(label))
        for column, value in enumerate((current, previous), start=label_count):
            value = shown(value, threshold)
            if isinstance(value, str):
                sheet.write_string(row, column, value)
            else:
                sheet.write_number(row, column, value)
        change = difference(current, previous, threshold)
        if change:
            sheet.write_number(row, label_count + 2, current - previous)
    sheet.set_column(0, label_count - 1, 42)
    sheet.set_column(label_count, label_count + 2, 13)
