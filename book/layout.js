// Page layout that CSS cannot do alone (book/stepsize.css holds the rest). Nothing is
// computed here, and the only text added is the printed line in place of each quiz.
//
// 1. Every figure opens full size on tap: each <img> in the page is wrapped in a link to
//    its own SVG file (slider.js keeps a slider's link on the frame it shows).
// 2. Printing opens every folded block (solutions, speaker notes) and closes them again
//    afterwards: CSS cannot open a <details>.
// 3. A quiz needs a reader to click, so paper leaves it out (stepsize.css) and prints one line
//    in its place saying where it is online.
// 4. A command breaks only between its words, never inside a flag: in inline code, each flag
//    is kept with its value (and a lone `--` with the flag after it) in a .nobr span.
// 5. On paper, text output shrinks to fit the page: each code block gets --cols, the length
//    of its longest line that must not wrap, which stepsize.css turns into a font size.
// 6. On a phone, a table too wide for the screen is shown row by row, each cell under its
//    column's name (class "stacked"; stepsize.css lays it out), instead of scrolling its
//    last columns out of sight.
(() => {
  const main = document.querySelector("main");
  if (!main) return;

  // 1. Zoom links.
  for (const img of main.querySelectorAll("img")) {
    if (img.closest("a")) continue;
    const link = document.createElement("a");
    link.className = "figure-zoom";
    link.href = img.getAttribute("src");
    link.title = "Open this figure full size";
    img.replaceWith(link);
    link.append(img);
  }

  // 2. Folded blocks print open.
  let opened = [];
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details:not([open])")) {
      details.open = true;
      opened.push(details);
    }
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
  });

  // 3. Where each quiz is online. On print.html the chapters follow one another in the order
  //    of the table of contents, each after a page break but the first: a quiz is in the
  //    chapter whose number is the count of page breaks before it.
  const chapters = [...document.querySelectorAll("#mdbook-sidebar .chapter a[href]")];
  const breaks = [...main.querySelectorAll('div[style*="break-before: page"]')];
  const pageOf = (quiz) => {
    if (!/(^|\/)print\.html$/.test(location.pathname)) return location.href.split("#")[0];
    const k = breaks.filter((b) => b.compareDocumentPosition(quiz) & Node.DOCUMENT_POSITION_FOLLOWING).length;
    return chapters[k] ? chapters[k].href : new URL("index.html", location.href).href;
  };
  for (const quiz of main.querySelectorAll(".quiz-placeholder")) {
    const note = document.createElement("p");
    note.className = "print-only quiz-print-note";
    const where = pageOf(quiz);
    note.append("Predict first: this quiz is in the online book, at ");
    const link = document.createElement("a");
    link.href = where;
    link.textContent = where;
    note.append(link, ".");
    quiz.after(note);
  }

  // 4. Commands keep their flags whole.
  for (const code of main.querySelectorAll(":not(pre) > code")) {
    if (code.children.length > 0 || !/(^|\s)--?[a-z]/.test(code.textContent)) continue;
    const groups = [];
    for (const word of code.textContent.split(" ")) {
      const last = groups.at(-1);
      const previous = last?.at(-1);
      const isValue = previous?.startsWith("-") && previous !== "--" && !word.startsWith("-");
      if (last && (previous === "--" || isValue)) last.push(word);
      else groups.push([word]);
    }
    code.replaceChildren();
    groups.forEach((group, k) => {
      if (k > 0) code.append(" ");
      const span = document.createElement("span");
      span.className = "nobr";
      span.textContent = group.join(" ");
      code.append(span);
    });
  }

  // 5. Code blocks: the longest line that must stay whole, for the printed font size. Table
  //    rows and indented code hold runs of spaces; a line of single-spaced words (such as
  //    "Figures written to ...: a.svg, b.svg, ...") may wrap instead.
  for (const code of main.querySelectorAll("pre > code")) {
    const lines = code.textContent.split("\n");
    const whole = lines.filter((line) => /\S {2,}\S|^ {2,}/.test(line));
    const longest = Math.max(0, ...(whole.length ? whole : lines).map((line) => line.length));
    code.style.setProperty("--cols", String(Math.max(longest, 40)));
  }

  // 6. Tables on a phone. Each cell gets its column's name (the text of the header cell,
  //    without KaTeX's hidden MathML); a table is stacked when, laid out normally, it is
  //    wider than its box.
  const tables = [...main.querySelectorAll("table")];
  for (const table of tables) {
    const names = [...table.querySelectorAll("thead th")].map((th) => {
      const copy = th.cloneNode(true);
      copy.querySelectorAll(".katex-mathml").forEach((m) => m.remove());
      return copy.textContent.trim();
    });
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.cells].forEach((cell, k) => (cell.dataset.label = names[k] ?? ""));
    }
  }
  const phone = window.matchMedia("only screen and (max-width: 600px)");
  const restack = () => {
    for (const table of tables) table.classList.remove("stacked");
    if (!phone.matches) return;
    const wide = tables.filter((table) => table.offsetWidth > table.parentElement.clientWidth + 1);
    for (const table of wide) table.classList.add("stacked");
  };
  restack();
  phone.addEventListener("change", restack);
  window.addEventListener("load", restack); // once the fonts are in, widths are final
})();
