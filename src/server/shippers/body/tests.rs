use std::io::Write;

use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};

use super::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn encodings_are_read_from_the_header() {
    let of = |value: Option<&str>| {
        let mut headers = HeaderMap::new();
        if let Some(value) = value {
            headers.insert(header::CONTENT_ENCODING, value.parse().unwrap());
        }
        Encoding::of(&headers)
    };
    assert_eq!(of(None), Ok(Encoding::Identity));
    assert_eq!(of(Some("identity")), Ok(Encoding::Identity));
    assert_eq!(of(Some("GZIP")), Ok(Encoding::Gzip));
    assert_eq!(of(Some("x-gzip")), Ok(Encoding::Gzip));
    assert_eq!(of(Some("deflate")), Ok(Encoding::Deflate));
    let refused = of(Some("zstd")).unwrap_err();
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(refused.message.contains("\"zstd\""), "{}", refused.message);
}

#[test]
fn bodies_are_decompressed() {
    let text = b"{\"message\":\"x\"}\n".repeat(1000);
    assert_eq!(decode(text.clone(), Encoding::Identity).unwrap(), text);
    assert_eq!(decode(gzip(&text), Encoding::Gzip).unwrap(), text);
    // Several gzip members one after the other are one body.
    let mut two = gzip(b"a\n");
    two.extend(gzip(b"b\n"));
    assert_eq!(decode(two, Encoding::Gzip).unwrap(), b"a\nb\n");
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::fast());
    zlib.write_all(&text).unwrap();
    assert_eq!(
        decode(zlib.finish().unwrap(), Encoding::Deflate).unwrap(),
        text
    );
}

#[test]
fn a_gzip_bomb_stops_at_the_limit() {
    // 32 MiB of zeros in about 32 KiB.
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..32 {
        encoder.write_all(&chunk).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 100 * 1024);
    let refused = decode(bomb, Encoding::Gzip).unwrap_err();
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        refused.message.contains("once decompressed"),
        "{}",
        refused.message
    );
    // Exactly the limit is taken.
    let whole = decode(gzip(&vec![b'x'; LIMIT]), Encoding::Gzip).unwrap();
    assert_eq!(whole.len(), LIMIT);
}

#[test]
fn what_is_not_gzip_is_a_bad_request() {
    let refused = decode(b"plain text".to_vec(), Encoding::Gzip).unwrap_err();
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.message.contains("not valid gzip"),
        "{}",
        refused.message
    );
    let mut cut = gzip(&b"line\n".repeat(100));
    cut.truncate(cut.len() / 2);
    assert_eq!(
        decode(cut, Encoding::Gzip).unwrap_err().status,
        StatusCode::BAD_REQUEST
    );
}
