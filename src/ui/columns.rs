//! Column widths for the feed and the critical table, sized from the rows
//! on screen: a host, type or file column is as wide as its widest entry
//! (up to a cap), and when the row is short of room the message gives way
//! first, then the file, then the type; the host (shown only with several
//! hosts) keeps a few columns. Widths are display columns.

/// Columns the feed's message keeps before the type and file columns give
/// up theirs (the whole message is one Enter away, or `z`).
const MESSAGE_MIN: usize = 20;
/// Widest type column; longer types are cut with `…`.
const TYPE_MAX: usize = 24;
/// Narrowest the type column is squeezed to (a type shorter keeps its width).
const TYPE_MIN: usize = 12;
/// Widest file column.
const FILE_MAX: usize = 24;
/// Narrowest the file column is squeezed to before it is left out.
const FILE_MIN: usize = 10;

/// The feed's columns after the time, severity and mark: type, message
/// and file (0: not shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FeedColumns {
    /// The type column.
    pub(super) kind: usize,
    /// The message (badges and the `×N` count included).
    pub(super) message: usize,
    /// The file name, after two spaces; 0 when there is no room.
    pub(super) file: usize,
}

/// Widths for `rest` columns (what the time, severity and mark leave), the
/// widest type and file name on screen being `kind` and `file` wide.
pub(super) fn feed(rest: usize, kind: usize, file: usize) -> FeedColumns {
    let (kind, file) = (kind.min(TYPE_MAX), file.min(FILE_MAX));
    let (kind_floor, file_floor) = (kind.min(TYPE_MIN), file.min(FILE_MIN));
    // What the type, the file and the two spaces before it may take.
    let room = rest.saturating_sub(MESSAGE_MIN);
    let (kind, file) = if file > 0 && kind_floor + 2 + file_floor <= room {
        // The file gives way before the type: types say what happened.
        let file = file.min(room.saturating_sub(kind + 2)).max(file_floor);
        (kind.min(room - 2 - file), file)
    } else {
        // No room for a file column: the type takes what the message leaves.
        (kind.min(room).max(kind_floor).min(rest), 0)
    };
    let used = kind + if file > 0 { file + 2 } else { 0 };
    FeedColumns {
        kind,
        message: rest - used,
        file,
    }
}

/// Widest a host column is (a name longer ends in `…`; the detail shows
/// it whole).
const HOST_MAX: usize = 16;
/// Narrowest the feed's host column is squeezed to: in a fleet the host is
/// what tells rows apart, so it stays before the message has its least.
const HOST_MIN: usize = 8;

/// The feed's host column in `rest` columns (what the time, severity and
/// mark leave), the widest host on screen being `widest` (0: no column).
/// It takes what the type and message leave at their least, down to
/// [`HOST_MIN`]; the space after it is not counted.
pub(super) fn host(rest: usize, widest: usize) -> usize {
    if widest == 0 {
        return 0;
    }
    let room = rest.saturating_sub(MESSAGE_MIN + TYPE_MIN + 1);
    (widest.min(HOST_MAX).min(room))
        .max(widest.min(HOST_MIN))
        .min(rest.saturating_sub(1))
}

/// Narrowest the critical table's host column is squeezed to.
const TABLE_HOST_MIN: usize = 6;

/// The critical table's host column in `rest` columns (what severity,
/// count and time leave), `widest` being its widest entry: what type and
/// source leave at their least, down to [`TABLE_HOST_MIN`].
pub(super) fn table_host(rest: usize, widest: usize) -> usize {
    let room = rest.saturating_sub(TABLE_TYPE_MIN + TABLE_SOURCE_MIN + 1);
    (widest.min(HOST_MAX).min(room))
        .max(widest.min(TABLE_HOST_MIN))
        .min(rest)
}

/// Narrowest the critical table's type column is squeezed to.
const TABLE_TYPE_MIN: usize = 10;
/// Narrowest its source column is squeezed to.
const TABLE_SOURCE_MIN: usize = 8;

/// The critical table's type and source widths in `rest` columns, their
/// widest entries being `kind` and `source` wide; the source gives way
/// first, and whatever is left over goes to it.
pub(super) fn table(rest: usize, kind: usize, source: usize) -> (usize, usize) {
    let mut kind = kind.min(TYPE_MAX);
    let mut source = source.min(FILE_MAX);
    while kind + source > rest {
        if source > TABLE_SOURCE_MIN {
            source -= 1;
        } else if kind > TABLE_TYPE_MIN {
            kind -= 1;
        } else {
            break;
        }
    }
    let kind = kind.min(rest);
    (kind, rest.saturating_sub(kind))
}

#[cfg(test)]
mod tests;
