use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A cheap hasher for the packed variable names below.
#[derive(Default)]
struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, x: u64) {
        let h = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 32);
    }
}

/// A name of at most 5 letters and digits as a number, one base-37 digit
/// per byte (never 0), so different names get different numbers.
fn pack(name: &str) -> u64 {
    name.bytes().fold(0, |code, b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0' + 1,
            _ => b - b'a' + 11,
        };
        code * 37 + digit as u64
    })
}

/// Weighted union-find: `ratio[x]` is `x / parent[x]`.
struct Sets {
    parent: Vec<usize>,
    ratio: Vec<f64>,
    size: Vec<u32>,
}

impl Sets {
    /// The root of `x` and the value of `x / root`, compressing the path.
    fn find(&mut self, x: usize) -> (usize, f64) {
        let p = self.parent[x];
        if p == x {
            return (x, 1.0);
        }
        let (root, up) = self.find(p);
        self.parent[x] = root;
        self.ratio[x] *= up;
        (root, self.ratio[x])
    }

    /// Records `a / b = value`.
    fn union(&mut self, a: usize, b: usize, value: f64) {
        let (ra, wa) = self.find(a);
        let (rb, wb) = self.find(b);
        if ra == rb {
            return;
        }
        // ra / rb = (a / wa) / (b / wb) = value * wb / wa.
        let r = value * wb / wa;
        if self.size[ra] < self.size[rb] {
            self.parent[ra] = rb;
            self.ratio[ra] = r;
            self.size[rb] += self.size[ra];
        } else {
            self.parent[rb] = ra;
            self.ratio[rb] = 1.0 / r;
            self.size[ra] += self.size[rb];
        }
    }
}

impl Solution {
    pub fn calc_equation(equations: Vec<Vec<String>>, values: Vec<f64>, queries: Vec<Vec<String>>) -> Vec<f64> {
        let mut ids: HashMap<u64, usize, BuildHasherDefault<Mix>> =
            HashMap::with_capacity_and_hasher(2 * equations.len(), Default::default());
        let mut pairs = Vec::with_capacity(equations.len());
        for equation in &equations {
            let mut id = |name: &str| {
                let next = ids.len();
                *ids.entry(pack(name)).or_insert(next)
            };
            pairs.push((id(&equation[0]), id(&equation[1])));
        }
        let n = ids.len();
        let mut sets = Sets { parent: (0..n).collect(), ratio: vec![1.0; n], size: vec![1; n] };
        for (&(a, b), &value) in pairs.iter().zip(&values) {
            sets.union(a, b, value);
        }
        queries
            .iter()
            .map(|query| {
                let (Some(&c), Some(&d)) = (ids.get(&pack(&query[0])), ids.get(&pack(&query[1]))) else {
                    return -1.0;
                };
                let ((rc, wc), (rd, wd)) = (sets.find(c), sets.find(d));
                if rc == rd { wc / wd } else { -1.0 }
            })
            .collect()
    }
}
