use super::*;

#[test]
fn generations_are_told_from_other_files() {
    let app = Path::new("/l/app.log");
    for yes in [
        "app.log.1",
        "app.log.12.gz",
        "app.log-20261205",
        "app.log-20261205.gz",
        "app.log.2026-12-05",
        "app.log.old",
        "app.1.log",
        "app-2026-12-05.log",
        "app_2026-12-05_1.log.gz",
        "app.log.gz",
    ] {
        assert!(is_generation_of(&Path::new("/l").join(yes), app), "{yes}");
    }
    for no in [
        "app.log",
        "app.log.lock",
        "app.log.swp",
        "app-error.log",
        "application.log.1",
        "other.log.1",
        "app.log1",
        "app..log",
    ] {
        assert!(!is_generation_of(&Path::new("/l").join(no), app), "{no}");
    }
    assert!(
        !is_generation_of(Path::new("/m/app.log.1"), app),
        "other directory"
    );
}
