//! The miner: shapes, generalization, stable ids, the stream's header.

use super::*;

#[test]
fn lines_of_one_shape_share_a_template_that_generalizes() {
    let mut m = TemplateMiner::default();
    // A stream already under way: the host and program are in every
    // template, so they weigh little against the message.
    for line in [
        "Dec 10 06:55:40 LabSZ sshd[24100]: Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]",
        "Dec 10 06:55:41 LabSZ sshd[24101]: pam_unix(sshd:session): session opened for user root",
        "Dec 10 06:55:42 LabSZ sshd[24102]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2",
        "Dec 10 06:55:43 LabSZ sshd[24103]: error: Received disconnect from 5.6.7.8: 3: no more auth",
        "Dec 10 06:55:44 LabSZ sshd[24104]: Did not receive identification string from 9.8.7.6",
    ] {
        m.add(line);
    }
    let a = m.add("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186");
    // A user name with a digit is a variable: the position generalizes.
    let b = m.add("Dec 10 07:02:47 LabSZ sshd[24203]: Invalid user test9 from 52.80.34.196");
    assert_eq!(a, b);
    assert_eq!(
        m.template(a),
        "<*> <*> <*> LabSZ <*> Invalid user <*> from <*>"
    );
    let c = m.add("Dec 10 07:02:47 LabSZ sshd[24203]: Connection closed by 52.80.34.196 [preauth]");
    assert_ne!(a, c);
    assert_eq!(m.size(a), 2);
    assert_eq!(template_id(&m.template(a)), template_id(&m.template(b)));
}

#[test]
fn header_fields_count_for_little_once_the_header_is_known() {
    // HPC-like: id, host, component, state, epoch, flag, then the message.
    let line = |n: u32, component: &str, message: &str| {
        format!(
            "{n} node-{} {component} status {} 1 {message}",
            n % 97,
            1_077_000_000 + n
        )
    };
    let mut early = TemplateMiner::default();
    let a = early.add(&line(1, "node", "running"));
    let b = early.add(&line(2, "partition", "running"));
    assert_ne!(
        a, b,
        "a component word counts fully before the header is known"
    );
    let mut m = TemplateMiner::default();
    let messages = [
        "running",
        "not responding",
        "halted by operator",
        "configured out",
    ];
    for n in 0..150 {
        let component = ["node", "switch_module", "unix.hw"][n as usize % 3];
        m.add(&line(n, component, messages[n as usize % 4]));
    }
    let before = m.len();
    let b = m.add(&line(2, "partition", "running"));
    assert_eq!(m.len(), before, "a new component's line joins a template");
    assert!(
        m.template(b).ends_with(" status <*> <*> running"),
        "{}",
        m.template(b)
    );
    let c = m.add(&line(3, "partition", "halted by operator"));
    assert!(
        m.template(c).ends_with("halted by operator"),
        "the message still decides"
    );
}

