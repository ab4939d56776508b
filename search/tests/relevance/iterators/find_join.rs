struct Customer {
    id: u32,
    name: String,
}

struct Order {
    customer_id: u32,
    total: u64,
}

fn order_names<'a>(orders: &[Order], customers: &'a [Customer]) -> Vec<Option<&'a str>> {
    orders.iter().map(|o| customers.iter().find(|c| c.id == o.customer_id).map(|c| c.name.as_str())).collect()
}
