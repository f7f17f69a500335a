//! Where things live (data and config directories) and the user's `config.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::fee_schedule::Tolerance;
use crate::domain::money::Cents;
use crate::letters::PracticeProfile;

/// Overrides the config directory (tables, `config.toml`); mostly for tests and shared setups.
pub const CONFIG_DIR_ENV: &str = "OVERTURN_CONFIG_DIR";
/// Overrides the data directory (default database, demo database).
pub const DATA_DIR_ENV: &str = "OVERTURN_DATA_DIR";

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "overturn")
}

fn from_env(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The per-user data directory (`~/.local/share/overturn` on Linux).
pub fn data_dir() -> Result<PathBuf, String> {
    from_env(DATA_DIR_ENV)
        .or_else(|| project().map(|p| p.data_dir().to_path_buf()))
        .ok_or_else(|| "cannot find a home directory for the data; pass --db PATH".to_string())
}

/// The per-user config directory (`~/.config/overturn` on Linux), when there is one.
pub fn config_dir() -> Option<PathBuf> {
    from_env(CONFIG_DIR_ENV).or_else(|| project().map(|p| p.config_dir().to_path_buf()))
}

pub fn default_db_path() -> Result<PathBuf, String> {
    Ok(data_dir()?.join("overturn.db"))
}

pub fn demo_db_path() -> Result<PathBuf, String> {
    Ok(data_dir()?.join("demo.db"))
}

/// `config.toml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Printed on reports; the older spelling of `[practice] name`.
    pub practice_name: Option<String>,
    /// The practice profile letters are written from.
    pub practice: Option<PracticeProfile>,
    /// Recorded on decisions instead of the OS user name.
    pub biller_name: Option<String>,
    /// Dollars; items below it get "close" as their suggested path. Default 25.
    pub write_off_threshold: Option<toml::Value>,
    /// Minutes of inactivity before the desk hides patient data. Default 10.
    pub idle_lock_minutes: Option<u32>,
    /// "color" (default) or "mono"; the NO_COLOR environment variable also turns colour off.
    pub colors: Option<String>,
    /// Where the desk writes PDF letters and packets (x, X). Default: `letters` in the data
    /// directory.
    pub letters_dir: Option<String>,
    /// A paid line allowed below its contracted rate by more than these (dollars, and percent of
    /// the expected amount) is an underpayment. Defaults $1.00 and 1.
    pub underpayment_tolerance: Option<toml::Value>,
    pub underpayment_tolerance_percent: Option<toml::Value>,
}

pub const DEFAULT_WRITE_OFF_THRESHOLD: Cents = Cents(2500);

/// An amount of dollars written as a number or a string (`25`, `12.5`, `"$30.00"`).
fn dollars(v: &toml::Value) -> Result<Cents, String> {
    let text = match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => format!("{f:.2}"),
        toml::Value::String(s) => s.clone(),
        _ => return Err("must be an amount such as 25 or \"25.00\"".into()),
    };
    match Cents::parse_human(&text) {
        Ok(c) if c.cents() >= 0 => Ok(c),
        _ => Err(format!("'{text}' is not an amount of dollars")),
    }
}

impl Config {
    /// Reads `config.toml` from `dir`; a missing file is the default config.
    pub fn load(dir: Option<&Path>) -> Result<Config, String> {
        let Some(path) = dir.map(|d| d.join("config.toml")).filter(|p| p.is_file()) else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        config.write_off_threshold().map_err(|e| format!("{}: write_off_threshold {e}", path.display()))?;
        config.underpayment_tolerance().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(config)
    }

    pub fn write_off_threshold(&self) -> Result<Cents, String> {
        self.write_off_threshold.as_ref().map_or(Ok(DEFAULT_WRITE_OFF_THRESHOLD), dollars)
    }