/// A word of letters only (a constant to the miner), different for every `n`.
fn word(n: u64) -> String {
    let (mut n, mut out) = (n.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20, String::new());
    for _ in 0..8 {
        out.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    out
}

#[test]
fn a_family_that_keeps_failing_to_generalise_gives_up_on_a_wide_template() {
    let mut m = TemplateMiner::default();
    let line = |n: u64| {
        format!(
            "request from {} for {} failed in {}",
            word(3 * n),
            word(3 * n + 1),
            word(3 * n + 2)
        )
    };
    let ids: Vec<_> = (0..1000).map(|n| m.add(&line(n))).collect();
    let after = MinerLimits::GENERALISE_AFTER;
    assert_eq!(
        m.made() as usize,
        after + 1,
        "{after} templates of one line each, then the wide one"
    );
    assert_eq!(m.generalised(), 1);
    let wide = ids[after];
    assert_eq!(m.template(wide), "request from <*> for <*> failed in <*>");
    assert!(ids[after..].iter().all(|&id| id == wide));
    assert_eq!(m.size(wide), 1000 - after as u64);
}

#[test]
fn the_wide_template_takes_only_what_no_ordinary_template_matches() {
    let mut m = TemplateMiner::default();
    for n in 0..100 {
        m.add(&format!(
            "ERROR {} {}: {} connection refused",
            word(n),
            word(n + 1000),
            word(n + 2000)
        ));
    }
    assert_eq!(m.generalised(), 1);
    let wide = m.add("ERROR pool worker: database connection refused");
    assert_eq!(m.template(wide), "ERROR <*> <*> <*> connection refused");
    // A message of the same family and length that differs from the wide
    // template's words is its own template.
    let a = m.add("ERROR pool worker: database connection reset");
    let b = m.add("ERROR pool worker: database connection reset");
    assert_eq!(a, b);
    assert_ne!(a, wide);
    assert_eq!(
        m.template(a),
        "ERROR pool worker: database connection reset"
    );
    let c = m.add("ERROR pool worker: cache connection reset");
    assert_ne!(c, wide);
}

#[test]
fn distinct_messages_that_start_alike_are_not_merged() {
    // Each message twice: confirmed templates are no failed siblings.
    let mut m = TemplateMiner::default();
    let verbs = [
        "opened", "closed", "reset", "flushed", "renamed", "locked", "moved",
    ];
    let things = [
        "cache", "index", "journal", "segment", "socket", "buffer", "table",
    ];
    let mut never = TemplateMiner::with_limits(MinerLimits {
        generalise_after: 0,
        ..MinerLimits::default()
    });
    for verb in verbs {
        for thing in things {
            let text = format!("kernel: {thing} was {verb} by the scheduler system");
            assert_eq!(m.add(&text), never.add(&text));
            assert_eq!(m.add(&text), never.add(&text));
        }
    }
    assert_eq!(m.generalised(), 0);
    // Once-only messages whose words repeat across them (a few values per
    // position) are different messages, not one with variables.
    let mut once = TemplateMiner::default();
    let mut never = TemplateMiner::with_limits(MinerLimits {
        generalise_after: 0,
        ..MinerLimits::default()
    });
    for verb in verbs {
        for thing in things {
            let text = format!("kernel: {thing} was {verb} by the scheduler system");
            assert_eq!(once.add(&text), never.add(&text));
        }
    }
    assert_eq!(
        once.generalised(),
        0,
        "a word taking a few values is no variable"
    );
}

#[test]
fn limits_evict_the_least_recently_used_and_spare_what_is_kept() {
    let limits = MinerLimits {
        templates: 64,
        bytes: usize::MAX,
        generalise_after: 0,
    };
    let mut m = TemplateMiner::with_limits(limits);
    let hot = m.add("hot path cache miss on shard alpha");
    let pinned = m.add("pinned template never seen again here");
    let mut evicted = Vec::new();
    for n in 0..1000 {
        m.add(&format!(
            "{} {} {}",
            word(n),
            word(n + 5000),
            word(n + 9000)
        ));
        m.add("hot path cache miss on shard alpha");
        evicted.extend(m.trim(|id| id == pinned));
        assert!(m.len() <= 64, "{}", m.len());
    }
    assert!(m.evicted() > 900);
    assert_eq!(m.evicted() as usize, evicted.len());
    assert!(!evicted.contains(&hot), "used on every other line");
    assert!(!evicted.contains(&pinned), "kept while others can go");
    assert_eq!(m.template(hot), "hot path cache miss on shard alpha");
    // A line of an evicted template starts a new one (a new id).
    let again = m.add(&format!("{} {} {}", word(0), word(5000), word(9000)));
    assert_eq!((again, m.size(again)), (1002, 1));

    // By bytes: the estimate stays within the limit.
    let mut m = TemplateMiner::with_limits(MinerLimits {
        templates: usize::MAX,
        bytes: 64 << 10,
        generalise_after: 0,
    });
    for n in 0..5000 {
        m.add(&format!(
            "{} {} {} {}",
            word(n),
            word(n + 7),
            word(n + 11),
            word(n + 13)
        ));
        m.trim(|_| false);
        assert!(m.bytes() <= 64 << 10);
    }
    assert!(
        m.len() > 50 && m.evicted() > 4000,
        "{} {}",
        m.len(),
        m.evicted()
    );
}

#[test]
fn an_optional_bracketed_part_does_not_make_a_new_template() {
    let mut m = TemplateMiner::default();
    let a = m.add(
        "[10.30 16:49:06] app - api.example.net:443 ended, 2048 bytes (2.0 KB) out, 90 bytes in",
    );
    let b = m.add("[10.30 16:49:07] app - cdn.example.org:443 ended, 300 bytes out, 90 bytes in");
    let c = m.add(
        "[10.30 16:49:08] app - cdn.example.org:443 ended, 30 bytes out, 9000 bytes (8.8 KB) in",
    );
    assert_eq!((a, b), (a, c), "{}", m.template(a));
    // A word, or a trailing variable, that one line has and another lacks
    // makes them different messages.
    let d =
        m.add("[10.30 16:49:09] app - cdn.example.org:443 ended early, 30 bytes out, 9 bytes in");
    assert_ne!(a, d);
    let e = m.add("auth failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4");
    let f = m.add("auth failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4 user=root");
    assert_ne!(e, f);
}

#[test]
fn a_header_ended_by_a_separator_is_known_from_the_first_line() {
    let mut m = TemplateMiner::default();
    // `|` between fields: the component is a header field at once.
    let a = m.add("20171223-22:15:29:606|Sync_Worker|30002312|upload failed now");
    let b = m.add("20171223-22:15:30:606|Pedo_Sensor|30002313|upload failed now");
    assert_eq!(a, b, "{}", m.template(a));
    // A bare `-` after the fields: the program before it may be any word.
    let c = m.add("[10.30 16:49:06] chrome.exe - api.example.net:443 bypassing gateway");
    let d = m.add("[10.30 16:49:07] outlook.exe - cdn.example.org:443 bypassing gateway");
    assert_eq!(c, d, "{}", m.template(c));
    // Without a separator the same word is the message's and counts fully.
    let e = m.add("chrome.exe bypassing gateway");
    let f = m.add("outlook.exe bypassing gateway");
    assert_ne!(e, f);
}

#[test]
fn one_message_from_two_components_of_a_piped_layout_is_one_template() {
    // `<time>|<component>|<pid>|<message>`: messages whose words all hold
    // numbers but for a key (`onBatch:<n>`), each from several components.
    let line = |n: u32, component: &str, message: &str| {
        format!(
            "2017112{}-21:46:23:{n:03}|{component}|3000{n:04}|{message}",
            n % 10
        )
    };
    let mut m = TemplateMiner::default();
    let a = m.add(&line(1, "Sync_Prefs", "onBatch:6496 6 5 2"));
    m.add(&line(2, "Sync_Worker", "timeTick 88663"));
    m.add(&line(3, "Data_StatStore", "screenOnCount 12"));
    let b = m.add(&line(4, "Pedo_Receiver", "onBatch:87206 0 7 9"));
    assert_eq!(a, b, "{} / {}", m.template(a), m.template(b));
    assert_eq!(m.template(a), "<*> <*> <*> onBatch:<*> <*> <*> <*>");
    let c = m.add(&line(5, "Pedo_Receiver", "onExtend:87206 0 7 9"));
    assert_ne!(a, c, "another key is another message");
    let d = m.add(&line(6, "Pedo_Sensor", "timeTick 5"));
    assert_eq!(m.template(d), "<*> <*> <*> timeTick <*>");
}
