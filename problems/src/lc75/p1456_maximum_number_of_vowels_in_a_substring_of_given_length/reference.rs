impl Solution {
    pub fn max_vowels(s: String, k: i32) -> i32 {
        // Bit `c - b'a'` is set for the vowels a, e, i, o, u.
        const VOWELS: u32 = 1 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20;
        let vowel = |b: u8| (VOWELS >> (b - b'a')) & 1;
        let s = s.as_bytes();
        let k = k as usize;
        let mut count: u32 = s[..k].iter().map(|&b| vowel(b)).sum();
        let mut best = count;
        for (&added, &dropped) in s[k..].iter().zip(s) {
            if best == k as u32 {
                break;
            }
            count = count + vowel(added) - vowel(dropped);
            best = best.max(count);
        }
        best as i32
    }
}
