//! Rejection sampling reproduces the target's distribution, whatever the
//! drafter's distribution is (synthetic distributions, no model needed).

use inference::{Draft, SampleRng, SamplingParams, verify};
use rand::SeedableRng;

/// Frequencies of the first output token over many trials of one
/// verification step with a one-token draft drawn from `q` (or fixed).
fn first_token_frequencies(p: &[f32], q: Option<&[f32]>, fixed: u32, trials: usize) -> Vec<f64> {
    let params = SamplingParams { temperature: 1.0, ..SamplingParams::default() };
    let logits: Vec<f32> = p.iter().map(|x| x.ln()).collect();
    let rows = vec![logits.clone(), logits];
    let mut rng = SampleRng::seed_from_u64(42);
    let mut counts = vec![0usize; p.len()];
    for _ in 0..trials {
        let draft = match q {
            Some(q) => {
                let token = inference::sample(q, &mut rng);
                Draft { tokens: vec![token], probs: Some(vec![q.to_vec()]), ..Draft::default() }
            }
            None => Draft { tokens: vec![fixed as i32], ..Draft::default() },
        };
        let verdict = verify(&draft, &rows, &params, &mut rng);
        let first = if verdict.accepted == 1 { draft.tokens[0] } else { verdict.next };
        counts[first as usize] += 1;
    }
    counts.iter().map(|&c| c as f64 / trials as f64).collect()
}

fn assert_close(got: &[f64], p: &[f32], trials: usize) {
    for (i, (&g, &p)) in got.iter().zip(p).enumerate() {
        // Five standard errors of a binomial proportion.
        let tolerance = 5.0 * (f64::from(p) * (1.0 - f64::from(p)) / trials as f64).sqrt() + 1e-4;
        assert!((g - f64::from(p)).abs() < tolerance, "token {i}: frequency {g}, target {p}");
    }
}

#[test]
fn a_sampled_draft_keeps_the_target_distribution() {
    let p = [0.5, 0.2, 0.15, 0.1, 0.05];
    let trials = 200_000;
    for q in [[0.2f32, 0.2, 0.2, 0.2, 0.2], [0.05, 0.05, 0.1, 0.3, 0.5], [0.5, 0.2, 0.15, 0.1, 0.05]] {
        assert_close(&first_token_frequencies(&p, Some(&q), 0, trials), &p, trials);
    }
}

#[test]
fn a_deterministic_draft_keeps_the_target_distribution() {
    let p = [0.1, 0.6, 0.2, 0.1];
    let trials = 200_000;
    for fixed in 0..4 {
        assert_close(&first_token_frequencies(&p, None, fixed, trials), &p, trials);
    }
}

#[test]
fn a_bad_draft_is_always_rejected_and_corrected() {
    // The target never produces token 2: a draft of it must be rejected.
    let p = [0.7, 0.3, 0.0];
    let got = first_token_frequencies(&[0.7, 0.3, 1e-30], None, 2, 20_000);
    assert!(got[2] == 0.0, "{got:?}");
    assert_close(&got[..2], &p[..2], 20_000);
}
