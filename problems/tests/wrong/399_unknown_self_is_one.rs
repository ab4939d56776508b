// Answers x / x with 1.0 even when x appears in no equation.
use std::collections::{HashMap, HashSet};

impl Solution {
    pub fn calc_equation(equations: Vec<Vec<String>>, values: Vec<f64>, queries: Vec<Vec<String>>) -> Vec<f64> {
        let mut graph: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
        for (equation, &value) in equations.iter().zip(&values) {
            graph.entry(&equation[0]).or_default().push((&equation[1], value));
            graph.entry(&equation[1]).or_default().push((&equation[0], 1.0 / value));
        }
        queries
            .iter()
            .map(|query| {
                let (from, to) = (query[0].as_str(), query[1].as_str());
                if from == to {
                    return 1.0;
                }
                if !graph.contains_key(from) || !graph.contains_key(to) {
                    return -1.0;
                }
                let mut seen = HashSet::from([from]);
                let mut stack = vec![(from, 1.0)];
                while let Some((node, product)) = stack.pop() {
                    if node == to {
                        return product;
                    }
                    for &(next, value) in &graph[node] {
                        if seen.insert(next) {
                            stack.push((next, product * value));
                        }
                    }
                }
                -1.0
            })
            .collect()
    }
}
