struct RecentCounter {
    pings: Vec<i32>,
    // pings[oldest..] are the ones still in the window.
    oldest: usize,
}

impl RecentCounter {
    fn new() -> Self {
        RecentCounter { pings: Vec::new(), oldest: 0 }
    }

    fn ping(&mut self, t: i32) -> i32 {
        self.pings.push(t);
        while self.pings[self.oldest] < t - 3000 {
            self.oldest += 1;
        }
        (self.pings.len() - self.oldest) as i32
    }
}
