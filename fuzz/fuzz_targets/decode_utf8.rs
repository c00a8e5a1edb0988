//! Decoding arbitrary bytes as a list file's text: never a panic; valid UTF-8
//! decodes to itself (without a BOM); invalid UTF-8 is an error that points at
//! the first bad byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match alljobs::load::decode_utf8("fuzz.toml", data.to_vec()) {
        Ok((text, _)) => {
            let body = data.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(data);
            assert_eq!(text.as_bytes(), body);
        }
        Err(d) => {
            assert_eq!(d.code, "invalid-utf8");
            assert!(std::str::from_utf8(data).is_err());
            let _ = d.render();
        }
    }
});
