"""The fixed facts the demo data is drawn from: regions, units, staff, names, vocabularies."""

from dataclasses import dataclass
from datetime import date

from lk3admin.access import Role
from models import ClosureReason, RegencyKind, UnitStatus

SEED = 6474  # Bontang's Kemendagri code: any fixed number would do.
DEMO_PASSWORD = "Demo-LK3-2026!"

# --- regions and units ----------------------------------------------------------------------

PROVINCE = ("64", "Kalimantan Timur")
REGENCIES = [
    ("64.01", "Kabupaten Paser", RegencyKind.KABUPATEN),
    ("64.02", "Kabupaten Kutai Barat", RegencyKind.KABUPATEN),
    ("64.03", "Kabupaten Kutai Kartanegara", RegencyKind.KABUPATEN),
    ("64.04", "Kabupaten Kutai Timur", RegencyKind.KABUPATEN),
    ("64.05", "Kabupaten Berau", RegencyKind.KABUPATEN),
    ("64.09", "Kabupaten Penajam Paser Utara", RegencyKind.KABUPATEN),
    ("64.11", "Kabupaten Mahakam Ulu", RegencyKind.KABUPATEN),
    ("64.71", "Kota Balikpapan", RegencyKind.KOTA),
    ("64.72", "Kota Samarinda", RegencyKind.KOTA),
    ("64.74", "Kota Bontang", RegencyKind.KOTA),
]


@dataclass
class UnitProfile:
    """An LK3 unit and the local facts its demo data is drawn from."""

    code: str
    regency_code: str
    short: str  # "Bontang": for institution names
    decree_number: str
    decree_date: date
    decree_issuer: str
    dinsos: str
    police: str
    military: str
    hospital: str
    campus: str
    area_code: str
    # [(status, date, reason)], oldest first; the last one is the unit's status.
    status_history: list
    # {kecamatan: [kelurahan/desa]}
    districts: dict
    board_size: int = 0
    case_count: int = 0
    # Days from today to the end of the current board period.
    term_ends_in_days: int = 1100
    term_years: int = 5
    # A board that ended years ago (an inactive unit): (start, end) of its last period.
    past_period: tuple | None = None


