fn main() {
    let n: u64 = 200_000;
    let mut x: u64 = 1;
    for i in 0..n {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(i);
        println!("{} {}", i, x % 1000);
    }
}
