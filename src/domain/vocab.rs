//! The closed vocabularies of the desk: root causes, teams, work types, paths, plan types.
//! Their spellings are what the tables in `assets/` and the database use.

use super::code::string_enum;

string_enum!(
    /// Root-cause category of a denial or rejection (what upstream step failed).
    RootCause {
        Eligibility => "eligibility",
        Authorization => "authorization",
        Coding => "coding",
        Bundling => "bundling",
        Duplicate => "duplicate",
        MedicalNecessity => "medical_necessity",
        Experimental => "experimental",
        MissingDocumentation => "missing_documentation",
        TimelyFiling => "timely_filing",
        CoordinationOfBenefits => "coordination_of_benefits",
        Contractual => "contractual",
        RateNotOnFile => "rate_not_on_file",
        AppealProcedure => "appeal_procedure",
        ClaimData => "claim_data",
        ProviderEnrollment => "provider_enrollment",
        PatientResponsibility => "patient_responsibility",
        Other => "other",
        Unknown => "unknown",
    }
);

string_enum!(
    /// The team that touches an item first.
    Team {
        FrontDesk => "front_desk",
        PriorAuth => "prior_auth",
        Coding => "coding",
        BillingOps => "billing_ops",
        ClinicalDocs => "clinical_docs",
        BillingManager => "billing_manager",
        ContractManagement => "contract_management",
        PatientAccess => "patient_access",
    }
);

string_enum!(
    /// What kind of work resolves the item.
    WorkType {
        CorrectResubmit => "correct_resubmit",
        VerifyEligibility => "verify_eligibility",
        ObtainAuthorization => "obtain_authorization",
        CodingReview => "coding_review",
        SendRecords => "send_records",
        ClinicalAppeal => "clinical_appeal",
        PolicyAppeal => "policy_appeal",
        UpdateCob => "update_cob",
        DuplicateCheck => "duplicate_check",
        ContractReview => "contract_review",
        ProofOfTimelyFiling => "proof_of_timely_filing",
        BillPatient => "bill_patient",
        Credentialing => "credentialing",
        Research => "research",
        None => "none",
    }
);

string_enum!(
    /// The three ways out of the queue.
    Path {
        Fix => "fix",
        Appeal => "appeal",
        Close => "close",
    }
);

string_enum!(
    /// Soft denials are usually fixable; hard ones rarely pay even after appeal.
    Hardness {
        Soft => "soft",
        Hard => "hard",
    }
);

string_enum!(
    /// Plan type: chooses the default filing and appeal rules.
    PlanType {
        Medicare => "medicare",
        MedicareAdvantage => "medicare_advantage",
        Medicaid => "medicaid",
        Commercial => "commercial",
        Bcbs => "bcbs",
        Tricare => "tricare",
        WorkersComp => "workers_comp",
        Other => "other",
    }
);

string_enum!(
    /// What a 277 status category means for the desk.
    StcEffect {
        Reject => "reject",
        Accept => "accept",
        /// Received or forwarded (A0, A1): not an acceptance.
        Receipt => "receipt",
        Pending => "pending",
        Finalized => "finalized",
        Info => "info",
    }
);

string_enum!(
    /// Where an appeal clock starts.
    ClockStart {
        Remit => "remit",
        Service => "service",
    }
);

string_enum!(
    /// How a corrected claim goes back to the payer.
    Resubmit {
        /// A new claim (frequency code 1): the payer holds no processed claim to replace
        /// (rejections, unprocessable claims such as MA130).
        New => "new",
        /// A replacement claim (frequency code 7, REF*F8 = the payer's claim number; bill type
        /// xx7 on institutional claims).
        Replacement => "replacement",
        /// Medicare: a reopening of the initial determination through the MAC (clerical errors,
        /// 42 CFR 405.980), not a new claim, which would deny as a duplicate.
        Reopening => "reopening",
    }
);
