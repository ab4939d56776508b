impl Solution {
    pub fn reverse_vowels(s: String) -> String {
        let n = s.chars().count();
        let mut result = String::new();
        let vowels: Vec<usize> = (0..n).filter(|&i| "aeiouAEIOU".contains(s.chars().nth(i).unwrap())).collect();
        let mut v = vowels.len();
        for i in 0..n {
            let c = s.chars().nth(i).unwrap();
            if "aeiouAEIOU".contains(c) {
                v -= 1;
                result.push(s.chars().nth(vowels[v]).unwrap());
            } else {
                result.push(c);
            }
        }
        result
    }
}
