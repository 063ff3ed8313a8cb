use super::FileState;

#[test]
fn file_states_are_shown_by_their_lowercase_names() {
    let shown = |state| serde_json::to_string(&state).unwrap();
    assert_eq!(shown(FileState::Following), "\"following\"");
    assert_eq!(shown(FileState::Draining), "\"draining\"");
    assert_eq!(shown(FileState::Unreadable), "\"unreadable\"");
}
