fn cost_to_join(mut ropes: Vec<u64>) -> u64 {
    let mut total = 0;
    (1..ropes.len()).for_each(|_| {
        ropes.sort();
        let a = ropes.remove(0);
        let b = ropes.remove(0);
        total += a + b;
        ropes.push(a + b);
    });
    total
}
