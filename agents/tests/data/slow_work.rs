use std::io::Read;

// marco:begin
fn work(n: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..n {
        for j in 0..n {
            total = total.wrapping_add(std::hint::black_box(i) * j);
        }
    }
    total
}
// marco:end

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let n: u64 = input.trim().parse().unwrap_or(300);
    println!("{}", work(n));
}

#[test]
fn work_is_the_sum_of_products() {
    assert_eq!(work(3), 9);
}
