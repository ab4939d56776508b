impl Solution {
    pub fn tribonacci(n: i32) -> i32 {
        let (mut a, mut b, mut c) = (0i32, 1i32, 1i32);
        if n == 0 {
            return 0;
        }
        for _ in 2..n {
            let next = a + b + c;
            a = b;
            b = c;
            c = next;
        }
        c
    }
}
