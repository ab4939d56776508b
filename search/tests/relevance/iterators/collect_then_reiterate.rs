struct Account {
    active: bool,
    balance: u64,
}

fn active_summary(accounts: &[Account]) -> (usize, u64) {
    let active: Vec<&Account> = accounts.iter().filter(|a| a.active).collect();
    let count = active.len();
    let total = active.iter().map(|a| a.balance).sum();
    (count, total)
}
