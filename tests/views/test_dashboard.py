"""The home page figures: one SQL aggregate each, narrowed by explicit filters."""

from datetime import date

from lk3admin import dashboard
from tests import factories
from tests.views.conftest import board_period, membership


def east_kalimantan():
    bontang = factories.unit(status="aktif")
    samarinda = factories.unit("SMD", "64.72", "Kota Samarinda", status="aktif")
    factories.unit("PPU", "64.09", "Kabupaten Penajam Paser Utara", status="tidak_aktif")
    factories.regency("64.01", "Kabupaten Paser", kind="kabupaten")
    factories.regency("64.02", "Kabupaten Kutai Barat", kind="kabupaten")
    factories.province("63", "Kalimantan Selatan")
    factories.regency("63.71", "Kota Banjarmasin")
    factories.partner(bontang)
    factories.partner(samarinda, name="RSUD Abdul Wahab Sjahranie", kind="kesehatan")
    current = board_period(bontang, "SK-077/2024", date(2024, 1, 1))
    membership(current, "Rina Kartika")
    membership(current, "Agus Santoso", left_on=date(2025, 2, 1), left_reason="mutasi")
    membership(
        board_period(bontang, "SK-001/2021", date(2021, 1, 1), ends_on=date(2023, 12, 31)),
        "Dewi Lestari",
    )
    return bontang


def test_units_by_status_per_province_with_regencies_without_a_unit(app_ctx):
    east_kalimantan()
    rows = {row.province: row for row in dashboard.units_by_province()}
    kaltim, kalsel = rows["Kalimantan Timur"], rows["Kalimantan Selatan"]
    assert (kaltim.regencies, kaltim.active, kaltim.inactive, kaltim.not_formed) == (5, 2, 1, 2)
    assert (kalsel.regencies, kalsel.active, kalsel.inactive, kalsel.not_formed) == (1, 0, 0, 1)


def test_overview_counts_partners_and_serving_members(app_ctx):
    east_kalimantan()
    overview = dashboard.overview(today=date(2026, 3, 1))
    assert overview.partners == 2
    assert overview.serving_members == 1  # not the one who left, not the old period
    assert (overview.totals.regencies, overview.totals.not_formed) == (6, 3)


def test_overview_is_narrowed_by_the_filters_it_is_given(app_ctx):
    bontang = east_kalimantan()
    kalsel = factories.province("63", "Kalimantan Selatan")
    by_unit = dashboard.overview(unit_ids=[bontang.id], today=date(2026, 3, 1))
    assert (by_unit.partners, by_unit.serving_members) == (1, 1)
    by_province = dashboard.overview(province_ids=[kalsel.id])
    assert [row.province for row in by_province.provinces] == ["Kalimantan Selatan"]
    assert (by_province.partners, by_province.serving_members) == (0, 0)
    nothing = dashboard.overview(unit_ids=[])
    assert (nothing.provinces, nothing.partners) == ([], 0)
