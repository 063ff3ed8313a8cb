use crate::model::{DetectedAt, Issue, Standing};

#[test]
fn the_first_standing_that_applies_wins() {
    let now = chrono::Utc::now();
    let mut issue = Issue::blank(DetectedAt::now_unique());
    assert_eq!(issue.standing(now), Standing::Open);
    issue.new_pattern = true;
    assert_eq!(issue.standing(now), Standing::NewPattern);
    issue.acknowledged = true;
    assert_eq!(issue.standing(now), Standing::Acknowledged);
    issue.silenced_until = Some(DetectedAt::at(now + chrono::TimeDelta::hours(1)));
    assert_eq!(issue.standing(now), Standing::Silenced);
    issue.regression = true;
    assert_eq!(issue.standing(now), Standing::Regression);
    issue.resolved = true;
    assert_eq!(issue.standing(now), Standing::Resolved);
}
