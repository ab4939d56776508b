struct StockSpanner {
    prices: Vec<i32>,
}

impl StockSpanner {
    fn new() -> Self {
        StockSpanner { prices: Vec::new() }
    }

    fn next(&mut self, price: i32) -> i32 {
        self.prices.push(price);
        let mut span = 0;
        for &p in self.prices.iter().rev() {
            if p > price {
                break;
            }
            span += 1;
        }
        span
    }
}
