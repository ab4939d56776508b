//! Two kernels whose profile marco ranks (a test package for marco's
//! package mode): the hottest takes a type no input can be generated for,
//! and its tests, which run the kernels, are functions of the crate too.

/// Cells of a square grid.
pub struct Grid {
    cells: Vec<u64>,
}

impl Grid {
    /// A `side` x `side` grid numbered row by row.
    pub fn new(side: u64) -> Grid {
        Grid { cells: (0..side * side).collect() }
    }
}

/// The sum over every pair of cells of their bitwise and, wrapping.
pub fn grid_total(grid: &Grid) -> u64 {
    let mut total = 0u64;
    for &a in &grid.cells {
        for &b in &grid.cells {
            total = total.wrapping_add(a & b);
        }
    }
    total
}

/// The sum of `i * j` over `i, j < n`, wrapping.
pub fn triangle(n: u64) -> u64 {
    let mut total = 0u64;
    for i in 0..n {
        for j in 0..n {
            total = total.wrapping_add(i * j);
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels() {
        assert_eq!(grid_total(&Grid::new(2)), 12);
        assert_eq!(triangle(3), 9);
        // Work for the profile: grid_total several times
        // triangle's.
        let grid = Grid::new(40);
        let mut seen = 0u64;
        for round in 0..8 {
            seen = seen.wrapping_add(grid_total(&grid)).wrapping_add(triangle(800 + round));
        }
        assert_ne!(seen, 1);
    }
}
