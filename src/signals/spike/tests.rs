use super::*;

const RULE: SpikeRule = SpikeRule {
    factor: 5.0,
    min_count: 10,
    baseline_minutes: 10,
};

fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap()
}

/// `per_minute` occurrences spread evenly over `minutes`, from `start`.
fn steady(rate: &mut Rate, start: i64, minutes: i64, per_minute: i64) -> Option<f64> {
    let mut last = None;
    for k in 0..minutes * per_minute {
        last = rate.add(t(start + k * 60 / per_minute), &RULE);
    }
    last
}

#[test]
fn a_steady_rate_is_never_a_spike() {
    let mut rate = Rate::new(t(0));
    for k in 0..30 * 20 {
        assert_eq!(rate.add(t(k * 3), &RULE), None, "occurrence {k}");
    }
    let baseline = rate.baseline().unwrap();
    assert!((baseline - 20.0).abs() < 1.0, "{baseline}");
}

#[test]
fn a_burst_over_the_baseline_is_a_spike_with_its_factor() {
    let mut rate = Rate::new(t(0));
    assert_eq!(steady(&mut rate, 0, 10, 4), None);
    // 60 in the next 30 s: 15 times the usual 4 a minute.
    let mut factor = None;
    for k in 0..60 {
        factor = rate.add(t(600 + k / 2), &RULE);
    }
    let factor = factor.expect("a spike");
    assert!((14.0..=16.5).contains(&factor), "{factor}");
    // Two quiet minutes later it is over.
    assert_eq!(rate.at(t(600 + 150), &RULE), None);
}

#[test]
fn no_spike_before_a_minute_of_baseline_or_below_the_minimum() {
    // A new group's first burst is a new pattern, not a spike.
    let mut rate = Rate::new(t(0));
    for k in 0..50 {
        assert_eq!(rate.add(t(k / 5), &RULE), None);
    }
    // Usually silent: 9 at once is under min_count, 12 is a spike.
    let mut quiet = Rate::new(t(0));
    quiet.add(t(0), &RULE);
    for k in 0..9 {
        assert_eq!(quiet.add(t(3600 + k), &RULE), None);
    }
    let mut factor = None;
    for k in 9..12 {
        factor = quiet.add(t(3600 + k), &RULE);
    }
    assert_eq!(factor, Some(12.0), "against the floor of 1 a minute");
}

#[test]
fn a_long_gap_decays_the_baseline_in_one_step() {
    let mut rate = Rate::new(t(0));
    steady(&mut rate, 0, 10, 30);
    // Ten years later: no loop over the slots between, baseline ~0.
    rate.at(t(10 * 365 * 86_400), &RULE);
    assert!(rate.baseline().unwrap() < 0.01);
    assert_eq!(rate.last_minute(), 0);
}