UNITS = [
    UnitProfile(
        code="BTG",
        regency_code="64.74",
        short="Bontang",
        decree_number="467/Kep. LK3/26-DTKS/IV/2009",
        decree_date=date(2009, 4, 14),
        decree_issuer="Wali Kota Bontang",
        dinsos="Dinas Sosial dan Pemberdayaan Masyarakat Kota Bontang",
        police="Polres Bontang",
        military="Kodim 0908/Bontang",
        hospital="RSUD Taman Husada Bontang",
        campus="Universitas Trunajaya Bontang",
        area_code="0548",
        status_history=[
            (UnitStatus.ACTIVE, date(2009, 4, 14), "Dibentuk dengan SK Wali Kota Bontang."),
        ],
        districts={
            "Bontang Utara": ["Bontang Baru", "Api-Api", "Gunung Elai", "Lok Tuan", "Guntung"],
            "Bontang Selatan": ["Tanjung Laut", "Tanjung Laut Indah", "Berbas Tengah", "Satimpo"],
            "Bontang Barat": ["Kanaan", "Gunung Telihan", "Belimbing"],
        },
        board_size=149,
        case_count=200,
        term_ends_in_days=1100,
    ),
    UnitProfile(
        code="SMD",
        regency_code="64.72",
        short="Samarinda",
        decree_number="463/512/HK-KS/VI/2011",
        decree_date=date(2011, 6, 20),
        decree_issuer="Wali Kota Samarinda",
        dinsos="Dinas Sosial Kota Samarinda",
        police="Polresta Samarinda",
        military="Kodim 0901/Samarinda",
        hospital="RSUD Abdoel Wahab Sjahranie",
        campus="Universitas Mulawarman",
        area_code="0541",
        status_history=[
            (UnitStatus.ACTIVE, date(2011, 6, 20), "Dibentuk dengan SK Wali Kota Samarinda."),
        ],
        districts={
            "Samarinda Ulu": ["Air Hitam", "Dadi Mulya", "Sidodadi", "Gunung Kelua"],
            "Sungai Kunjang": ["Karang Asam Ulu", "Loa Bakung", "Lok Bahu"],
            "Palaran": ["Rawa Makmur", "Simpang Pasir", "Bukuan"],
            "Sambutan": ["Sambutan", "Pulau Atas", "Sindang Sari"],
        },
        board_size=42,
        case_count=30,
        # Its board's term ends soon: the secretariat gets the term-ending reminder.
        term_ends_in_days=45,
        term_years=3,
    ),
    UnitProfile(
        code="KKR",
        regency_code="64.03",
        short="Kutai Kartanegara",
        decree_number="188.4.45/0317/HK/2012",
        decree_date=date(2012, 3, 5),
        decree_issuer="Bupati Kutai Kartanegara",
        dinsos="Dinas Sosial Kabupaten Kutai Kartanegara",
        police="Polres Kutai Kartanegara",
        military="Kodim 0906/Kutai Kartanegara",
        hospital="RSUD Aji Muhammad Parikesit",
        campus="Universitas Kutai Kartanegara",
        area_code="0541",
        status_history=[
            (UnitStatus.ACTIVE, date(2012, 3, 5), "Dibentuk dengan SK Bupati Kutai Kartanegara."),
            (
                UnitStatus.INACTIVE,
                date(2017, 9, 1),
                "Masa bakti pengurus berakhir dan belum dibentuk ulang.",
            ),
            (UnitStatus.ACTIVE, date(2021, 2, 15), "Dibentuk ulang dengan SK Bupati tahun 2021."),
        ],
        districts={
            "Tenggarong": ["Melayu", "Timbau", "Panji", "Maluhu"],
            "Tenggarong Seberang": ["Bukit Raya", "Manunggal Jaya", "Separi"],
            "Loa Kulu": ["Loa Kulu Kota", "Jembayan"],
            "Muara Badak": ["Muara Badak Ulu", "Tanjung Limau"],
        },
        board_size=35,
        case_count=24,
        term_ends_in_days=1500,
    ),
    UnitProfile(
        code="BPN",
        regency_code="64.71",
        short="Balikpapan",
        decree_number="188.45-214/2013",
        decree_date=date(2013, 8, 12),
        decree_issuer="Wali Kota Balikpapan",
        dinsos="Dinas Sosial Kota Balikpapan",
        police="Polresta Balikpapan",
        military="Kodim 0905/Balikpapan",
        hospital="RSUD Beriman Balikpapan",
        campus="Universitas Balikpapan",
        area_code="0542",
        status_history=[
            (UnitStatus.ACTIVE, date(2013, 8, 12), "Dibentuk dengan SK Wali Kota Balikpapan."),
        ],
        districts={
            "Balikpapan Kota": ["Klandasan Ilir", "Klandasan Ulu", "Prapatan"],
            "Balikpapan Selatan": ["Sepinggan", "Gunung Bahagia", "Damai"],
            "Balikpapan Utara": ["Batu Ampar", "Gunung Samarinda", "Karang Joang"],
            "Balikpapan Timur": ["Manggar", "Lamaru", "Teritip"],
        },
        board_size=39,
        case_count=26,
        term_ends_in_days=800,
    ),
    UnitProfile(
        code="BRU",
        regency_code="64.05",
        short="Berau",
        decree_number="188.4.45/455/2014",
        decree_date=date(2014, 10, 2),
        decree_issuer="Bupati Berau",
        dinsos="Dinas Sosial Kabupaten Berau",
        police="Polres Berau",
        military="Kodim 0902/Berau",
        hospital="RSUD dr. Abdul Rivai Berau",
        campus="Sekolah Tinggi Ilmu Ekonomi Muhammadiyah Berau",
        area_code="0554",
        status_history=[
            (UnitStatus.ACTIVE, date(2014, 10, 2), "Dibentuk dengan SK Bupati Berau."),
            (
                UnitStatus.INACTIVE,
                date(2022, 1, 31),
                "SK kepengurusan berakhir Desember 2021; pengurus belum dibentuk ulang dan "
                "layanan terhenti.",
            ),
        ],
        districts={
            "Tanjung Redeb": ["Gayam", "Bugis", "Tanjung Redeb"],
            "Sambaliung": ["Sambaliung", "Suaran"],
            "Gunung Tabur": ["Gunung Tabur", "Birang"],
        },
        board_size=24,
        past_period=(date(2017, 1, 2), date(2021, 12, 31)),
    ),
]

