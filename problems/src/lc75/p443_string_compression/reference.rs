impl Solution {
    pub fn compress(chars: &mut Vec<char>) -> i32 {
        let n = chars.len();
        let (mut read, mut write) = (0, 0);
        while read < n {
            let c = chars[read];
            let start = read;
            while read < n && chars[read] == c {
                read += 1;
            }
            chars[write] = c;
            write += 1;
            let mut count = read - start;
            if count > 1 {
                // The digits never overtake the group they describe.
                let digits_start = write;
                while count > 0 {
                    chars[write] = (b'0' + (count % 10) as u8) as char;
                    write += 1;
                    count /= 10;
                }
                chars[digits_start..write].reverse();
            }
        }
        // Only the first `write` characters matter; drop the rest.
        chars.truncate(write);
        write as i32
    }
}
