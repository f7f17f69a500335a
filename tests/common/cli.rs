//! Running the `overturn` binary as a user would, in a private home.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;

/// `overturn` with private data/config dirs under `home` and a fixed today.
pub fn overturn(home: &Path) -> Command {
    let mut c = Command::cargo_bin("overturn").unwrap();
    c.env("OVERTURN_DATA_DIR", home.join("data"))
        .env("OVERTURN_CONFIG_DIR", home.join("config"))
        .env("OVERTURN_TODAY", super::TODAY)
        .env_remove("OVERTURN_DB");
    c
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

pub fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A config.toml with a complete practice profile (letters need one).
pub fn practice_config(home: &Path) {
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(
        home.join("config/config.toml"),
        "[practice]\nname = \"Riverbend Family Medicine\"\naddress = \"120 River Road\\nSpringfield, IL 62701\"\n\
         phone = \"(217) 555-0142\"\nnpi = \"1234567893\"\ntin = \"12-3456789\"\n",
    )
    .unwrap();
}
