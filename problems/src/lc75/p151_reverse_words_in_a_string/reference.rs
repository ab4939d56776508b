impl Solution {
    pub fn reverse_words(s: String) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut end = bytes.len();
        while end > 0 {
            // Skip spaces, then take the word that ends here.
            while end > 0 && bytes[end - 1] == b' ' {
                end -= 1;
            }
            if end == 0 {
                break;
            }
            let mut start = end;
            while start > 0 && bytes[start - 1] != b' ' {
                start -= 1;
            }
            if !out.is_empty() {
                out.push(b' ');
            }
            out.extend_from_slice(&bytes[start..end]);
            end = start;
        }
        // Whole ASCII words were copied, so the bytes are UTF-8.
        String::from_utf8(out).unwrap()
    }
}
