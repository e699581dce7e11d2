//! Standardising features: each feature shifted and scaled to mean 0 and variance 1.
//!
//! This is scikit-learn's `StandardScaler`: the mean and the population standard deviation
//! (dividing by n, not n − 1) are fitted on the training set only, and every other data set
//! — validation, test, new examples — is transformed with those training statistics, so
//! the held-out data never leaks into the model and a held-out set is centred only
//! approximately.

use ndarray::{Array1, Axis};

use crate::problems::data::Dataset;

/// Per-feature training mean and standard deviation: x ↦ (x − mean) / std.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer {
    pub mean: Array1<f64>,
    pub std: Array1<f64>,
}

impl Standardizer {
    /// The mean and population standard deviation of each feature of `train`.
    ///
    /// A feature whose training values are all equal has no scale to divide by: it gets
    /// std 1 (and its mean is that value), so it is only centred, to exactly 0, as
    /// scikit-learn does.
    pub fn fit(train: &Dataset) -> Standardizer {
        assert!(!train.is_empty(), "fitting needs at least one example");
        let n = train.len() as f64;
        let d = train.x.ncols();
        let mut mean = Array1::zeros(d);
        let mut std = Array1::zeros(d);
        for (j, column) in train.x.axis_iter(Axis(1)).enumerate() {
            let first = column[0];
            if column.iter().all(|&v| v == first) {
                mean[j] = first;
                std[j] = 1.0;
                continue;
            }
            // Two passes: subtracting the mean first keeps the variance accurate for
            // features like square feet whose mean is far larger than their spread.
            let m = column.sum() / n;
            let variance = column.iter().map(|&v| (v - m) * (v - m)).sum::<f64>() / n;
            mean[j] = m;
            std[j] = variance.sqrt();
        }
        Standardizer { mean, std }
    }

    /// `data` with each feature replaced by (x − mean) / std, using the fitted (training)
    /// statistics; the labels and feature names are unchanged.
    pub fn transform(&self, data: &Dataset) -> Dataset {
        assert_eq!(
            data.x.ncols(),
            self.mean.len(),
            "the data set has the features the standardizer was fitted on"
        );
        let mut x = data.x.to_owned();
        for mut row in x.axis_iter_mut(Axis(0)) {
            for ((v, &m), &s) in row.iter_mut().zip(&self.mean).zip(&self.std) {
                *v = (*v - m) / s;
            }
        }
        Dataset {
            x,
            y: data.y.clone(),
            feature_names: data.feature_names.clone(),
        }
    }

    /// Fits on `train` and transforms it: the standardizer (to apply to held-out data) and
    /// the standardized training set.
    pub fn fit_transform(train: &Dataset) -> (Standardizer, Dataset) {
        let standardizer = Standardizer::fit(train);
        let transformed = standardizer.transform(train);
        (standardizer, transformed)
    }
}
