//! marco's inference backend: GGUF models on llama.cpp, speculative decoding
//! split between an edge drafter and a cloud verifier, and an OpenAI-compatible
//! server. Filled by the inference issues; it has no public API yet.
