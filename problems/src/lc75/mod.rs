//! The problems, one module each, in study-plan order.

use std::sync::OnceLock;

use crate::spec::Problem;

mod p1768_merge_strings_alternately;

pub fn all() -> &'static [Box<dyn Problem>] {
    static ALL: OnceLock<Vec<Box<dyn Problem>>> = OnceLock::new();
    ALL.get_or_init(|| {
        let all: Vec<Box<dyn Problem>> = vec![Box::new(p1768_merge_strings_alternately::spec())];
        debug_assert!(all.windows(2).all(|w| w[0].info().order < w[1].info().order), "study-plan order");
        all
    })
}
