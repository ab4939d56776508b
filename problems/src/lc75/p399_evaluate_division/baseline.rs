use std::collections::{HashMap, HashSet};

impl Solution {
    pub fn calc_equation(equations: Vec<Vec<String>>, values: Vec<f64>, queries: Vec<Vec<String>>) -> Vec<f64> {
        let mut graph: HashMap<String, Vec<(String, f64)>> = HashMap::new();
        for (equation, &value) in equations.iter().zip(&values) {
            graph.entry(equation[0].clone()).or_default().push((equation[1].clone(), value));
            graph.entry(equation[1].clone()).or_default().push((equation[0].clone(), 1.0 / value));
        }
        let mut answers = Vec::new();
        for query in &queries {
            let (from, to) = (&query[0], &query[1]);
            if !graph.contains_key(from) || !graph.contains_key(to) {
                answers.push(-1.0);
                continue;
            }
            let mut seen = HashSet::new();
            answers.push(Self::search(&graph, from, to, 1.0, &mut seen).unwrap_or(-1.0));
        }
        answers
    }

    fn search(
        graph: &HashMap<String, Vec<(String, f64)>>,
        node: &String,
        target: &String,
        product: f64,
        seen: &mut HashSet<String>,
    ) -> Option<f64> {
        if node == target {
            return Some(product);
        }
        seen.insert(node.clone());
        for (next, value) in &graph[node] {
            if !seen.contains(next) {
                if let Some(found) = Self::search(graph, next, target, product * value, seen) {
                    return Some(found);
                }
            }
        }
        None
    }
}
