use std::io;

fn main() {
    let mut total: i64 = 0;
    loop {
        let mut line = String::new();
        if io::stdin().read_line(&mut line).unwrap() == 0 {
            break;
        }
        for tok in line.split_whitespace() {
            total += tok.parse::<i64>().unwrap();
        }
    }
    println!("{}", total);
}
