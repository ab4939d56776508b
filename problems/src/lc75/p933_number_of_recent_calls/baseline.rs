struct RecentCounter {
    pings: Vec<i32>,
}

impl RecentCounter {
    fn new() -> Self {
        RecentCounter { pings: Vec::new() }
    }

    fn ping(&mut self, t: i32) -> i32 {
        self.pings.push(t);
        let mut count = 0;
        for &p in &self.pings {
            if p >= t - 3000 {
                count += 1;
            }
        }
        count
    }
}
