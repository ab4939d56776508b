const MOD: u64 = 1_000_000_007;

type Matrix = [[u64; 3]; 3];

fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    let mut c = [[0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            // Three products below (10^9 + 7)^2 each fit a u64 together.
            c[i][j] = (a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j]) % MOD;
        }
    }
    c
}

impl Solution {
    pub fn num_tilings(n: i32) -> i32 {
        // f(n) = 2 f(n-1) + f(n-3), with f(0) = f(1) = 1 and f(2) = 2:
        // step the state (f(k), f(k-1), f(k-2)) by a matrix power.
        if n <= 2 {
            return n.max(1);
        }
        let mut power: Matrix = [[2, 0, 1], [1, 0, 0], [0, 1, 0]];
        let mut result: Matrix = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        let mut e = n - 2;
        while e > 0 {
            if e & 1 == 1 {
                result = multiply(&result, &power);
            }
            power = multiply(&power, &power);
            e >>= 1;
        }
        ((result[0][0] * 2 + result[0][1] + result[0][2]) % MOD) as i32
    }
}
