use std::collections::HashMap;

fn frequencies(values: &[u32]) -> HashMap<u32, usize> {
    let mut counts = HashMap::new();
    for v in values {
        if counts.contains_key(v) {
            let c = counts.get_mut(v).unwrap();
            *c += 1;
        } else {
            counts.insert(*v, 1);
        }
    }
    counts
}
