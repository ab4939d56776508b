use std::collections::HashSet;

struct SmallestInfiniteSet {
    removed: HashSet<i32>,
}

impl SmallestInfiniteSet {
    fn new() -> Self {
        SmallestInfiniteSet { removed: HashSet::new() }
    }

    fn pop_smallest(&mut self) -> i32 {
        let mut x = 1;
        while self.removed.contains(&x) {
            x += 1;
        }
        self.removed.insert(x);
        x
    }

    fn add_back(&mut self, num: i32) {
        self.removed.remove(&num);
    }
}
