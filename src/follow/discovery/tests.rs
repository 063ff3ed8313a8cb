use super::*;

#[test]
fn parses_specs_and_finds_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let base = fs::canonicalize(dir.path()).unwrap();
    fs::write(base.join("a.log"), "x\n").unwrap();
    fs::write(base.join("b.txt"), "x\n").unwrap();
    let d = base.display().to_string();
    assert_eq!(WatchSpec::parse("-"), WatchSpec::Stdin);
    let dir_spec = WatchSpec::parse(&d);
    assert_eq!(
        dir_spec.current_files().into_iter().collect::<Vec<_>>(),
        vec![base.join("a.log")]
    );
    let glob = WatchSpec::parse(&format!("{d}/*.txt"));
    assert!(matches!(glob, WatchSpec::Glob(_)));
    assert_eq!(glob.watch_dir(), Some(base.clone()));
    assert_eq!(glob.current_files().len(), 1);
    let later = WatchSpec::parse(&format!("{d}/later.log"));
    assert!(
        later.current_files().is_empty(),
        "a file that does not exist yet"
    );
    fs::write(base.join("later.log"), "x\n").unwrap();
    assert_eq!(later.current_files().len(), 1, "picked up once it appears");
}

#[test]
fn a_place_covers_the_canonical_paths_it_names_even_gone_or_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let base = fs::canonicalize(tmp.path()).unwrap();
    fs::create_dir(base.join("logs")).unwrap();
    std::os::unix::fs::symlink(base.join("logs"), base.join("link")).unwrap();
    let (app, gone) = (base.join("logs/app.log"), base.join("logs/gone.log"));
    fs::write(&app, "x\n").unwrap();
    let via_link = |rest: &str| base.join("link").join(rest).display().to_string();
    let dir = WatchSpec::parse(&via_link(""));
    assert!(dir.covers(&app) && dir.covers(&gone));
    assert!(!dir.covers(&base.join("logs/app.log.1")), "only *.log");
    let file = WatchSpec::parse(&via_link("app.log"));
    assert!(file.covers(&app) && !file.covers(&gone));
    let glob = WatchSpec::parse(&via_link("g*.log"));
    assert!(glob.covers(&gone) && !glob.covers(&app));
    assert!(!WatchSpec::Stdin.covers(&app));
}