    /// `underpayment_tolerance` (dollars) and `underpayment_tolerance_percent`.
    pub fn underpayment_tolerance(&self) -> Result<Tolerance, String> {
        let mut t = Tolerance::default();
        if let Some(v) = &self.underpayment_tolerance {
            t.min = dollars(v).map_err(|e| format!("underpayment_tolerance {e}"))?;
        }
        if let Some(v) = &self.underpayment_tolerance_percent {
            let pct = match v {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) => *f,
                _ => f64::NAN,
            };
            if !(0.0..=100.0).contains(&pct) {
                return Err("underpayment_tolerance_percent must be a number from 0 to 100, such as 1 or 2.5".into());
            }
            t.permille = (pct * 10.0).round() as u32;
        }
        Ok(t)
    }

    /// The `[practice]` table, its name taken from `practice_name` when the table has none.
    pub fn practice_profile(&self) -> PracticeProfile {
        let mut p = self.practice.clone().unwrap_or_default();
        if p.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            p.name = self.practice_name.clone();
        }
        p
    }

    /// The folder the desk writes PDFs into.
    pub fn letters_dir(&self) -> Result<PathBuf, String> {
        match self.letters_dir.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Ok(PathBuf::from(d)),
            None => Ok(data_dir()?.join("letters")),
        }
    }

    /// The practice's name for reports.
    pub fn practice_name(&self) -> Option<String> {
        self.practice_profile().name.filter(|n| !n.trim().is_empty())
    }

    pub fn idle_lock(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.idle_lock_minutes.unwrap_or(10).max(1)) * 60)
    }

    /// The name recorded on events: the configured biller, else the OS user.
    pub fn actor(&self) -> String {
        if let Some(b) = self.biller_name.as_ref().filter(|b| !b.trim().is_empty()) {
            return b.trim().to_string();
        }
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .or_else(|| {
                let home = std::env::var_os("HOME")?;
                Path::new(&home).file_name().map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "unknown".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_practice_table_and_the_older_practice_name() {
        let c: Config = toml::from_str(
            "[practice]\nname = \"Riverbend\"\naddress = \"1 Main St\\nSpringfield\"\nphone = \"555\"\nnpi = \"1\"\ntin = \"2\"\n",
        )
        .unwrap();
        let p = c.practice_profile();
        assert_eq!((p.missing(), p.address_lines()), (vec![], vec!["1 Main St".to_string(), "Springfield".into()]));
        let old: Config = toml::from_str("practice_name = \"Riverbend\"").unwrap();
        assert_eq!(old.practice_name().as_deref(), Some("Riverbend"));
        assert_eq!(old.practice_profile().missing(), ["address", "phone", "npi", "tin"]);
        assert!(toml::from_str::<Config>("[practice]\nfacsimile = \"x\"").is_err(), "unknown keys are refused");
        assert_eq!(Config::default().practice_profile().missing(), ["name", "address", "phone", "npi", "tin"]);
    }

    #[test]
    fn the_underpayment_tolerance_defaults_to_a_dollar_and_one_percent() {
        assert_eq!(Config::default().underpayment_tolerance(), Ok(Tolerance { min: Cents(100), permille: 10 }));
        let c: Config = toml::from_str("underpayment_tolerance = 5\nunderpayment_tolerance_percent = 2.5").unwrap();
        assert_eq!(c.underpayment_tolerance(), Ok(Tolerance { min: Cents(500), permille: 25 }));
        let c: Config = toml::from_str("underpayment_tolerance_percent = 250").unwrap();
        assert!(c.underpayment_tolerance().is_err());
        let c: Config = toml::from_str("underpayment_tolerance = \"a lot\"").unwrap();
        assert!(c.underpayment_tolerance().unwrap_err().starts_with("underpayment_tolerance "));
    }

    #[test]
    fn threshold_accepts_numbers_and_strings() {
        let c: Config = toml::from_str("write_off_threshold = 40").unwrap();
        assert_eq!(c.write_off_threshold(), Ok(Cents(4000)));
        let c: Config = toml::from_str("write_off_threshold = 12.5").unwrap();
        assert_eq!(c.write_off_threshold(), Ok(Cents(1250)));
        let c: Config = toml::from_str("write_off_threshold = \"$30.00\"").unwrap();
        assert_eq!(c.write_off_threshold(), Ok(Cents(3000)));
        assert_eq!(Config::default().write_off_threshold(), Ok(Cents(2500)));
        let c: Config = toml::from_str("write_off_threshold = \"lots\"").unwrap();
        assert!(c.write_off_threshold().is_err());
        assert!(toml::from_str::<Config>("write_off_treshold = 3").is_err(), "typos are refused");
    }

    #[test]
    fn missing_file_is_default_and_bad_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Config::load(Some(dir.path())), Ok(Config::default()));
        std::fs::write(dir.path().join("config.toml"), "idle_lock_minutes = \"ten\"").unwrap();
        let e = Config::load(Some(dir.path())).unwrap_err();
        assert!(e.contains("config.toml"), "{e}");
        std::fs::write(dir.path().join("config.toml"), "biller_name = \"Dana\"\nwrite_off_threshold = 50").unwrap();
        let c = Config::load(Some(dir.path())).unwrap();
        assert_eq!(c.actor(), "Dana");
        assert_eq!(c.write_off_threshold(), Ok(Cents(5000)));
    }
}
