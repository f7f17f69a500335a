//! The `rust-version` in Cargo.toml is true: no dependency needs a newer Rust than it states
//! (`cargo metadata` lists every package's own minimum). Only the packages this platform builds:
//! other platforms' dependencies (macOS's, Windows') are never downloaded here.

#[test]
fn the_stated_minimum_rust_covers_every_dependency() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let about = std::process::Command::new(rustc).arg("-vV").output().expect("rustc runs");
    let about = String::from_utf8_lossy(&about.stdout).into_owned();
    let host = about.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc names its host").to_string();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline", "--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let version = |v: &str| -> [u32; 3] {
        let mut parts = v.split('.').map(|x| x.parse().unwrap_or(0));
        [parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0)]
    };
    let packages = meta["packages"].as_array().unwrap();
    let ours = packages.iter().find(|p| p["name"] == "overturn").unwrap();
    let stated = version(ours["rust_version"].as_str().expect("Cargo.toml states rust-version"));
    for p in packages {
        if let Some(needs) = p["rust_version"].as_str() {
            assert!(version(needs) <= stated, "{} needs Rust {needs}, more than the stated {:?}", p["name"], stated);
        }
    }
}
