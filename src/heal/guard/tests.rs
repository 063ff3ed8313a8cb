use std::time::Duration;

use super::*;

const MIN: i64 = 60_000;

fn config() -> GuardConfig {
    GuardConfig {
        cooldown: Duration::from_secs(5 * 60),
        max_attempts: 3,
        window: Duration::from_secs(10 * 60),
        breaker_failures: 3,
        breaker_pause: Duration::from_secs(15 * 60),
    }
}

#[test]
fn a_flood_of_triggers_makes_only_what_the_rails_allow() {
    let mut guard = Guard::new(config());
    // 10,000 triggers over 20 minutes, for two services.
    let mut made = Vec::new();
    for n in 0..10_000i64 {
        let at = n * 120;
        let target = if n % 2 == 0 {
            "web.service"
        } else {
            "db.service"
        };
        if guard.attempt(target, at).is_ok() {
            guard.outcome(true, at);
            made.push((target, at));
        }
    }
    // Each service at most every 5 minutes, and at most 3 attempts in any 10 minutes.
    assert_eq!(
        made,
        vec![
            ("web.service", 0),
            ("db.service", 120),
            ("web.service", 300_000),
            ("web.service", 600_000),
            ("db.service", 600_120),
            ("web.service", 900_000),
        ]
    );
    for (i, &(_, at)) in made.iter().enumerate() {
        let in_window = made[..=i]
            .iter()
            .filter(|&&(_, t)| t > at - 10 * MIN)
            .count();
        assert!(in_window <= 3, "{made:?}");
    }
}

#[test]
fn refusals_say_why_and_until_when() {
    let mut guard = Guard::new(config());
    assert_eq!(guard.attempt("a", 0), Ok(()));
    assert_eq!(
        guard.attempt("a", MIN),
        Err(Refusal::Cooldown { until_ms: 5 * MIN })
    );
    assert_eq!(guard.attempt("b", MIN), Ok(()));
    assert_eq!(guard.attempt("c", 2 * MIN), Ok(()));
    assert_eq!(
        guard.attempt("d", 3 * MIN),
        Err(Refusal::TooMany { until_ms: 10 * MIN })
    );
    assert_eq!(guard.attempt("d", 10 * MIN), Ok(()));
}

#[test]
fn the_breaker_opens_after_failures_tries_once_after_the_pause_and_closes_on_success() {
    let mut guard = Guard::new(GuardConfig {
        cooldown: Duration::ZERO,
        max_attempts: 1_000,
        ..config()
    });
    for n in 0..3 {
        assert_eq!(guard.attempt("x", n * MIN), Ok(()));
        guard.outcome(false, n * MIN);
    }
    assert_eq!(guard.breaker(), Breaker::Open { since_ms: 2 * MIN });
    assert_eq!(
        guard.attempt("x", 3 * MIN),
        Err(Refusal::BreakerOpen { until_ms: 17 * MIN })
    );
    // After the pause one trial goes through; others wait for its outcome.
    assert_eq!(guard.attempt("x", 17 * MIN), Ok(()));
    assert_eq!(guard.breaker(), Breaker::Trial);
    assert!(matches!(
        guard.attempt("y", 17 * MIN),
        Err(Refusal::BreakerOpen { .. })
    ));
    // The trial fails: open again, for another pause.
    guard.outcome(false, 18 * MIN);
    assert_eq!(guard.breaker(), Breaker::Open { since_ms: 18 * MIN });
    assert!(guard.attempt("x", 20 * MIN).is_err());
    assert_eq!(guard.attempt("x", 33 * MIN), Ok(()));
    guard.outcome(true, 33 * MIN);
    assert_eq!(guard.breaker(), Breaker::Closed { failures: 0 });
}

#[test]
fn an_operator_resets_an_open_breaker() {
    let mut guard = Guard::new(GuardConfig {
        breaker_failures: 1,
        ..config()
    });
    assert_eq!(guard.attempt("x", 0), Ok(()));
    guard.outcome(false, 0);
    assert!(matches!(guard.breaker(), Breaker::Open { .. }));
    guard.reset();
    assert_eq!(guard.attempt("y", MIN), Ok(()));
}

#[test]
fn many_targets_stay_bounded() {
    let mut guard = Guard::new(GuardConfig {
        cooldown: Duration::from_secs(1),
        max_attempts: u32::MAX,
        ..config()
    });
    for n in 0..(MAX_TARGETS as i64 * 3) {
        assert_eq!(
            guard.attempt(&format!("10.0.{}.{}", n / 256, n % 256), n * 2_000),
            Ok(())
        );
    }
    assert!(guard.last.len() <= MAX_TARGETS);
}
