// Learning-rate sliders: each swaps between figures that a Rust example generated, one per
// rate on a log grid. No mathematics happens here; the figures are the locked snapshots.
//
// Markup: <div class="lr-slider" data-prefix="snapshots/NAME-fig-slider_" data-alt="..."
// data-values="η0,η1,..." data-print="ηa,ηb,..."> with a <label> holding the <input> and
// <output>, and the <img> of the starting frame. Frame i is PREFIX + two-digit i + .snap.svg.
// On paper a slider is a dead control, so each one also gets a row of frames for print:
// the rates listed in data-print (its most telling frames), or else its first, middle and
// last.
document.querySelectorAll(".lr-slider").forEach((box) => {
  const values = box.dataset.values.split(",");
  const input = box.querySelector("input");
  const img = box.querySelector("img");
  const label = box.querySelector("output");
  const frame = (i) => `${box.dataset.prefix}${String(i).padStart(2, "0")}.snap.svg`;
  input.min = 0;
  input.max = values.length - 1;
  const show = () => {
    const i = Number(input.value);
    img.src = frame(i);
    img.alt = `${box.dataset.alt} at η = ${values[i]}`;
    label.textContent = `η = ${values[i]}`;
    // layout.js wraps the figure in a link that opens it full size: keep it on this frame.
    const zoom = img.closest("a");
    if (zoom) zoom.href = frame(i);
  };
  input.addEventListener("input", show);
  show();

  // Frames for paper (hidden on screen by stepsize.css).
  const wanted = box.dataset.print
    ? box.dataset.print.split(",").map((v) => values.indexOf(v.trim()))
    : [0, Math.floor((values.length - 1) / 2), values.length - 1];
  const frames = document.createElement("div");
  frames.className = "lr-slider-frames";
  for (const i of wanted) {
    if (i < 0) {
      console.error(`slider ${box.dataset.prefix}: data-print names a rate not in data-values`);
      continue;
    }
    const figure = document.createElement("figure");
    const still = document.createElement("img");
    still.src = frame(i);
    still.alt = `${box.dataset.alt} at η = ${values[i]}`;
    const caption = document.createElement("figcaption");
    caption.textContent = `η = ${values[i]}`;
    figure.append(still, caption);
    frames.append(figure);
  }
  box.append(frames);
});