# --- demo staff -----------------------------------------------------------------------------


@dataclass
class DemoUser:
    """A demo staff account and where it works (lk3admin.demo.seed_users)."""

    username: str
    name: str
    role: str
    unit: str | None = None  # unit code
    regency: str | None = None  # regency code
    province: str | None = None  # province code
    referral_source: str | None = None  # for a referring agency's account
    supervisor: str | None = None  # a social worker's supervisor (username)


# fmt: off
DEMO_USERS = [
    DemoUser("peksos.bontang", "Nadia Puspitasari", Role.WORKER, unit="BTG",
             supervisor="supervisor.bontang"),
    DemoUser("peksos2.bontang", "Reza Mahendra", Role.WORKER, unit="BTG",
             supervisor="supervisor.bontang"),
    DemoUser("konselor.bontang", "Yulia Anggraini", Role.WORKER, unit="BTG",
             supervisor="supervisor.bontang"),
    DemoUser("supervisor.bontang", "Hendra Kusuma", Role.SUPERVISOR, unit="BTG"),
    DemoUser("sekretariat.bontang", "Mirna Safitri", Role.SECRETARIAT, unit="BTG"),
    DemoUser("dinsos.bontang", "Fauzan Hakim", Role.DINSOS_REGENCY, regency="64.74"),
    DemoUser("satpolpp.bontang", "Rio Firmansyah", Role.REFERRER, unit="BTG",
             referral_source="satpol_pp"),
    DemoUser("dinsos.kaltim", "Lestiana Marpaung", Role.DINSOS_PROVINCE, province="64"),
    DemoUser("pemantau.kaltim", "Wening Hapsari", Role.MONITOR, province="64"),
    DemoUser("peksos.samarinda", "Galih Prasetyo", Role.WORKER, unit="SMD",
             supervisor="supervisor.samarinda"),
    DemoUser("supervisor.samarinda", "Ratih Kumalasari", Role.SUPERVISOR, unit="SMD"),
    DemoUser("peksos.kukar", "Syahrul Ramadhan", Role.WORKER, unit="KKR",
             supervisor="supervisor.kukar"),
    DemoUser("supervisor.kukar", "Herlina Manurung", Role.SUPERVISOR, unit="KKR"),
    DemoUser("peksos.balikpapan", "Dimas Saputra", Role.WORKER, unit="BPN",
             supervisor="supervisor.balikpapan"),
    DemoUser("supervisor.balikpapan", "Intan Permatasari", Role.SUPERVISOR, unit="BPN"),
]
# fmt: on

# --- fictional names ------------------------------------------------------------------------

# fmt: off
FEMALE_NAMES = [
    "Ayu", "Citra", "Dewi", "Dian", "Dina", "Eka", "Erna", "Fitri", "Hesti", "Ika", "Indah",
    "Intan", "Lina", "Maya", "Mega", "Melati", "Novi", "Nurul", "Putri", "Rahma", "Ratna",
    "Rina", "Sari", "Sekar", "Sinta", "Siti", "Wulan", "Yanti", "Yuli", "Anisa", "Kiki",
    "Laras", "Nadya", "Riska", "Tiara", "Vina", "Wahyuni", "Zahra", "Aulia", "Bunga",
]
MALE_NAMES = [
    "Agus", "Andi", "Arif", "Bayu", "Budi", "Dedi", "Dimas", "Dwi", "Eko", "Fajar", "Fikri",
    "Galih", "Hadi", "Hamid", "Hendra", "Ilham", "Irwan", "Iwan", "Rahmat", "Rizal", "Rudi",
    "Sigit", "Surya", "Taufik", "Teguh", "Wahyu", "Yoga", "Yusuf", "Anton", "Gilang", "Aditya",
    "Bagus", "Candra", "Danu", "Fahmi", "Gani", "Haris", "Lukman", "Nanda", "Rendi",
]
FAMILY_NAMES = [
    "Pratama", "Saputra", "Wijaya", "Santoso", "Hidayat", "Nugroho", "Kurniawan", "Setiawan",
    "Lestari", "Wulandari", "Rahayu", "Permata", "Handayani", "Susanti", "Purnama", "Siregar",
    "Tanjung", "Lubis", "Nasution", "Harahap", "Ramadhan", "Firmansyah", "Maulana", "Hakim",
    "Anggraini", "Oktaviani", "Safitri", "Damanik", "Sitompul", "Pakpahan", "Utami", "Kusuma",
    "Halim", "Prasetyo", "Gunawan", "Suryani", "Yulianti", "Mardiana", "Fauzi", "Syahputra",
]
STREET_NAMES = [
    "Kenanga", "Flamboyan", "Cempaka", "Teratai", "Anggrek", "Merpati", "Pelita", "Damai",
    "Mawar",
]
# fmt: on

