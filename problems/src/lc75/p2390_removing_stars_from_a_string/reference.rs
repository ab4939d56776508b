impl Solution {
    pub fn remove_stars(s: String) -> String {
        // Compact the bytes in place: `kept` is the top of the stack.
        let mut bytes = s.into_bytes();
        let mut kept = 0;
        for i in 0..bytes.len() {
            let b = bytes[i];
            if b == b'*' {
                kept -= 1;
            } else {
                bytes[kept] = b;
                kept += 1;
            }
        }
        bytes.truncate(kept);
        // Only ASCII letters are left, so the bytes are valid UTF-8.
        String::from_utf8(bytes).unwrap()
    }
}
