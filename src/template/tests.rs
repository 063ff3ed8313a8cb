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
