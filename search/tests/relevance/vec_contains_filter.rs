fn common_ids(orders: &[u64], customers: &Vec<u64>) -> Vec<u64> {
    let mut out = Vec::new();
    for id in orders {
        if customers.contains(id) {
            out.push(*id);
        }
    }
    out
}
