impl Solution {
    pub fn gcd_of_strings(str1: String, str2: String) -> String {
        fn divides(t: &str, s: &str) -> bool {
            s.len() % t.len() == 0 && t.repeat(s.len() / t.len()) == s
        }
        let shorter = str1.len().min(str2.len());
        for k in (1..=shorter).rev() {
            let candidate = &str1[..k];
            if divides(candidate, &str1) && divides(candidate, &str2) {
                return candidate.to_string();
            }
        }
        String::new()
    }
}
