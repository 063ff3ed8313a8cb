use super::*;

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Holder {
    #[serde(with = "super")]
    path: PathBuf,
}

#[test]
fn text_and_odd_bytes_round_trip() {
    let plain = Holder {
        path: "/var/log/app.log".into(),
    };
    let json = serde_json::to_string(&plain).unwrap();
    assert_eq!(
        json, r#"{"path":"/var/log/app.log"}"#,
        "UTF-8 stays a string"
    );
    assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), plain);
    let odd = Holder {
        path: PathBuf::from(OsString::from_vec(b"/logs/caf\xe9.log".to_vec())),
    };
    let json = serde_json::to_string(&odd).unwrap();
    assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), odd);
}
