struct Trie {
    // Node i's children by letter (0: none; the root, node 0, is never a
    // child) and whether a word ends at it.
    children: Vec<[u32; 26]>,
    ends: Vec<bool>,
}

impl Trie {
    fn new() -> Self {
        Trie { children: vec![[0; 26]], ends: vec![false] }
    }

    fn insert(&mut self, word: String) {
        let mut node = 0;
        for &c in word.as_bytes() {
            let c = (c - b'a') as usize;
            if self.children[node][c] == 0 {
                self.children[node][c] = self.children.len() as u32;
                self.children.push([0; 26]);
                self.ends.push(false);
            }
            node = self.children[node][c] as usize;
        }
        self.ends[node] = true;
    }

    // The node reached by following `s`, if any.
    fn walk(&self, s: &str) -> Option<usize> {
        let mut node = 0;
        for &c in s.as_bytes() {
            match self.children[node][(c - b'a') as usize] {
                0 => return None,
                next => node = next as usize,
            }
        }
        Some(node)
    }

    fn search(&self, word: String) -> bool {
        self.walk(&word).is_some_and(|node| self.ends[node])
    }

    fn starts_with(&self, prefix: String) -> bool {
        self.walk(&prefix).is_some()
    }
}
