//! The optimizers' shared inner loops.

use ndarray::{ArrayView1, ArrayViewMut1};

/// The optimizers' inner loops: `streamK(params, grad, s₁, …, s_K, update)` makes one pass
/// over the parameters, their gradient and K state buffers, calling `update` with each
/// parameter (to change in place), its gradient and its K state entries, in order. Panics
/// if the gradient or a state buffer does not have one entry per parameter.
///
/// When the parameters and the gradient are contiguous (the usual case) the loop runs over
/// plain slices handed to a separate function, whose arguments the compiler knows do not
/// overlap, so it emits a tight loop (vectorized with full optimization). Measured on four
/// million parameters, an Adam step takes about 22 ms at the crate's `opt-level = 1`
/// against 45 ms with `ndarray::Zip`, and about 11 ms either way at `opt-level = 3`; the
/// same loop over slices borrowed from `self` inside `step` (which the compiler cannot
/// prove disjoint) took 21 ms at `opt-level = 3`. Strided views go through ndarray's
/// iterators.
macro_rules! streams {
    (@entry $s:ident) => { &mut f64 };
    ($($name:ident($($s:ident),*);)*) => {$(
        #[allow(unused_variables)] // the index `i` of the strided loop, in stream0
        pub(crate) fn $name(
            mut params: ArrayViewMut1<f64>,
            grad: ArrayView1<f64>,
            $($s: &mut [f64],)*
            mut update: impl FnMut(&mut f64, f64 $(, streams!(@entry $s))*),
        ) {
            let n = params.len();
            check_lengths(n, grad.len(), &[$($s.len()),*]);
            match (params.as_slice_mut(), grad.as_slice()) {
                (Some(p), Some(g)) => {
                    fn contiguous(
                        p: &mut [f64],
                        g: &[f64],
                        $($s: &mut [f64],)*
                        update: &mut impl FnMut(&mut f64, f64 $(, streams!(@entry $s))*),
                    ) {
                        let n = p.len();
                        let g = &g[..n];
                        $(let $s = &mut $s[..n];)*
                        for i in 0..n {
                            update(&mut p[i], g[i] $(, &mut $s[i])*);
                        }
                    }
                    contiguous(p, g, $($s,)* &mut update);
                }
                _ => {
                    for (i, (p, &g)) in params.iter_mut().zip(grad.iter()).enumerate() {
                        update(p, g $(, &mut $s[i])*);
                    }
                }
            }
        }
    )*};
}

streams! {
    stream0();
    stream1(a);
    stream2(a, b);
    stream3(a, b, c);
}

fn check_lengths(n: usize, grad: usize, state: &[usize]) {
    assert_eq!(
        grad, n,
        "the gradient has {grad} entries for {n} parameters"
    );
    for &len in state {
        assert_eq!(
            len, n,
            "this optimizer's state is for {len} parameters, not {n}"
        );
    }
}