# --- the board ------------------------------------------------------------------------------

# Bontang's positions for 149 members; smaller boards take the leadership and scale the rest.
LEADERSHIP = [
    ("pembina", "dinsos"),
    ("pembina", "polri"),
    ("penasehat", "tokoh_agama"),
    ("penasehat", "tni"),
    ("penasehat", "akademisi"),
    ("ketua", "dinsos"),
    ("wakil_ketua", "psikolog"),
    ("wakil_ketua", "tokoh_masyarakat"),
    ("sekretaris", "dinsos"),
    ("sekretaris", "peksos"),
    ("bendahara", "dinsos"),
    ("koordinator", "psikolog"),
    ("koordinator", "tksk"),
    ("koordinator", "advokat"),
    ("koordinator", "dokter"),
    ("koordinator", "peksos"),
    ("koordinator", "puskesos"),
]
# A smaller board's leadership.
SMALL_LEADERSHIP = [
    ("pembina", "dinsos"),
    ("penasehat", "tokoh_agama"),
    ("ketua", "dinsos"),
    ("wakil_ketua", "psikolog"),
    ("sekretaris", "peksos"),
    ("bendahara", "dinsos"),
    ("koordinator", "tksk"),
    ("koordinator", "advokat"),
    ("koordinator", "dokter"),
]
COUNSELLOR_ELEMENTS = ["psikolog", "peksos", "dokter", "tokoh_agama", "pkh", "akademisi"]
MEMBER_ELEMENT_WEIGHTS = {
    "dinsos": 8,
    "polri": 12,
    "tni": 10,
    "dokter": 6,
    "psikolog": 4,
    "advokat": 4,
    "peksos": 8,
    "tksk": 10,
    "tagana": 6,
    "pkh": 10,
    "puskesos": 8,
    "tokoh_masyarakat": 10,
    "tokoh_agama": 8,
    "akademisi": 3,
}
EXPERTISE = {
    "dinsos": "Administrasi kesejahteraan sosial",
    "polri": "Perlindungan dan kamtibmas",
    "tni": "Pembinaan teritorial",
    "dokter": "Kesehatan dan visum",
    "psikolog": "Psikologi klinis",
    "advokat": "Pendampingan hukum",
    "peksos": "Pekerjaan sosial",
    "tksk": "Penjangkauan",
    "tagana": "Kebencanaan",
    "pkh": "Pendampingan keluarga",
    "puskesos": "Layanan rujukan terpadu",
    "tokoh_masyarakat": "Mediasi keluarga",
    "tokoh_agama": "Konseling keagamaan",
    "akademisi": "Kajian kesejahteraan sosial",
}
POLICE_RANKS = ["Bripka", "Aipda", "Aiptu", "Brigpol"]
ARMY_RANKS = ["Serka", "Sertu", "Serda", "Pelda"]

# --- partners -------------------------------------------------------------------------------


@dataclass
class PartnerTemplate:
    name: str  # formatted with the unit profile: {city} {short} {police} {hospital}
    kind: str
    services: tuple
    mou_days: int | None = None  # MoU expiry, in days from today; None: no MoU
    confidential: bool = False


