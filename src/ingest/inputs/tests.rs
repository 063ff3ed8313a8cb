use super::*;
use std::io::Write;

#[test]
fn expands_files_dirs_globs_and_reports_missing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.log");
    let b = dir.path().join("b.txt");
    fs::write(&a, "x\n").unwrap();
    fs::write(&b, "y\n").unwrap();
    let args = vec![
        dir.path().display().to_string(),
        format!("{}/./a.log", dir.path().display()),
        format!("{}/*.txt", dir.path().display()),
        format!("{}/missing.log", dir.path().display()),
        format!("{}/*.nothing", dir.path().display()),
    ];
    let (inputs, errors) = expand(&args);
    let canon = |p: &Path| Input::File(fs::canonicalize(p).unwrap());
    assert_eq!(inputs, vec![canon(&a), canon(&b)]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].arg.ends_with("missing.log"));
    assert!(errors[1].reason.contains("no files match"));
}

#[test]
fn gzip_is_detected_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rotated.1");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"hello\n").unwrap();
    fs::write(&path, gz.finish().unwrap()).unwrap();
    let mut text = String::new();
    Input::File(path)
        .open()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "hello\n");
}
