impl Solution {
    pub fn unique_occurrences(arr: Vec<i32>) -> bool {
        let mut counts: Vec<usize> = Vec::new();
        for i in 0..arr.len() {
            // Count each value once, at its first occurrence.
            if arr[..i].contains(&arr[i]) {
                continue;
            }
            let count = arr.iter().filter(|&&x| x == arr[i]).count();
            if counts.contains(&count) {
                return false;
            }
            counts.push(count);
        }
        true
    }
}
