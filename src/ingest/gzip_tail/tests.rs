use super::*;
use std::io::Write;

fn gz(path: &Path, text: &[u8]) {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(text).unwrap();
    std::fs::write(path, enc.finish().unwrap()).unwrap();
}

fn lines_from(path: &Path, offset: u64) -> Vec<(String, u64)> {
    let mut tail = GzTail::open(path, offset, None, 1 << 16).unwrap();
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    while tail.has_unread() {
        tail.read_lines(7, &mut scratch, &mut |l| {
            out.push((String::from_utf8_lossy(l.text).into_owned(), l.offset))
        })
        .unwrap();
    }
    out
}

#[test]
fn reads_the_decompressed_tail_from_an_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log.1.gz");
    let mut text = Vec::new();
    for n in 0..400 {
        writeln!(text, "line {n:04}").unwrap();
    }
    gz(&path, &text);
    let all = lines_from(&path, 0);
    assert_eq!(all.len(), 400);
    assert_eq!(all[399], ("line 0399".into(), 399 * 10));
    // From inside the fingerprint's head and from beyond it.
    assert_eq!(lines_from(&path, 30)[0], ("line 0003".into(), 30));
    assert_eq!(lines_from(&path, 3000)[0], ("line 0300".into(), 3000));
    let file = File::open(&path).unwrap();
    assert!(is_gzip(&file));
    let head = gzip_head(&file, 20).unwrap();
    assert_eq!(&head, b"line 0000\nline 0001\n");
    let plain = Fingerprint::of_bytes(&text[..1024]);
    assert_eq!(
        GzTail::open(&path, 0, None, 64).unwrap().fingerprint(),
        plain
    );
}
