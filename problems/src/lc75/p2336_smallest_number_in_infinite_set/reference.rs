use std::cmp::Reverse;
use std::collections::BinaryHeap;

struct SmallestInfiniteSet {
    // Every number from `next` on is in the set; below it, exactly those
    // in `back` (flagged in `in_back`).
    next: i32,
    back: BinaryHeap<Reverse<i32>>,
    in_back: [bool; 1001],
}

impl SmallestInfiniteSet {
    fn new() -> Self {
        SmallestInfiniteSet { next: 1, back: BinaryHeap::new(), in_back: [false; 1001] }
    }

    fn pop_smallest(&mut self) -> i32 {
        if let Some(Reverse(x)) = self.back.pop() {
            self.in_back[x as usize] = false;
            x
        } else {
            self.next += 1;
            self.next - 1
        }
    }

    fn add_back(&mut self, num: i32) {
        if num < self.next && !self.in_back[num as usize] {
            self.in_back[num as usize] = true;
            self.back.push(Reverse(num));
        }
    }
}
