//! Criterion benchmarks of marco itself live in `benches/`; committed result
//! reports live in `reports/`. This library target is intentionally empty.
