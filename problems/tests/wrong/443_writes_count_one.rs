// Writes a count after every group, even a group of one.
impl Solution {
    pub fn compress(chars: &mut Vec<char>) -> i32 {
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let mut j = i;
            while j < chars.len() && chars[j] == chars[i] {
                j += 1;
            }
            out.push(chars[i]);
            out.extend((j - i).to_string().chars());
            i = j;
        }
        *chars = out;
        chars.len() as i32
    }
}
