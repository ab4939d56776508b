impl Solution {
    pub fn max_vowels(s: String, k: i32) -> i32 {
        let chars: Vec<char> = s.chars().collect();
        let vowels = vec!['a', 'e', 'i', 'o', 'u'];
        let k = k as usize;
        let mut count = 0;
        for i in 0..k {
            if vowels.contains(&chars[i]) {
                count += 1;
            }
        }
        let mut best = count;
        for i in k..chars.len() {
            if vowels.contains(&chars[i]) {
                count += 1;
            }
            if vowels.contains(&chars[i - k]) {
                count -= 1;
            }
            best = best.max(count);
        }
        best
    }
}
