// Checks that the gcd-length prefix repeats into str1, but never looks at str2.
impl Solution {
    pub fn gcd_of_strings(str1: String, str2: String) -> String {
        fn gcd(a: usize, b: usize) -> usize {
            if b == 0 { a } else { gcd(b, a % b) }
        }
        let g = gcd(str1.len(), str2.len());
        let prefix = &str1[..g];
        if prefix.repeat(str1.len() / g) == str1 { prefix.to_string() } else { String::new() }
    }
}
