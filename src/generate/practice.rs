//! The invented small practice behind generated files: payers, providers, procedures,
//! patients, and the denial patterns payers send. All names are fictional.

pub struct Payer {
    pub name: &'static str,
    pub id: &'static str,
    pub tin: &'static str,
    /// CLP06 claim filing indicator.
    pub filing: &'static str,
    /// Allowed amount as a share of the charge, per mille.
    pub allowed_permille: i64,
    /// Patient share: coinsurance per mille of allowed, or a copay in cents on office visits.
    pub coinsurance_permille: i64,
    pub copay_cents: i64,
    /// Share of the practice's claims, per mille.
    pub share: u32,
    /// Weekday (0 = Monday) the payer pays on.
    pub pay_weekday: i64,
}

#[rustfmt::skip]
pub const PAYERS: &[Payer] = &[
    Payer { name: "MEDICARE PART B", id: "01312", tin: "1234567801", filing: "MB", allowed_permille: 560, coinsurance_permille: 200, copay_cents: 0, share: 260, pay_weekday: 1 },
    Payer { name: "AETNA", id: "60054", tin: "1066033492", filing: "CI", allowed_permille: 740, coinsurance_permille: 0, copay_cents: 3000, share: 160, pay_weekday: 2 },
    Payer { name: "UNITEDHEALTHCARE", id: "87726", tin: "1411289245", filing: "CI", allowed_permille: 720, coinsurance_permille: 0, copay_cents: 2500, share: 190, pay_weekday: 3 },
    Payer { name: "CIGNA", id: "62308", tin: "1591024500", filing: "CI", allowed_permille: 780, coinsurance_permille: 100, copay_cents: 0, share: 100, pay_weekday: 2 },
    Payer { name: "BLUE CROSS BLUE SHIELD OF TEXAS", id: "84980", tin: "1750254630", filing: "BL", allowed_permille: 800, coinsurance_permille: 0, copay_cents: 3500, share: 190, pay_weekday: 4 },
    Payer { name: "HUMANA MEDICARE ADVANTAGE", id: "61101", tin: "1610647538", filing: "16", allowed_permille: 600, coinsurance_permille: 0, copay_cents: 2000, share: 100, pay_weekday: 0 },
];

pub struct Provider {
    pub last: &'static str,
    pub first: &'static str,
    pub npi_base: u32,
}

#[rustfmt::skip]
pub const PROVIDERS: &[Provider] = &[
    Provider { last: "OKAFOR", first: "ADAEZE", npi_base: 104_220_318 },
    Provider { last: "LINDQVIST", first: "MARTA", npi_base: 112_804_557 },
    Provider { last: "HOLLOWAY", first: "JAMES", npi_base: 120_553_901 },
    Provider { last: "NAKAMURA", first: "KEN", npi_base: 133_090_274 },
    Provider { last: "ABERNATHY", first: "ROSE", npi_base: 145_671_002 },
    Provider { last: "VARGAS", first: "LUIS", npi_base: 158_330_469 },
    Provider { last: "PRZYBYL", first: "EWA", npi_base: 166_902_813 },
    Provider { last: "DUBOIS", first: "CLAIRE", npi_base: 179_245_630 },
];

/// Place-of-service codes of the practice's locations, with weights.
#[rustfmt::skip]
pub const LOCATIONS: &[(u32, &str)] = &[(70, "11"), (15, "22"), (10, "02"), (5, "19")];

pub struct Procedure {
    pub code: &'static str,
    pub fee_cents: i64,
    /// An office visit (copays apply).
    pub visit: bool,
}

#[rustfmt::skip]
pub const PROCEDURES: &[(u32, Procedure)] = &[
    (30, Procedure { code: "99213", fee_cents: 15_000, visit: true }),
    (22, Procedure { code: "99214", fee_cents: 22_000, visit: true }),
    (6, Procedure { code: "99215", fee_cents: 30_000, visit: true }),
    (5, Procedure { code: "99203", fee_cents: 18_000, visit: true }),
    (4, Procedure { code: "99204", fee_cents: 27_000, visit: true }),
    (5, Procedure { code: "99396", fee_cents: 25_000, visit: true }),
    (3, Procedure { code: "G0439", fee_cents: 19_000, visit: true }),
    (2, Procedure { code: "99497", fee_cents: 17_000, visit: true }),
    (3, Procedure { code: "20610", fee_cents: 18_000, visit: false }),
    (3, Procedure { code: "11102", fee_cents: 14_000, visit: false }),
    (2, Procedure { code: "17000", fee_cents: 11_000, visit: false }),
    (3, Procedure { code: "93000", fee_cents: 6_000, visit: false }),
    (2, Procedure { code: "71046", fee_cents: 9_500, visit: false }),
    (3, Procedure { code: "97110", fee_cents: 7_500, visit: false }),
];

