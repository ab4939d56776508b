impl Solution {
    pub fn gcd_of_strings(str1: String, str2: String) -> String {
        fn gcd(a: usize, b: usize) -> usize {
            if b == 0 { a } else { gcd(b, a % b) }
        }
        // If any string divides both, so does their prefix of length
        // gcd(len1, len2), and it is the longest one.
        let g = gcd(str1.len(), str2.len());
        let prefix = &str1.as_bytes()[..g];
        let repeats = |s: &str| s.as_bytes().chunks_exact(g).all(|chunk| chunk == prefix);
        if repeats(&str1) && repeats(&str2) { str1[..g].to_string() } else { String::new() }
    }
}
