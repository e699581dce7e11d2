//! The one number format the book uses everywhere, for tables, labels and messages.
//!
//! Nothing here ever writes `NaN` or `inf`: a value that is not a finite number (a
//! diverged run's loss, a rate that overflowed) is written [`NO_VALUE`], the mark tables
//! already use for "no value".

/// What a number that is not finite prints as.
pub const NO_VALUE: &str = "-";

/// Format a number for people: four significant digits, plain notation between 1e-4 and
/// 1e6 (whole numbers in full: `270000`), scientific outside (`3.1e13`, `2.5e-9`),
/// trailing zeros dropped; [`NO_VALUE`] for NaN and ±∞.
pub fn num(x: f64) -> String {
    sig(x, 4)
}

/// Like [`num`] with a chosen number of significant digits.
pub fn sig(x: f64, digits: usize) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if !x.is_finite() {
        return NO_VALUE.into();
    }
    let digits = digits.max(1).max(at_least());
    // Round first, then decide the notation, so 9.99996 becomes "10", not "10.00".
    let sci = format!("{:.*e}", digits - 1, x);
    let (mantissa, exponent) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` exponent is an integer");
    if (-4..6).contains(&exponent) {
        let decimals = (digits as i32 - 1 - exponent).max(0) as usize;
        trim_zeros(&format!("{:.*}", decimals, x))
    } else {
        format!("{}e{}", trim_zeros(mantissa), exponent)
    }
}

/// Format several numbers so that different numbers print differently: each with the
/// digits it was written with when that is at most six (a typed `0.130125` stays
/// `0.130125`), otherwise with [`num`]'s four, and with more digits wherever two different
/// numbers would still print alike.
pub fn distinct(values: &[f64]) -> Vec<String> {
    // The digits of each number's shortest exact form: past those, digits are noise.
    let exact: Vec<usize> = values
        .iter()
        .map(|v| {
            let shortest = format!("{v:e}");
            let mantissa = shortest.split('e').next().unwrap_or("");
            mantissa.chars().filter(char::is_ascii_digit).count()
        })
        .collect();
    let base: Vec<usize> = exact.iter().map(|&d| if d <= 6 { d } else { 4 }).collect();
    let mut texts = Vec::new();
    for extra in 0..=17 {
        texts = values
            .iter()
            .zip(base.iter().zip(&exact))
            .map(|(&v, (&b, &e))| sig(v, (b + extra).min(e)))
            .collect();
        let clash = (0..values.len())
            .any(|i| (0..i).any(|j| texts[i] == texts[j] && values[i] != values[j]));
        if !clash {
            break;
        }
    }
    texts
}

/// A number exactly, in as few characters as read back to the same double: plain
/// notation from 1e-5 to below 1e16 (what Rust's `{}` writes: `0.1`, `270000`), scientific
/// outside it (`1e308`, `5e-324`, not 309 digits or 323 zeros); [`NO_VALUE`] for NaN and
/// ±∞. For CSV cells and for numbers echoed in messages.
pub fn exact(x: f64) -> String {
    if !x.is_finite() {
        return NO_VALUE.into();
    }
    if x == 0.0 || (1e-5..1e16).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// The environment variable that asks for more digits everywhere: `STEPSIZE_DIGITS=17`
/// prints every number with at least 17 significant digits, enough to read back the same
/// double. The comparison with the PyTorch scripts in `python/` (which read the same
/// variable) uses it; the book's output never sets it.
pub const DIGITS_VAR: &str = "STEPSIZE_DIGITS";

/// The digits [`DIGITS_VAR`] asks for (at most 17), 0 when it is unset or not a number.
fn at_least() -> usize {
    static DIGITS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *DIGITS.get_or_init(|| {
        std::env::var(DIGITS_VAR)
            .ok()
            .and_then(|d| d.trim().parse::<usize>().ok())
            .map_or(0, |d| d.min(17))
    })
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_uses_plain_notation_in_the_middle_and_scientific_outside() {
        assert_eq!(num(0.0001), "0.0001");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(0.13013), "0.1301");
        assert_eq!(num(300.0), "300");
        assert_eq!(num(123456.0), "123456");
        assert_eq!(num(3.1e13), "3.1e13");
        assert_eq!(num(2.5e-9), "2.5e-9");
        assert_eq!(num(-1.5), "-1.5");
        assert_eq!(num(9.99996), "10");
        assert_eq!(num(1e6), "1e6");
        assert_eq!(num(0.0), "0");
    }

    #[test]
    fn nothing_prints_nan_or_inf() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(num(x), "-");
            assert_eq!(sig(x, 6), "-");
            assert_eq!(exact(x), "-");
        }
        assert_eq!(distinct(&[f64::NAN, 0.1]), ["-", "0.1"]);
        assert_eq!(num(1e308), "1e308");
        assert_eq!(num(f64::MAX), "1.798e308");
        assert_eq!(num(5e-324), "4.941e-324");
    }

    #[test]
    fn exact_is_short_and_reads_back_the_same() {
        assert_eq!(exact(0.1), "0.1");
        assert_eq!(exact(270000.0), "270000");
        assert_eq!(exact(-0.00001), "-0.00001");
        assert_eq!(exact(1e308), "1e308");
        assert_eq!(exact(1e-320), "1e-320");
        assert_eq!(exact(1.5e16), "1.5e16");
        assert_eq!(exact(0.0), "0");
        for x in [
            0.1 + 0.2,
            1e308,
            5e-324,
            -123.456,
            1e-7,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(exact(x).parse::<f64>().unwrap(), x);
        }
    }

    #[test]
    fn distinct_adds_digits_only_when_numbers_would_collide() {
        assert_eq!(distinct(&[0.1, 0.01, 0.1]), ["0.1", "0.01", "0.1"]);
        assert_eq!(
            distinct(&[0.1301, 0.13013, 0.130125]),
            ["0.1301", "0.13013", "0.130125"]
        );
        // 0.1 + 0.2 is not 0.3 in floating point; the two must not print alike.
        let texts = distinct(&[0.1 + 0.2, 0.3]);
        assert_ne!(texts[0], texts[1]);
        assert_eq!(texts[1], "0.3");
    }
}
