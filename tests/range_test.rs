use ndarray::array;
use stepsize::clip::{Clip, Clipped};
use stepsize::optimizers::{Settings, build};
use stepsize::problem::Problem;
use stepsize::quadratic::Quadratic;
use stepsize::range_test::RangeTest;
use stepsize::rosenbrock::Rosenbrock;
use stepsize::train::{Budget, train};

#[test]
fn explore() {
    let q = Quadratic::d2l();
    let t = RangeTest::default();
    let mut sgd = build("sgd", 0.1, &Settings::default()).unwrap();
    let r = t.run(&q, sgd.as_mut(), array![-5.0, -2.0]);
    for i in 0..r.lrs.len() {
        println!(
            "{i} {:.4e} {:.4e} {:.4e}",
            r.lrs[i], r.losses[i], r.smoothed[i]
        );
    }
    println!("stopped {}", r.stopped_early);
    let s = t.suggest(&r);
    println!("{s:?}");
    println!(
        "full: {:?} {:?} {:?} {:?}",
        r.valley(),
        r.slide(),
        r.minimum(),
        r.steep()
    );
    let best = 2.0 / 4.2;
    for (n, v) in [
        ("valley", s.valley),
        ("slide", s.slide),
        ("minimum", s.minimum),
        ("steep", s.steep),
    ] {
        println!("{n} {:?} ratio {:?}", v, v.map(|v| v / best));
    }
    let rb = Rosenbrock::default();
    println!("start loss {}", rb.loss(array![-1.5, 2.0].view()));
    for lr in [1e-3, 1.5e-3, 2e-3, 3e-3, 5e-3] {
        let mut o = build("sgd", lr, &Settings::default()).unwrap();
        let run = train(
            "x",
            &rb,
            o.as_mut(),
            array![-1.5, 2.0],
            &Budget::steps(20000),
        );
        println!("lr {lr} plain: {} {}", run.summary(), run.final_loss());
        for c in [0.5, 1.0, 2.0, 5.0, 10.0, 50.0] {
            let mut o = Clipped::new(
                build("sgd", lr, &Settings::default()).unwrap(),
                Clip::Norm(c),
            );
            let run = train("x", &rb, &mut o, array![-1.5, 2.0], &Budget::steps(20000));
            println!(
                "   clip {c}: {} {} clipped {} params {}",
                run.summary(),
                run.final_loss(),
                o.clipped_steps,
                run.final_params()
            );
        }
    }
}