/// Add-on lines that come with a visit.
#[rustfmt::skip]
pub const ADD_ONS: &[(u32, Procedure)] = &[
    (30, Procedure { code: "36415", fee_cents: 1_500, visit: false }),
    (20, Procedure { code: "80053", fee_cents: 4_500, visit: false }),
    (15, Procedure { code: "85025", fee_cents: 3_000, visit: false }),
    (10, Procedure { code: "81002", fee_cents: 1_200, visit: false }),
    (12, Procedure { code: "90686", fee_cents: 4_000, visit: false }),
    (12, Procedure { code: "90471", fee_cents: 2_500, visit: false }),
];

#[rustfmt::skip]
pub const LAST_NAMES: &[&str] = &[
    "ALVAREZ", "BAKER", "CHEN", "DIALLO", "EVANS", "FISCHER", "GARCIA", "HUGHES", "IVANOVA", "JOHNSON", "KOWALSKI",
    "LOPEZ", "MORRIS", "NGUYEN", "OCONNOR", "PATEL", "QUINN", "ROSSI", "SANTOS", "TANAKA", "USMAN", "VOGEL", "WALSH",
    "XU", "YILMAZ", "ZIMMER", "BROOKS", "COLE", "DAVIES", "FOSTER", "GRANT", "HAYES", "JENSEN", "KIM", "LARSEN",
    "MENDES", "NOVAK", "OWENS", "PRICE", "REYES",
];

#[rustfmt::skip]
pub const FIRST_NAMES: &[&str] = &[
    "AMARA", "BEN", "CARLA", "DMITRI", "ELENA", "FARID", "GRACE", "HUGO", "INES", "JONAH", "KEIKO", "LEON", "MAYA",
    "NILS", "OLIVIA", "PEDRO", "QUINCY", "RUTH", "SAMIR", "TESSA", "UMA", "VICTOR", "WANDA", "XAVIER", "YARA", "ZANE",
    "ANNA", "BORIS", "CELIA", "DEREK",
];

/// How a denial shows on the remit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every line denied; CLP02 4 (sometimes 1 with $0 paid: a "creative" denial).
    Claim,
    /// One line denied, the rest paid.
    Line,
}

pub struct Denial {
    pub group: &'static str,
    pub carc: &'static str,
    pub rarc: Option<&'static str>,
    pub scope: Scope,
}

#[rustfmt::skip]
pub const DENIALS: &[(u32, Denial)] = &[
    (10, Denial { group: "CO", carc: "16", rarc: Some("MA130"), scope: Scope::Claim }),
    (4, Denial { group: "CO", carc: "16", rarc: Some("N290"), scope: Scope::Claim }),
    (12, Denial { group: "CO", carc: "197", rarc: None, scope: Scope::Claim }),
    (8, Denial { group: "CO", carc: "27", rarc: None, scope: Scope::Claim }),
    (4, Denial { group: "CO", carc: "31", rarc: Some("N382"), scope: Scope::Claim }),
    (10, Denial { group: "CO", carc: "97", rarc: Some("M15"), scope: Scope::Line }),
    (8, Denial { group: "CO", carc: "50", rarc: Some("N115"), scope: Scope::Claim }),
    (6, Denial { group: "CO", carc: "18", rarc: None, scope: Scope::Claim }),
    (4, Denial { group: "CO", carc: "29", rarc: None, scope: Scope::Claim }),
    (6, Denial { group: "CO", carc: "4", rarc: Some("N519"), scope: Scope::Line }),
    (5, Denial { group: "CO", carc: "11", rarc: Some("M76"), scope: Scope::Claim }),
    (5, Denial { group: "CO", carc: "22", rarc: Some("MA04"), scope: Scope::Claim }),
    (5, Denial { group: "PR", carc: "96", rarc: Some("N130"), scope: Scope::Line }),
    (5, Denial { group: "CO", carc: "252", rarc: Some("N706"), scope: Scope::Claim }),
    (3, Denial { group: "CO", carc: "151", rarc: Some("N362"), scope: Scope::Line }),
    (3, Denial { group: "CO", carc: "B7", rarc: None, scope: Scope::Claim }),
    (3, Denial { group: "CO", carc: "109", rarc: None, scope: Scope::Claim }),
];

/// Category, status code and entity of a 277CA rejection.
pub type RejectionCode = (&'static str, &'static str, Option<&'static str>);

/// 277CA rejections the generator sends, by weight.
#[rustfmt::skip]
pub const REJECTIONS: &[(u32, RejectionCode)] = &[
    (30, ("A7", "562", Some("85"))),
    (20, ("A7", "145", Some("IL"))),
    (15, ("A6", "21", None)),
    (15, ("A3", "33", None)),
    (10, ("A8", "187", None)),
    (10, ("A7", "147", Some("QC"))),
];
