//! Renders a table of generated sales records as CSV and prints its
//! length and a checksum of its bytes. The text is built by repeated
//! `String` concatenation, one cell at a time. Reads `rows seed` from stdin
//! (default `30000 5`).

use std::io::Read;

struct Sale {
    id: u32,
    region: &'static str,
    units: u32,
    price_cents: u64,
}

const REGIONS: [&str; 4] = ["north", "south", "east", "west"];

fn sales(rows: usize, mut seed: u64) -> Vec<Sale> {
    (0..rows)
        .map(|i| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            Sale {
                id: i as u32,
                region: REGIONS[(seed >> 62) as usize],
                units: (seed >> 40) as u32 % 500,
                price_cents: (seed >> 20) % 100_000,
            }
        })
        .collect()
}

fn render(sales: &[Sale]) -> String {
    let mut csv = String::new();
    csv = csv + "id,region,units,price,total\n";
    for sale in sales {
        csv = csv + &sale.id.to_string() + ",";
        csv = csv + sale.region + ",";
        csv = csv + &format!("{}", sale.units) + ",";
        csv = csv + &format!("{}.{:02}", sale.price_cents / 100, sale.price_cents % 100) + ",";
        let total = sale.price_cents * sale.units as u64;
        csv = csv + &format!("{}.{:02}", total / 100, total % 100) + "\n";
    }
    csv
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (rows, seed) = match fields[..] {
        [rows, seed] => (rows as usize, seed),
        _ => (30_000, 5),
    };
    let csv = render(&sales(rows, seed));
    let checksum = csv.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    println!("{} {}", csv.len(), checksum);
}

#[test]
fn renders_cents() {
    let csv = render(&[Sale { id: 7, region: "east", units: 3, price_cents: 1005 }]);
    assert_eq!(csv, "id,region,units,price,total\n7,east,3,10.05,30.15\n");
}
