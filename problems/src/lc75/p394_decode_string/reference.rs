impl Solution {
    pub fn decode_string(s: String) -> String {
        fn expand(s: &[u8], i: &mut usize, out: &mut Vec<u8>) {
            while *i < s.len() && s[*i] != b']' {
                let b = s[*i];
                if b.is_ascii_digit() {
                    let mut count = 0;
                    while s[*i].is_ascii_digit() {
                        count = count * 10 + (s[*i] - b'0') as usize;
                        *i += 1;
                    }
                    *i += 1; // '['
                    let start = out.len();
                    expand(s, i, out);
                    *i += 1; // ']'
                    let end = out.len();
                    out.reserve((end - start) * count.saturating_sub(1));
                    for _ in 1..count {
                        out.extend_from_within(start..end);
                    }
                } else {
                    out.push(b);
                    *i += 1;
                }
            }
        }
        let mut out = Vec::new();
        expand(s.as_bytes(), &mut 0, &mut out);
        // Only ASCII letters are written, so the bytes are valid UTF-8.
        String::from_utf8(out).unwrap()
    }
}
