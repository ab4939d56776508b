impl Solution {
    pub fn compress(chars: &mut Vec<char>) -> i32 {
        let mut result: Vec<char> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let mut count = 0;
            while i < chars.len() && chars[i] == c {
                count += 1;
                i += 1;
            }
            result.push(c);
            if count > 1 {
                for d in count.to_string().chars() {
                    result.push(d);
                }
            }
        }
        *chars = result.clone();
        result.len() as i32
    }
}
