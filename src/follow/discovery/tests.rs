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
