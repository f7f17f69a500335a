//! Known answers (issue 9): payer x plan type x code x dates -> aim date, last possible date,
//! path, appealable. Every date was computed by hand; each case cites the rule it checks.
//! Sources: 42 CFR 424.44(a) (Medicare filing 12 months); 42 CFR 405.942 and NGS Medicare
//! (redetermination 120 days from receipt, receipt = notice + 5 days); Noridian (Medicare
//! weekend/holiday roll); 42 CFR 405.980(b)(1) (reopening within 1 year); MCPM ch. 1 sec. 70.4
//! (CO-29 not appealable); 42 CFR 422.582(b) (Medicare Advantage 65 days); 42 CFR 447.45(d)
//! (Medicaid 12 months at most); 32 CFR 199.7(d), 199.10 (TRICARE); aetna.com (180 days);
//! UnitedHealthcare Administrative Guide 2021 ch. 10 (12 months); Anthem provider news (12 months);
//! Seed 003 payer table (filing 90-180 days, 365 in some states); X12 RARC list (MA130, N142,
//! N211, N704, N185); CMS MAC contractor numbers.

use chrono::NaiveDate;

use crate::domain::code::{Carc, GroupCode, Rarc};
use crate::domain::money::Cents;
use crate::domain::payer_rules::resolve_rule;
use crate::domain::remarks::RemarkRules;
use crate::domain::remit::PayerIdent;
use crate::domain::triage::{TriageInput, triage};
use crate::domain::vocab::{Hardness, Path, PlanType, RootCause};
use crate::domain::workflow::WorkKind;
use crate::tables::builtin;

struct Case {
    name: &'static str,
    payer: &'static str,
    id: Option<&'static str>,
    /// CLP06 filing indicator (or a spreadsheet's plan type).
    fi: Option<&'static str>,
    /// `CO-50` for a denial, `A7` for a 277CA rejection.
    code: &'static str,
    rarcs: &'static [&'static str],
    dollars: i64,
    institutional: bool,
    dos: &'static str,
    notice: &'static str,
    today: &'static str,
    plan: PlanType,
    /// Aim and last possible date of the fix (filing or reopening) window.
    fix: Option<(&'static str, Option<&'static str>)>,
    appeal: Option<(&'static str, Option<&'static str>)>,
    path: Path,
}

const T: &str = "2026-11-30";

