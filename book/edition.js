// The instructor edition shows what the student edition leaves out, marked as such
// (scripts/build-book.sh builds both; a plain `mdbook build` is the instructor edition).
//
// 1. Each block between the lines <!-- instructor --> and <!-- /instructor --> of a page's
//    source (solutions, speaker notes, answer keys) reaches the page as two HTML comments
//    around its content; the content is wrapped in a <div class="instructor-only">, which
//    stepsize.css draws with a rule down its left side under an "Instructor edition" label.
//    The student edition has no such comments: its pages lose the blocks at build time.
// 2. A page that only the instructor edition has (its title in SUMMARY.md ends in
//    "(instructor)") gets the same label across its top.
(() => {
  const main = document.querySelector("main");
  if (!main) return;

  // 1. The markers are top-level blocks of the page (tests/suite/teaching.rs checks that
  //    each sits on its own line between blank lines), so they are children of <main>.
  const isMarker = (node, text) => node.nodeType === Node.COMMENT_NODE && node.data.trim() === text;
  for (const open of [...main.childNodes].filter((n) => isMarker(n, "instructor"))) {
    const block = document.createElement("div");
    block.className = "instructor-only";
    open.after(block);
    while (block.nextSibling && !isMarker(block.nextSibling, "/instructor")) {
      block.append(block.nextSibling);
    }
  }

  // 2. Whole instructor pages: mdBook titles a page "<its SUMMARY title> - <book title>".
  if (/\(instructor\) - /.test(document.title)) {
    main.classList.add("instructor-page");
  }
})();
