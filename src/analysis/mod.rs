//! What the book measures about a run or a problem: the stable edge, the sharpness, the
//! learning-rate range test, two-pass rate sweeps, and finite-difference checks of gradients.

pub mod averaging;
pub mod gradcheck;
pub mod noise_scale;
pub mod range_test;
pub mod sharpness;
pub mod stability;
pub mod sweep;
