//! Batch size and normalization, exercise 3 (book/batch_normalization.md): a scaler fitted
//! on every house.
//!
//! Write `fit_scaler`: the `Standardizer` of the classifier section of
//! examples/normalization/main.rs, fitted on *all* 400 houses (`houses`) instead of the 300
//! training houses (`train_raw`) as the example does. Does the held-out accuracy change?
//! Why is it still wrong to do so?
//!
//! Check it: cargo test --test exercises -- normalization_scaler_on_all
//! The check trains the classifier with your scaler and with the example's, and compares
//! them on the 100 held-out houses.

use stepsize::problems::data::Dataset;
use stepsize::problems::standardize::Standardizer;

pub fn fit_scaler(train_raw: &Dataset, houses: &Dataset) -> Standardizer {
    todo!("a Standardizer fitted on all the houses")
}
