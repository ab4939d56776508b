impl Solution {
    pub fn compress_report(words: Vec<String>) -> String {
        let mut out = String::new();
        for (i, w) in words.iter().enumerate() {
            out = out + &format!("{}:{}", i, w);
            out = out + ",";
        }
        out
    }
}
