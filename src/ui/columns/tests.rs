use super::{FeedColumns, feed, host, table, table_host};

#[test]
fn with_room_every_column_is_as_wide_as_its_content() {
    assert_eq!(
        feed(100, 19, 22),
        FeedColumns {
            kind: 19,
            message: 100 - 19 - 2 - 22,
            file: 22
        }
    );
}

#[test]
fn short_of_room_the_message_gives_way_then_the_file_then_the_type() {
    // The feed beside the charts at 120 columns leaves 53.
    let c = feed(53, 19, 22);
    assert_eq!((c.kind, c.file, c.message), (19, 12, 20), "the type whole");
    // Narrower: the file at its least, then the type squeezed.
    let c = feed(53, 22, 22);
    assert_eq!((c.kind, c.file, c.message), (21, 10, 20));
    // Narrower still: the file goes, and the type has its room back.
    let c = feed(42, 22, 22);
    assert_eq!((c.kind, c.file, c.message), (22, 0, 20));
    let c = feed(30, 22, 22);
    assert_eq!((c.kind, c.file, c.message), (12, 0, 18));
    assert_eq!(feed(60, 22, 0).file, 0, "no rows, no file column");
    assert_eq!(feed(5, 22, 22).kind, 5, "never wider than the row");
}

#[test]
fn the_table_squeezes_the_source_first_and_gives_it_what_is_left() {
    assert_eq!(table(40, 19, 9), (19, 21));
    assert_eq!(table(27, 19, 9), (19, 8));
    assert_eq!(table(20, 19, 9), (12, 8));
}

#[test]
fn the_host_column_is_as_wide_as_its_names_up_to_a_cap_and_keeps_a_few_columns() {
    assert_eq!(host(100, 0), 0, "no host column");
    assert_eq!(host(100, 5), 5);
    assert_eq!(host(100, 40), 16, "cut at the cap");
    // Short of room: the type and message keep their least first...
    assert_eq!(host(45, 16), 12);
    // ...but the host keeps 8 columns (a shorter name its own width).
    assert_eq!(host(30, 16), 8);
    assert_eq!(host(30, 5), 5);
    assert_eq!(host(4, 16), 3, "never wider than the row");
    assert_eq!(table_host(60, 30), 16);
    assert_eq!(table_host(25, 12), 6);
    assert_eq!(table_host(4, 12), 4);
}
