use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::mpsc;

use super::*;
use crate::remote::HostBook;

fn arrival(text: &str) -> Arrival {
    Arrival {
        host: "h".into(),
        stream: "s".into(),
        text: text.as_bytes().to_vec(),
        time: None,
        cut: 0,
    }
}

fn handle(sender: mpsc::Sender<Vec<Arrival>>) -> RemoteHandle {
    RemoteHandle {
        sender,
        stats: Arc::new(RemoteStats::default()),
        hosts: Arc::new(HostBook::default()),
        syslog: None,
        ingest: Some(crate::config::IngestFields::default()),
    }
}

#[test]
fn a_full_queue_refuses_the_whole_request_with_429_counted() {
    let (tx, mut rx) = mpsc::channel(2);
    let remote = handle(tx);
    // One slot taken: a request of one batch fits, then none does.
    queue(&remote, vec![arrival("a")]).unwrap();
    queue(&remote, vec![arrival("b")]).unwrap();
    let refused = queue(&remote, vec![arrival("c")]).unwrap_err();
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.message.contains("queue"), "{}", refused.message);
    let response = refused.response();
    assert_eq!(response.headers()[hyper::header::RETRY_AFTER], "1");
    assert_eq!(remote.stats.http_refused.load(Ordering::Relaxed), 1);
    // Nothing of the refused request went in.
    assert_eq!(rx.try_recv().unwrap()[0].text, b"a");
    assert_eq!(rx.try_recv().unwrap()[0].text, b"b");
    assert!(rx.try_recv().is_err());
}

#[test]
fn a_request_of_several_batches_goes_in_whole_or_not_at_all() {
    let (tx, mut rx) = mpsc::channel(3);
    let remote = handle(tx);
    queue(&remote, vec![arrival("first")]).unwrap();
    // Three batches' worth: two slots are free, so none of it goes in.
    let many: Vec<Arrival> = (0..BATCH_MESSAGES * 2 + 1).map(|_| arrival("m")).collect();
    let refused = queue(&remote, many.clone()).unwrap_err();
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(rx.try_recv().unwrap()[0].text, b"first");
    assert!(rx.try_recv().is_err(), "no part of the refused request");
    // Room for three: all of it, in order.
    queue(&remote, many).unwrap();
    let sizes: Vec<usize> = std::iter::from_fn(|| rx.try_recv().ok())
        .map(|b| b.len())
        .collect();
    assert_eq!(sizes, [BATCH_MESSAGES, BATCH_MESSAGES, 1]);
}

#[test]
fn a_closed_queue_is_503() {
    let (tx, rx) = mpsc::channel(2);
    drop(rx);
    let refused = queue(&handle(tx), vec![arrival("a")]).unwrap_err();
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[test]
fn batches_are_cut_by_text_and_by_count() {
    let big = "x".repeat(BATCH_BYTES / 2 + 1);
    let batches = split(vec![arrival(&big), arrival(&big), arrival("y")]);
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    assert_eq!(sizes, [1, 2]);
    // One message over the size is a batch of its own.
    let huge = "x".repeat(BATCH_BYTES * 2);
    assert_eq!(split(vec![arrival("a"), arrival(&huge)]).len(), 2);
    assert!(split(Vec::new()).is_empty());
}

#[test]
fn a_turn_waited_for_too_long_is_429_counted() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let (tx, _rx) = mpsc::channel(2);
    let remote = handle(tx);
    let turns = Semaphore::new(1);
    let wait = std::time::Duration::from_millis(10);
    rt.block_on(async {
        let held = take_turn(&turns, wait, &remote).await.unwrap();
        let refused = take_turn(&turns, wait, &remote).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            refused.message.contains("being read"),
            "{}",
            refused.message
        );
        assert_eq!(remote.stats.http_refused.load(Ordering::Relaxed), 1);
        drop(held);
        assert!(take_turn(&turns, wait, &remote).await.is_ok());
    });
}
