impl Solution {
    pub fn predict_party_victory(senate: String) -> String {
        let s: Vec<char> = senate.chars().collect();
        let n = s.len();
        let mut banned = vec![false; n];
        loop {
            for i in 0..n {
                if banned[i] {
                    continue;
                }
                // Ban the next opponent in turn order, wrapping around.
                let mut found = false;
                for step in 1..n {
                    let j = (i + step) % n;
                    if !banned[j] && s[j] != s[i] {
                        banned[j] = true;
                        found = true;
                        break;
                    }
                }
                if !found {
                    return if s[i] == 'R' { "Radiant".to_string() } else { "Dire".to_string() };
                }
            }
        }
    }
}
