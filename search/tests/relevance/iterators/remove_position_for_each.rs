fn remove_all(list: &mut Vec<u32>, unwanted: &[u32]) {
    unwanted.iter().for_each(|u| {
        while let Some(pos) = list.iter().position(|x| x == u) {
            list.remove(pos);
        }
    });
}
