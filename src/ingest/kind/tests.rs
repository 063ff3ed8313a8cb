use super::*;

#[test]
fn names_what_a_path_is() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, "x").unwrap();
    let kind = |p: &std::path::Path| {
        FileKind::of(&std::fs::symlink_metadata(p).unwrap().file_type()).to_string()
    };
    assert_eq!(kind(&file), "a regular file");
    assert_eq!(kind(dir.path()), "a directory");
    assert_eq!(
        kind(std::path::Path::new("/dev/null")),
        "a character device"
    );
    let link = dir.path().join("l");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    assert_eq!(kind(&link), "a symbolic link");
}
