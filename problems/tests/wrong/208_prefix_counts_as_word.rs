// Does not mark where words end: `search` finds any stored prefix.
use std::collections::HashMap;

struct Trie {
    children: HashMap<char, Trie>,
}

impl Trie {
    fn new() -> Self {
        Trie { children: HashMap::new() }
    }

    fn insert(&mut self, word: String) {
        let mut node = self;
        for c in word.chars() {
            node = node.children.entry(c).or_insert_with(Trie::new);
        }
    }

    fn search(&self, word: String) -> bool {
        self.starts_with(word)
    }

    fn starts_with(&self, prefix: String) -> bool {
        let mut node = self;
        for c in prefix.chars() {
            match node.children.get(&c) {
                Some(next) => node = next,
                None => return false,
            }
        }
        true
    }
}
