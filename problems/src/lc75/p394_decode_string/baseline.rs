impl Solution {
    pub fn decode_string(s: String) -> String {
        let mut stack: Vec<char> = Vec::new();
        for c in s.chars() {
            if c != ']' {
                stack.push(c);
                continue;
            }
            // Pop the group's text back to its '['.
            let mut text: Vec<char> = Vec::new();
            while let Some(top) = stack.pop() {
                if top == '[' {
                    break;
                }
                text.push(top);
            }
            text.reverse();
            // Then its count.
            let mut digits: Vec<char> = Vec::new();
            while let Some(&top) = stack.last() {
                if !top.is_ascii_digit() {
                    break;
                }
                digits.push(top);
                stack.pop();
            }
            digits.reverse();
            let count: usize = digits.iter().collect::<String>().parse().unwrap();
            for _ in 0..count {
                for &ch in &text {
                    stack.push(ch);
                }
            }
        }
        stack.iter().collect()
    }
}
