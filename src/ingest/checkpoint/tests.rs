use super::*;

fn sample() -> Checkpoints {
    Checkpoints {
        version: 1,
        files: vec![FileCheckpoint {
            path: "/var/log/app.log".into(),
            key: FileKey { dev: 1, ino: 2 },
            fingerprint: Fingerprint { len: 10, hash: 3 },
            offset: 42,
            line: Some(3),
            applied: Some("5d0c3f9a81e2b7c4".into()),
        }],
        specs: vec!["/var/log/*.log".into()],
        saved_at: Some(1_700_000_000_000_000),
        finished: Vec::new(),
    }
}

#[test]
fn saves_and_loads_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateDir::open(dir.path()).unwrap();
    assert_eq!(state.load(), (Checkpoints::default(), None));
    state.save(&sample()).unwrap();
    assert_eq!(state.load(), (sample(), None));
    assert!(!dir.path().join("checkpoints.json.tmp").exists());
}

#[test]
fn a_second_instance_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _first = StateDir::open(dir.path()).unwrap();
    let err = StateDir::open(dir.path()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("in use by another logwarden"), "{msg}");
    assert!(
        msg.contains(&format!("pid {}", std::process::id())),
        "{msg}"
    );
}

#[test]
fn a_corrupt_file_is_moved_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateDir::open(dir.path()).unwrap();
    fs::write(dir.path().join("checkpoints.json"), "{ not json").unwrap();
    let (cps, warning) = state.load();
    assert_eq!(cps, Checkpoints::default());
    assert!(warning.unwrap().contains("corrupt"));
    assert!(dir.path().join("checkpoints.json.corrupt").exists());
}
