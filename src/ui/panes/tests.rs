#![allow(clippy::unwrap_used)]

use ratatui::layout::Rect;

use super::Panes;

#[test]
fn one_host_keeps_the_layout_as_it_was() {
    for body in [Rect::new(0, 3, 160, 44), Rect::new(0, 3, 80, 20)] {
        let panes = Panes::of(body, 0);
        assert!(panes.hosts.is_none());
        assert!(panes.categories.is_some_and(|c| c.height > 0));
    }
}

#[test]
fn wide_the_host_pane_sits_above_the_table_with_a_row_per_host_up_to_seven() {
    let body = Rect::new(0, 3, 160, 44);
    let panes = Panes::of(body, 2);
    let hosts = panes.hosts.unwrap();
    assert_eq!(hosts.height, 2 + 3, "borders, header, two hosts");
    assert_eq!(hosts.y + hosts.height, panes.table.y);
    assert!(panes.timeline.is_some(), "room for the timeline still");
    assert_eq!(
        Panes::of(body, 500).hosts.unwrap().height,
        10,
        "more scroll"
    );
    // Short of room, the timeline goes before the table loses its rows.
    let short = Panes::of(Rect::new(0, 3, 160, 26), 3);
    assert!(short.timeline.is_none());
    assert!(short.table.height >= 5, "{:?}", short.table);
}

#[test]
fn stacked_the_host_pane_takes_the_categories_place() {
    let body = Rect::new(0, 3, 80, 20);
    let panes = Panes::of(body, 2);
    let hosts = panes.hosts.unwrap();
    assert!(panes.categories.is_none());
    assert_eq!(hosts.y, panes.severity.y);
    assert_eq!(panes.severity.width + hosts.width, 80);
    assert!(
        hosts.width > panes.severity.width,
        "host rows need the room"
    );
    assert_eq!(
        panes.feed,
        Panes::of(body, 0).feed,
        "the feed keeps its rows"
    );
}
