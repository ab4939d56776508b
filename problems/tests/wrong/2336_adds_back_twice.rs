// Does not notice a number added back twice, so it is popped twice.
use std::cmp::Reverse;
use std::collections::BinaryHeap;

struct SmallestInfiniteSet {
    next: i32,
    back: BinaryHeap<Reverse<i32>>,
}

impl SmallestInfiniteSet {
    fn new() -> Self {
        SmallestInfiniteSet { next: 1, back: BinaryHeap::new() }
    }

    fn pop_smallest(&mut self) -> i32 {
        if let Some(Reverse(x)) = self.back.pop() {
            x
        } else {
            self.next += 1;
            self.next - 1
        }
    }

    fn add_back(&mut self, num: i32) {
        if num < self.next {
            self.back.push(Reverse(num));
        }
    }
}
