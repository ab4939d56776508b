// Leaves out a request made exactly 3000 ms earlier.
struct RecentCounter {
    pings: std::collections::VecDeque<i32>,
}

impl RecentCounter {
    fn new() -> Self {
        RecentCounter { pings: std::collections::VecDeque::new() }
    }

    fn ping(&mut self, t: i32) -> i32 {
        self.pings.push_back(t);
        while *self.pings.front().unwrap() <= t - 3000 {
            self.pings.pop_front();
        }
        self.pings.len() as i32
    }
}
