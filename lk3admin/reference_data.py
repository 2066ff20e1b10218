"""The standard LK3 reference lists, loaded idempotently (by code) into a new database.

Administrators may rename or deactivate entries afterwards; loading again never duplicates.
"""

from sqlalchemy import select

from lk3admin.extensions import db
from models import (
    BoardPosition,
    MemberElement,
    PartnerKind,
    ProblemCategory,
    ReferralSource,
    Service,
)

# The eight LK3 services, in the order of the Kemensos guideline.
SERVICES = [
    ("konseling", "Konseling"),
    ("konsultasi", "Konsultasi"),
    ("informasi", "Pemberian informasi"),
    ("penjangkauan", "Penjangkauan"),
    ("perlindungan", "Perlindungan"),
    ("pendampingan", "Pendampingan"),
    ("rujukan", "Rujukan"),
    ("pusat_informasi", "Pusat informasi"),
]

# (code, name, conceals_client_name). Sexual orientation or gender identity is never a
# welfare problem and never a category.
PROBLEM_CATEGORIES = [
    ("kdrt", "Kekerasan dalam rumah tangga (KDRT)", True),
    ("ka_fisik", "Kekerasan terhadap anak — fisik", True),
    ("ka_psikis", "Kekerasan terhadap anak — psikis", True),
    ("ka_seksual", "Kekerasan terhadap anak — seksual", True),
    ("kekerasan_seksual", "Kekerasan seksual (dewasa)", True),
    ("penelantaran_anak", "Penelantaran anak", False),
    ("anak_jalanan", "Anak jalanan / anak bekerja di jalan", False),
    ("perceraian", "Perceraian / konflik keluarga", False),
    ("kerentanan_ekonomi", "Kerentanan ekonomi keluarga", False),
    ("kenakalan_remaja", "Kenakalan remaja / anak berhadapan dengan hukum", False),
    ("napza", "Penyalahgunaan NAPZA", False),
    ("disabilitas", "Penyandang disabilitas", False),
    ("lansia_terlantar", "Lanjut usia terlantar", False),
    ("pekerja_migran", "Pekerja migran bermasalah / terlantar", False),
    ("kesehatan_jiwa", "Masalah kesehatan jiwa", False),
]

PARTNER_KINDS = [
    ("kepolisian", "Kepolisian (Polres/Polsek, Unit PPA)"),
    ("kesehatan", "Layanan kesehatan (Dinkes, Puskesmas, RSUD)"),
    ("uptd_ppa", "DP3A / UPTD PPA"),
    ("rumah_aman", "Rumah aman / shelter"),
    ("bantuan_hukum", "Lembaga bantuan hukum"),
    ("psikolog", "Layanan psikologi"),
    ("pendidikan", "Satuan pendidikan"),
    ("keagamaan", "Lembaga keagamaan"),
    ("filantropi", "Lembaga zakat / filantropi"),
    ("lksa", "LKSA / panti sosial"),
    ("pemerintah", "Instansi pemerintah lain"),
    ("masyarakat", "Organisasi masyarakat"),
]

MEMBER_ELEMENTS = [
    ("dinsos", "Dinas Sosial"),
    ("polri", "Kepolisian (Bhabinkamtibmas)"),
    ("tni", "TNI (Babinsa)"),
    ("dokter", "Dokter / tenaga kesehatan"),
    ("psikolog", "Psikolog"),
    ("advokat", "Advokat / ahli hukum"),
    ("peksos", "Pekerja sosial (Peksos)"),
    ("tksk", "TKSK"),
    ("tagana", "Tagana"),
    ("pkh", "Pendamping PKH"),
    ("puskesos", "Puskesos"),
    ("tokoh_masyarakat", "Tokoh masyarakat"),
    ("tokoh_agama", "Tokoh agama"),
    ("akademisi", "Akademisi"),
]

BOARD_POSITIONS = [
    ("pembina", "Pembina"),
    ("penasehat", "Penasehat"),
    ("ketua", "Ketua"),
    ("wakil_ketua", "Wakil Ketua"),
    ("sekretaris", "Sekretaris"),
    ("bendahara", "Bendahara"),
    ("koordinator", "Koordinator Bidang"),
    ("konselor", "Konselor"),
    ("anggota", "Anggota"),
]

REFERRAL_SOURCES = [
    ("datang_sendiri", "Datang sendiri"),
    ("keluarga_masyarakat", "Keluarga / masyarakat"),
    ("satpol_pp", "Satpol PP"),
    ("kepolisian", "Kepolisian"),
    ("dinkes", "Dinas Kesehatan / Puskesmas"),
    ("dp3a", "DP3A / UPTD PPA"),
    ("sekolah", "Sekolah"),
    ("pendamping_sosial", "TKSK / Pendamping PKH / Puskesos"),
    ("pemerintah_desa", "Pemerintah desa / kelurahan"),
    ("lainnya", "Lainnya"),
]


def _upsert(model, rows, attrs=()):
    existing = set(db.session.scalars(select(model.code)))
    for order, (code, name, *rest) in enumerate(rows, start=1):
        if code in existing:
            continue
        item = model(code=code, name=name, sort_order=order)
        for attr, value in zip(attrs, rest, strict=True):
            setattr(item, attr, value)
        db.session.add(item)


def load_reference_data():
    """Insert the standard lists where their codes are missing. The caller commits."""
    _upsert(Service, SERVICES)
    _upsert(ProblemCategory, PROBLEM_CATEGORIES, attrs=("conceals_client_name",))
    _upsert(PartnerKind, PARTNER_KINDS)
    _upsert(MemberElement, MEMBER_ELEMENTS)
    _upsert(BoardPosition, BOARD_POSITIONS)
    _upsert(ReferralSource, REFERRAL_SOURCES)
    db.session.flush()
