// Never replaces: only inserts and deletes, so a changed letter costs two.
impl Solution {
    pub fn min_distance(word1: String, word2: String) -> i32 {
        let (a, b) = (word1.as_bytes(), word2.as_bytes());
        let mut prev: Vec<i32> = (0..=b.len() as i32).collect();
        for i in 1..=a.len() {
            let mut row = vec![i as i32; b.len() + 1];
            for j in 1..=b.len() {
                row[j] = if a[i - 1] == b[j - 1] { prev[j - 1] } else { 1 + prev[j].min(row[j - 1]) };
            }
            prev = row;
        }
        prev[b.len()]
    }
}
