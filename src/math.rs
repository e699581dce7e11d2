//! Elementary functions that give the same bits on every platform.
//!
//! `f64::exp`, `ln`, `powf`, `cos` and the like call the platform's maths library, which
//! is not required to round correctly and may differ in the last bit between Linux, macOS
//! and Windows; a last-bit difference in a loss can change a printed digit after a few
//! hundred steps. Every such call goes through here instead, to the pure-Rust `libm`
//! crate, which computes the same bits everywhere. `clippy.toml` forbids the `f64` methods,
//! so a new call cannot slip in. (`sqrt`, `abs`, `mul_add` and the arithmetic operators are
//! correctly rounded by IEEE 754 and stay as they are.)

/// eˣ.
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// The natural logarithm.
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// ln(1 + x), accurate for small x.
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// The base-10 logarithm.
pub fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// xʸ.
pub fn powf(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// The sine.
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// The cosine.
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// The hyperbolic tangent.
pub fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

/// The arccosine, in radians (NaN outside [−1, 1]).
pub fn acos(x: f64) -> f64 {
    libm::acos(x)
}

/// The arctangent, in radians.
pub fn atan(x: f64) -> f64 {
    libm::atan(x)
}