PARTNERS = [
    PartnerTemplate("Unit PPA Satreskrim {police}", "kepolisian", ("perlindungan", "rujukan"), 400),
    PartnerTemplate("{hospital}", "kesehatan", ("rujukan", "pendampingan"), 600),
    PartnerTemplate(
        "UPTD PPA {city}", "uptd_ppa", ("perlindungan", "pendampingan", "konseling"), 20
    ),
    PartnerTemplate("Rumah Aman {city}", "rumah_aman", ("perlindungan",), 300, confidential=True),
    PartnerTemplate("Posbakum Pengadilan Negeri {short}", "bantuan_hukum", ("konsultasi",), 250),
    PartnerTemplate("Baznas {city}", "filantropi", ("pendampingan",), None),
    PartnerTemplate("Kantor Kementerian Agama {city}", "keagamaan", ("konseling",), -40),
]
# Bontang also works with one partner of every other kind.
BONTANG_PARTNERS = [
    PartnerTemplate("Dinas Kesehatan Kota Bontang", "kesehatan", ("informasi",), 700),
    PartnerTemplate("HIMPSI Wilayah Kalimantan Timur", "psikolog", ("konseling",), 500),
    PartnerTemplate("SMP Negeri 1 Bontang", "pendidikan", ("pendampingan",), None),
    PartnerTemplate("LKSA Kasih Bunda Bontang", "lksa", ("perlindungan", "pendampingan"), 180),
    PartnerTemplate(
        "Dinas Kependudukan dan Pencatatan Sipil Kota Bontang", "pemerintah", ("informasi",), 365
    ),
    PartnerTemplate("Satpol PP Kota Bontang", "pemerintah", ("penjangkauan",), 365),
    PartnerTemplate("TP PKK Kota Bontang", "masyarakat", ("pusat_informasi", "informasi"), None),
]
# Partners whose contact people are invited to Bontang's rakor.
RAKOR_PARTNER_KINDS = ["kepolisian", "uptd_ppa", "kesehatan", "pemerintah", "filantropi"]

# --- cases ----------------------------------------------------------------------------------

