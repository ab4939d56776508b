// Each senator bans the opponent who acts first in the whole list, not the
// next one to act after it.
impl Solution {
    pub fn predict_party_victory(senate: String) -> String {
        let s = senate.as_bytes();
        let n = s.len();
        let mut banned = vec![false; n];
        loop {
            for i in 0..n {
                if banned[i] {
                    continue;
                }
                match (0..n).find(|&j| !banned[j] && s[j] != s[i]) {
                    Some(j) => banned[j] = true,
                    None => return if s[i] == b'R' { "Radiant".to_string() } else { "Dire".to_string() },
                }
            }
        }
    }
}