fn c(name: &'static str, payer: &'static str, id: Option<&'static str>, fi: Option<&'static str>) -> Case {
    Case {
        name,
        payer,
        id,
        fi,
        code: "CO-50",
        rarcs: &[],
        dollars: 300,
        institutional: false,
        dos: "2026-07-15",
        notice: "2026-10-05",
        today: T,
        plan: PlanType::Commercial,
        fix: None,
        appeal: None,
        path: Path::Appeal,
    }
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use PlanType::*;
    vec![
        // --- Medicare fee-for-service and its contractors ---
        Case { code: "CO-50", plan: Medicare, fix: Some(("2027-10-05", Some("2027-10-05"))),
               appeal: Some(("2027-02-08", Some("2027-02-08"))), path: Path::Appeal,
               ..c("1 Novitas by id (MAC contractor 12502), MB: 10-05 + 5 + 120 = Sun 2027-02-07 rolled (Noridian); reopening 1 year (405.980)", "NOVITAS SOLUTIONS", Some("12502"), Some("MB")) },
        Case { code: "A7", plan: Medicare, fix: Some(("2027-07-15", Some("2027-07-15"))), path: Path::Fix,
               ..c("2 Noridian 277CA rejection without CLP06: 12 months (424.44), not the commercial 90 days", "NORIDIAN HEALTHCARE SOLUTIONS", Some("01112"), None) },
        Case { code: "CO-29", plan: Medicare, fix: Some(("2027-07-15", Some("2027-07-15"))), appeal: None, path: Path::Close,
               ..c("3 Medicare CO-29: no initial determination, not appealable (MCPM ch. 1 sec. 70.4)", "MEDICARE PART B", None, Some("MB")) },
        Case { code: "CO-16", rarcs: &["MA130"], plan: Medicare, fix: Some(("2027-07-15", Some("2027-07-15"))), appeal: None, path: Path::Fix,
               ..c("4 Medicare CO-16 + MA130: a new claim within 12 months of the service, no appeal rights", "PALMETTO GBA", Some("10212"), Some("MB")) },
        Case { code: "CO-16", rarcs: &["N290"], institutional: true, dos: "2026-03-31", notice: "2026-04-20", plan: Medicare,
               fix: Some(("2027-03-31", Some("2027-03-31"))), appeal: Some(("2026-08-24", Some("2026-08-24"))), path: Path::Fix,
               ..c("5 Medicare Part A: bill type xx7 within 12 months of the through date (CGS); appeal 04-25 + 120 = Sun 08-23 rolled", "CGS ADMINISTRATORS", None, Some("MA")) },
        Case { code: "CO-50", notice: "2026-06-01", plan: Medicare, fix: Some(("2027-06-01", Some("2027-06-01"))),
               appeal: Some(("2026-10-05", Some("2026-10-05"))), path: Path::Close,
               ..c("6 Medicare CO-50 (hard) after its redetermination window (06-06 + 120 = Sun 10-04 rolled): close, reopening is for clerical errors", "WPS GOVERNMENT HEALTH ADMINISTRATORS", None, Some("MB")) },
        Case { code: "CO-197", notice: "2026-06-01", plan: Medicare, fix: Some(("2027-06-01", Some("2027-06-01"))),
               appeal: Some(("2026-10-05", Some("2026-10-05"))), path: Path::Fix,
               ..c("7 Medicare CO-197 (soft) after its window: correct within the reopening year", "FIRST COAST SERVICE OPTIONS", None, Some("MB")) },
        Case { code: "CO-16", notice: "2027-03-01", today: "2027-03-10", plan: Medicare, fix: Some(("2028-03-01", Some("2028-03-01"))),
               appeal: Some(("2027-07-06", Some("2027-07-06"))), path: Path::Fix,
               ..c("8 Medicare roll past a holiday: 03-06 + 120 = Sun 07-04, Mon 07-05 observed, so Tue 07-06", "NATIONAL GOVERNMENT SERVICES", None, Some("MB")) },
        Case { code: "A7", dos: "2028-02-29", today: "2028-03-10", plan: Medicare, fix: Some(("2029-02-28", Some("2029-02-28"))), path: Path::Fix,
               ..c("9 Medicare leap day: 12 months from 2028-02-29 is 2029-02-28 (424.44)", "MEDICARE", None, Some("MB")) },
        Case { code: "CO-16", plan: Medicare, fix: Some(("2027-10-05", Some("2027-10-05"))), appeal: Some(("2027-02-08", Some("2027-02-08"))), path: Path::Fix,
               ..c("10 DME MAC by id (19003): Medicare, fix by reopening", "NORIDIAN JD DME", Some("19003"), None) },
        // --- Medicare Advantage ---
        Case { plan: MedicareAdvantage, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-09", Some("2026-12-09"))), path: Path::Appeal,
               ..c("11 AETNA MEDICARE, CLP06 16: MA reconsideration 65 days (422.582), never Aetna's 180", "AETNA MEDICARE", None, Some("16")) },
        Case { plan: MedicareAdvantage, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-09", Some("2026-12-09"))), path: Path::Appeal,
               ..c("12 AETNA with CLP06 16: the filing indicator wins over the commercial row", "AETNA", Some("60054"), Some("16")) },
        Case { plan: MedicareAdvantage, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-09", Some("2026-12-09"))), path: Path::Appeal,
               ..c("13 HUMANA MEDICARE ADVANTAGE without a plan type: MA by name, not Medicare FFS", "HUMANA MEDICARE ADVANTAGE", None, None) },
        Case { plan: MedicareAdvantage, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-09", Some("2026-12-09"))), path: Path::Appeal,
               ..c("14 CIGNA MEDICARE: a carrier's Medicare plan is Medicare Advantage", "CIGNA MEDICARE", None, None) },
        Case { code: "A7", plan: MedicareAdvantage, fix: Some(("2026-10-13", Some("2027-07-15"))), path: Path::Fix,
               ..c("15 MA rejection past its 90-day aim: still fixable until Medicare's 12 months", "HUMANA", Some("61101"), None) },
        Case { notice: "2026-10-02", plan: MedicareAdvantage, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-06", Some("2026-12-06"))), path: Path::Appeal,
               ..c("16 MA 65 days, no roll: 10-02 + 65 = Sun 12-06 stands", "WELLCARE", None, Some("16")) },
        // --- Commercial ---
        Case { dollars: 500, notice: "2026-07-01", plan: Commercial, fix: Some(("2026-10-13", Some("2027-07-15"))),
               appeal: Some(("2027-07-01", Some("2027-07-01"))), path: Path::Appeal,
               ..c("17 UHC CO-50 $500 denied 07-01: 12 months (UHC guide), not suggested for write-off on 11-30", "UNITEDHEALTHCARE", Some("87726"), Some("CI")) },
        Case { plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: Some(("2027-04-03", Some("2027-04-03"))), path: Path::Appeal,
               ..c("18 Aetna CO-50: 180 days (aetna.com), Sat 04-03 not rolled", "AETNA", Some("60054"), Some("CI")) },
        Case { code: "A7", plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), path: Path::Fix,
               ..c("19 Aetna rejection: aim 90 days passed, up to 180 days (Seed 003): fix, late", "AETNA", Some("60054"), None) },
        Case { code: "A7", dos: "2026-01-02", plan: Commercial, fix: Some(("2026-04-02", Some("2026-07-01"))), path: Path::Close,
               ..c("20 Aetna rejection past 180 days: the window is gone", "AETNA", Some("60054"), None) },
        Case { code: "CO-197", plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: Some(("2027-04-03", Some("2027-04-03"))), path: Path::Appeal,
               ..c("21 Cigna CO-197: 180 days, one level (Cigna)", "CIGNA", Some("62308"), Some("CI")) },
        Case { plan: Bcbs, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2027-04-03", Some("2027-10-05"))), path: Path::Appeal,
               ..c("22 Anthem CO-50: 180 days typical (Seed 003), 12 months from the EOP (Anthem)", "ANTHEM BLUE CROSS", None, Some("BL")) },
        Case { notice: "2026-02-02", plan: Bcbs, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-08-01", Some("2027-02-02"))), path: Path::Appeal,
               ..c("23 Anthem past the 180-day aim: appeal, late, until 12 months", "ANTHEM", None, None) },
        Case { code: "CO-16", dos: "2026-10-01", plan: Commercial, fix: Some(("2026-12-30", Some("2027-10-01"))), appeal: Some(("2027-04-03", Some("2027-10-05"))), path: Path::Fix,
               ..c("24 Unknown commercial payer: filing 90 days to 12 months (Seed 003)", "ACME HEALTH", None, Some("CI")) },
        Case { code: "A7", dos: "2026-11-01", plan: Commercial, fix: Some(("2027-01-30", Some("2027-11-01"))), path: Path::Fix,
               ..c("25 Commercial aim on Saturday 2027-01-30: no roll outside Medicare", "ACME HEALTH", None, None) },
        Case { code: "CO-29", plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: Some(("2027-04-03", Some("2027-04-03"))), path: Path::Appeal,
               ..c("26 Aetna CO-29: appealable with proof of timely filing (277CA acceptance)", "AETNA", Some("60054"), Some("CI")) },
        Case { dollars: 24, plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: Some(("2027-04-03", Some("2027-04-03"))), path: Path::Close,
               ..c("27 $24 is under the $25 write-off threshold (practice policy)", "AETNA", Some("60054"), Some("CI")) },
        Case { code: "PR-96", rarcs: &["N130"], plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: Some(("2027-04-03", Some("2027-04-03"))), path: Path::Close,
               ..c("28 PR-96: denied and billable to the patient (domain.md)", "AETNA", Some("60054"), Some("CI")) },
        Case { code: "CO-18", rarcs: &["N185"], plan: Commercial, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2027-07-01", Some("2027-07-01"))), notice: "2026-07-01", path: Path::Appeal,
               ..c("29 CO-18 + N185 (do not resubmit): appeal if it is no duplicate", "UNITED HEALTHCARE", None, Some("CI")) },
        // --- Medicaid ---
        Case { code: "CO-16", plan: Medicaid, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-04", None)), path: Path::Fix,
               ..c("30 NYSDOH by name: Medicaid 12 months at most (447.45(d)), not 90 days hard", "NYSDOH", None, None) },
        Case { plan: Medicaid, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-04", None)), path: Path::Appeal,
               ..c("31 Nevada Medicaid (the name as a real remit spells it)", "DIVISON OF HEALTH CARE FINANCING AND POLICY", None, None) },
        Case { notice: "2026-08-01", plan: Medicaid, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-09-30", None)), path: Path::Appeal,
               ..c("32 Medicaid appeal aim passed, no published outer limit: appeal, never a write-off on a guess", "MEDI-CAL", None, Some("MC")) },
        Case { plan: Medicaid, fix: Some(("2026-10-13", Some("2027-07-15"))), appeal: Some(("2026-12-04", None)), path: Path::Appeal,
               ..c("33 AETNA BETTER HEALTH with CLP06 MC: Medicaid, never Aetna's commercial row", "AETNA BETTER HEALTH", Some("60054"), Some("MC")) },
        // --- TRICARE, workers' comp ---
        Case { code: "CO-16", dos: "2026-10-01", plan: Tricare, fix: Some(("2027-10-01", Some("2027-10-01"))), appeal: Some(("2027-01-03", Some("2027-01-03"))), path: Path::Fix,
               ..c("34 TRICARE: one year to file (199.7(d)), 90 days to reconsider (199.10), Sun not rolled", "TRICARE EAST", None, Some("CH")) },
        Case { notice: "2026-05-01", plan: WorkersComp, fix: Some(("2026-10-13", None)), appeal: Some(("2026-06-30", None)), path: Path::Appeal,
               ..c("35 Workers' comp: state rules unpublished here, so no door closes on a date", "STATE FUND", None, Some("WC")) },
        // --- Remarks ---
        Case { code: "CO-16", rarcs: &["N211"], plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: None, path: Path::Fix,
               ..c("36 CO-16 + N211: correct and resubmit, no appeal rights", "CIGNA", Some("62308"), Some("CI")) },
        Case { code: "CO-50", rarcs: &["N211"], plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: None, path: Path::Close,
               ..c("37 CO-50 + N211: nothing to correct, no appeal rights", "CIGNA", Some("62308"), Some("CI")) },
        Case { code: "CO-16", rarcs: &["MA130"], plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: None, path: Path::Fix,
               ..c("38 Aetna CO-16 + MA130: a new claim within the filing window", "AETNA", Some("60054"), Some("CI")) },
        Case { code: "CO-16", rarcs: &["N704"], plan: Commercial, fix: Some(("2026-10-13", Some("2027-01-11"))), appeal: None, path: Path::Fix,
               ..c("39 N704: may not appeal, may resubmit corrected", "AETNA", Some("60054"), Some("CI")) },
        Case { code: "CO-16", rarcs: &["N142"], plan: Medicare, fix: Some(("2027-07-15", Some("2027-07-15"))), appeal: Some(("2027-02-08", Some("2027-02-08"))), path: Path::Fix,
               ..c("40 Medicare + N142: a new claim (not a reopening) within 12 months of the service", "NOVITAS SOLUTIONS", Some("12502"), Some("MB")) },
        Case { code: "CO-16", rarcs: &["N290"], plan: Medicare, fix: Some(("2027-10-05", Some("2027-10-05"))), appeal: Some(("2027-02-08", Some("2027-02-08"))), path: Path::Fix,
               ..c("41 Medicare Part B CO-16 + N290: reopening within a year of the determination", "NOVITAS SOLUTIONS", Some("12502"), Some("MB")) },
        Case { code: "A7", dos: "2025-10-01", plan: Medicare, fix: Some(("2026-10-01", Some("2026-10-01"))), path: Path::Close,
               ..c("42 Medicare rejection past 12 months: close (exceptions in 424.44(b) are the biller's to claim)", "NOVITAS SOLUTIONS", Some("12502"), None) },
    ]
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn window(w: Option<&crate::domain::deadlines::Deadline>) -> Option<(NaiveDate, Option<NaiveDate>)> {
    w.map(|x| (x.date, x.last))
}

