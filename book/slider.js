// Learning-rate sliders: each swaps between figures that a Rust example generated, one per
// rate on a log grid. No mathematics happens here; the figures are the locked snapshots.
document.querySelectorAll(".lr-slider").forEach((box) => {
  const values = box.dataset.values.split(",");
  const input = box.querySelector("input");
  const img = box.querySelector("img");
  const label = box.querySelector("output");
  input.min = 0;
  input.max = values.length - 1;
  const show = () => {
    const i = Number(input.value);
    img.src = `${box.dataset.prefix}${String(i).padStart(2, "0")}.snap.svg`;
    img.alt = `${box.dataset.alt} at η = ${values[i]}`;
    label.textContent = `η = ${values[i]}`;
  };
  input.addEventListener("input", show);
  show();
});
