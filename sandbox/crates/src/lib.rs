//! Nothing of its own: this package exists so that cargo fetches, verifies
//! and builds the crates candidate programs may use (its dependencies).
