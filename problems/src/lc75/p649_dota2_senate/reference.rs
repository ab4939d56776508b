impl Solution {
    pub fn predict_party_victory(senate: String) -> String {
        // The senators still to act, in turn order; those who act again go
        // to the back. A ban is owed to the next opponent who comes up.
        let mut queue = senate.into_bytes();
        let mut radiant = queue.iter().filter(|&&b| b == b'R').count();
        let mut dire = queue.len() - radiant;
        let (mut bans_on_radiant, mut bans_on_dire) = (0, 0);
        let mut head = 0;
        while radiant > 0 && dire > 0 {
            let senator = queue[head];
            head += 1;
            if senator == b'R' {
                if bans_on_radiant > 0 {
                    bans_on_radiant -= 1;
                } else {
                    bans_on_dire += 1;
                    dire -= 1;
                    queue.push(b'R');
                }
            } else if bans_on_dire > 0 {
                bans_on_dire -= 1;
            } else {
                bans_on_radiant += 1;
                radiant -= 1;
                queue.push(b'D');
            }
        }
        if radiant > 0 { "Radiant".to_string() } else { "Dire".to_string() }
    }
}