# Bontang's 200 cases by stage, in stage order; other units scale it.
STAGE_MIX = [16, 18, 24, 20, 38, 28, 36, 20]
# Days a case typically spends between entering stage i and entering stage i + 1.
STAGE_GAPS = [(1, 5), (2, 10), (5, 20), (3, 12), (25, 60), (15, 40), (3, 12)]
CATEGORY_WEIGHTS = {
    "kdrt": 20,
    "ka_fisik": 8,
    "ka_psikis": 7,
    "ka_seksual": 5,
    "kekerasan_seksual": 4,
    "penelantaran_anak": 8,
    "anak_jalanan": 5,
    "perceraian": 14,
    "kerentanan_ekonomi": 10,
    "kenakalan_remaja": 6,
    "napza": 4,
    "disabilitas": 4,
    "lansia_terlantar": 4,
    "pekerja_migran": 2,
    "kesehatan_jiwa": 4,
}
SECOND_CATEGORY = {
    "kdrt": "perceraian",
    "ka_fisik": "kdrt",
    "ka_psikis": "perceraian",
    "penelantaran_anak": "kerentanan_ekonomi",
    "anak_jalanan": "kerentanan_ekonomi",
    "kenakalan_remaja": "napza",
    "lansia_terlantar": "kerentanan_ekonomi",
}
CHILD_CATEGORIES = {
    "ka_fisik",
    "ka_psikis",
    "ka_seksual",
    "penelantaran_anak",
    "anak_jalanan",
    "kenakalan_remaja",
}
VIOLENCE_CATEGORIES = {"kdrt", "ka_fisik", "ka_psikis", "ka_seksual", "kekerasan_seksual"}
CONFIDENTIAL_CATEGORIES = {"ka_seksual", "kekerasan_seksual"}
REFERRAL_SOURCES_BY_CATEGORY = {
    "kdrt": ["kepolisian", "dp3a", "datang_sendiri", "keluarga_masyarakat"],
    "ka_fisik": ["sekolah", "dp3a", "kepolisian", "keluarga_masyarakat"],
    "ka_psikis": ["sekolah", "dp3a", "keluarga_masyarakat"],
    "ka_seksual": ["kepolisian", "dp3a", "dinkes"],
    "kekerasan_seksual": ["kepolisian", "dp3a", "dinkes"],
    "penelantaran_anak": ["pemerintah_desa", "pendamping_sosial", "keluarga_masyarakat"],
    "anak_jalanan": ["satpol_pp", "pendamping_sosial"],
    "perceraian": ["datang_sendiri", "keluarga_masyarakat", "lainnya"],
    "kerentanan_ekonomi": ["pendamping_sosial", "pemerintah_desa", "datang_sendiri"],
    "kenakalan_remaja": ["sekolah", "kepolisian", "satpol_pp"],
    "napza": ["kepolisian", "dinkes", "keluarga_masyarakat"],
    "disabilitas": ["pendamping_sosial", "dinkes", "pemerintah_desa"],
    "lansia_terlantar": ["pemerintah_desa", "pendamping_sosial", "satpol_pp"],
    "pekerja_migran": ["lainnya", "pemerintah_desa"],
    "kesehatan_jiwa": ["dinkes", "keluarga_masyarakat", "satpol_pp"],
}
PARTNER_KINDS_BY_CATEGORY = {
    "kdrt": ["kepolisian", "kesehatan", "uptd_ppa", "bantuan_hukum", "psikolog"],
    "ka_fisik": ["uptd_ppa", "kesehatan", "kepolisian", "psikolog"],
    "ka_psikis": ["uptd_ppa", "psikolog", "pendidikan"],
    "ka_seksual": ["uptd_ppa", "kesehatan", "kepolisian", "rumah_aman"],
    "kekerasan_seksual": ["uptd_ppa", "kesehatan", "kepolisian", "rumah_aman"],
    "penelantaran_anak": ["lksa", "pemerintah", "filantropi"],
    "anak_jalanan": ["pendidikan", "lksa", "pemerintah"],
    "perceraian": ["bantuan_hukum", "keagamaan", "psikolog"],
    "kerentanan_ekonomi": ["filantropi", "pemerintah", "masyarakat"],
    "kenakalan_remaja": ["pendidikan", "psikolog", "keagamaan"],
    "napza": ["kesehatan", "kepolisian"],
    "disabilitas": ["kesehatan", "pemerintah", "lksa"],
    "lansia_terlantar": ["lksa", "kesehatan", "filantropi"],
    "pekerja_migran": ["pemerintah", "filantropi"],
    "kesehatan_jiwa": ["kesehatan", "psikolog"],
}
REFERRAL_REASONS = {
    "kepolisian": "Pendampingan pelaporan ke Unit PPA.",
    "kesehatan": "Pemeriksaan kesehatan dan visum et repertum.",
    "uptd_ppa": "Pendampingan korban oleh UPTD PPA.",
    "rumah_aman": "Penempatan sementara di rumah aman demi keselamatan klien.",
    "bantuan_hukum": "Konsultasi dan pendampingan hukum.",
    "psikolog": "Pemeriksaan dan pemulihan psikologis.",
    "pendidikan": "Fasilitasi anak kembali bersekolah.",
    "keagamaan": "Bimbingan keagamaan dan mediasi keluarga.",
    "filantropi": "Bantuan biaya hidup dan usaha ekonomi produktif.",
    "lksa": "Pengasuhan sementara anak di LKSA.",
    "pemerintah": "Pengurusan dokumen kependudukan (KK, akta kelahiran).",
    "masyarakat": "Pendampingan berbasis masyarakat oleh kader.",
}
SUMMARIES = {
    "kdrt": "Klien mengalami kekerasan fisik dan psikis berulang dari pasangan.",
    "ka_fisik": "Anak mengalami kekerasan fisik di rumah; dilaporkan pihak sekolah.",
    "ka_psikis": "Anak menunjukkan tekanan psikis akibat konflik orang tua.",
    "ka_seksual": "Anak korban kekerasan seksual; perlu pendampingan hukum dan pemulihan.",
    "kekerasan_seksual": "Klien dewasa korban kekerasan seksual; perlu perlindungan.",
    "penelantaran_anak": "Anak tidak terurus setelah orang tua bekerja di luar daerah.",
    "anak_jalanan": "Anak ditemukan berjualan di persimpangan jalan pada jam sekolah.",
    "perceraian": "Konflik rumah tangga berujung rencana perceraian; anak terdampak.",
    "kerentanan_ekonomi": "Kepala keluarga kehilangan pekerjaan; kebutuhan dasar terancam.",
    "kenakalan_remaja": "Remaja terlibat perkelahian dan sering membolos.",
    "napza": "Anggota keluarga diduga menyalahgunakan NAPZA.",
    "disabilitas": "Penyandang disabilitas belum mendapat layanan dan alat bantu.",
    "lansia_terlantar": "Lanjut usia tinggal sendiri tanpa pengasuhan keluarga.",
    "pekerja_migran": "Pekerja migran dipulangkan tanpa dokumen dan penghasilan.",
    "kesehatan_jiwa": "Anggota keluarga dengan gangguan jiwa belum berobat teratur.",
}
ASSESSMENT_TEXT = {
    "attitudes": [
        "Klien terbuka dan mau bekerja sama.",
        "Klien awalnya tertutup, mulai percaya setelah kunjungan kedua.",
        "Klien cemas dan ragu melanjutkan laporan.",
    ],
    "thoughts": [
        "Klien merasa bersalah atas keadaan keluarganya.",
        "Klien ingin keluarganya tetap utuh namun aman.",
        "Klien khawatir akan masa depan anak-anaknya.",
    ],
    "behaviour": [
        "Sulit tidur dan menarik diri dari lingkungan.",
        "Mudah marah; anak sering membolos.",
        "Aktivitas sehari-hari masih berjalan.",
    ],
    "protective_factors": [
        "Dukungan keluarga besar dan tokoh agama setempat.",
        "Klien memiliki penghasilan sendiri.",
        "Sekolah dan RT peduli dan siap membantu.",
    ],
    "risk_factors": [
        "Pelaku masih tinggal serumah.",
        "Ketergantungan ekonomi pada pelaku.",
        "Riwayat kekerasan berulang.",
        "Lingkungan tempat tinggal rawan.",
    ],
}
PLAN_GOALS = [
    "Klien aman dan memperoleh pendampingan sampai masalah teratasi.",
    "Keluarga berfungsi kembali dan anak kembali bersekolah.",
    "Klien memperoleh layanan kesehatan dan bantuan hukum yang dibutuhkan.",
    "Kebutuhan dasar keluarga terpenuhi melalui bantuan dan usaha ekonomi.",
]
PLAN_ACTIVITIES = [
    "Konseling mingguan, kunjungan rumah, rujukan ke mitra sesuai kebutuhan.",
    "Mediasi keluarga, pendampingan ke sekolah, pemantauan bulanan.",
    "Pendampingan pemeriksaan kesehatan, pelaporan, dan konsultasi hukum.",
]
EVALUATION_OUTCOMES = [
    "Tujuan intervensi tercapai; klien dan keluarga mampu mandiri.",
    "Sebagian besar tujuan tercapai; pemantauan ringan masih diperlukan.",
    "Kondisi klien membaik dan aman; tidak ada kejadian berulang.",
]
FOLLOW_UPS = [
    "Kunjungan rumah untuk memantau kondisi klien.",
    "Menanyakan perkembangan rujukan kepada mitra.",
    "Konseling lanjutan dengan klien.",
    "Memastikan anak kembali bersekolah.",
    "Memeriksa penyaluran bantuan kepada keluarga.",
]
FOLLOW_UP_RESULTS = [
    "Klien dalam kondisi baik.",
    "Mitra mengonfirmasi layanan sudah diberikan.",
    "Anak sudah bersekolah kembali.",
    "Bantuan sudah diterima keluarga.",
]
CONSENT_PURPOSE = "Layanan LK3, pencatatan data kasus dan berbagi data dengan lembaga rujukan"
CONSENT_PURPOSE_SERVICE_ONLY = "Layanan LK3 dan pencatatan data kasus (tanpa berbagi data)"
CLOSURE_WEIGHTS = {
    ClosureReason.RESOLVED: 55,
    ClosureReason.REFERRED_ON: 20,
    ClosureReason.MOVED_AWAY: 8,
    ClosureReason.DECLINED: 7,
    ClosureReason.LOST_CONTACT: 8,
    ClosureReason.DECEASED: 2,
}
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
