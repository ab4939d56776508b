fn is_palindrome(s: &str) -> bool {
    let n = s.chars().count();
    (0..n / 2).all(|i| s.chars().nth(i) == s.chars().nth(n - 1 - i))
}