fn expect(w: Option<(&str, Option<&str>)>) -> Option<(NaiveDate, Option<NaiveDate>)> {
    w.map(|(a, l)| (d(a), l.map(d)))
}

#[test]
fn every_known_answer_holds() {
    let t = builtin();
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for k in &cases {
        let payer = PayerIdent { name: k.payer.into(), id: k.id.map(str::to_string) };
        let rule = resolve_rule(&t, &payer, k.fi);
        let rejection = !k.code.contains('-');
        let (group, carc) = k.code.split_once('-').map_or((None, None), |(g, c)| (GroupCode::parse(g), Carc::new(c)));
        let info = carc.and_then(|c| t.carc(c));
        let rarcs: Vec<Rarc> = k.rarcs.iter().filter_map(|r| Rarc::new(r)).collect();
        let category = info.map_or(RootCause::Unknown, |i| i.category);
        let input = TriageInput {
            kind: if rejection { WorkKind::Rejection } else { WorkKind::Denial },
            at_risk: Cents(k.dollars * 100),
            reason_code: k.code,
            reason_label: "label",
            default_path: if rejection { Path::Fix } else { info.map_or(Path::Fix, |i| i.default_path) },
            appealable: !rejection
                && info.is_none_or(|i| i.appealable)
                && carc.is_none_or(|c| rule.allows_appeal_of(c)),
            remarks: RemarkRules::of(&rarcs, &t),
            patient_liable: group == Some(GroupCode::Pr)
                && matches!(category, RootCause::MedicalNecessity | RootCause::Experimental),
            hard: info.is_some_and(|i| i.hardness == Hardness::Hard),
            institutional: k.institutional,
            service_date: Some(d(k.dos)),
            notice_date: Some(d(k.notice)),
            rule: &rule,
            recoverability: 500,
            write_off_threshold: Cents(2500),
            today: d(k.today),
        };
        let tri = triage(&input);
        let got = (rule.plan, window(tri.filing.as_ref()), window(tri.appeal.as_ref()), tri.path);
        let want = (k.plan, expect(k.fix), expect(k.appeal), k.path);
        assert_eq!(got, want, "case {}\n  rule: {}\n  why: {}", k.name, rule.describe(), tri.path_reason);
    }
}
