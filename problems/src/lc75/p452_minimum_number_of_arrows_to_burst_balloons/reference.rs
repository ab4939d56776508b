impl Solution {
    pub fn find_min_arrow_shots(points: Vec<Vec<i32>>) -> i32 {
        // Greedy by end: shoot at the end of the balloon that ends first,
        // then at the end of the first balloon that arrow missed. Sorting by
        // end is an LSD radix sort (three 11-bit digits of the end, its sign
        // bit flipped so that the unsigned order is the signed one).
        let n = points.len();
        let mut a: Vec<(u32, i32)> = points.iter().map(|p| ((p[1] as u32) ^ 0x8000_0000, p[0])).collect();
        let mut b = vec![(0u32, 0i32); n];
        for shift in [0, 11, 22] {
            let mut count = [0usize; 2049];
            for &(key, _) in &a {
                count[((key >> shift) & 0x7ff) as usize + 1] += 1;
            }
            for d in 0..2048 {
                count[d + 1] += count[d];
            }
            for &item in &a {
                let d = ((item.0 >> shift) & 0x7ff) as usize;
                b[count[d]] = item;
                count[d] += 1;
            }
            std::mem::swap(&mut a, &mut b);
        }
        let mut arrows = 1;
        let mut arrow = a[0].0;
        for &(end, start) in &a[1..] {
            if ((start as u32) ^ 0x8000_0000) > arrow {
                arrows += 1;
                arrow = end;
            }
        }
        arrows
    }
}
