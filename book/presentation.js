// Presentation mode, for a projector: the button in the menu bar (book/theme/header.hbs puts
// it on the page, this script moves it into the bar) switches it on and off, and the choice
// is remembered (localStorage) from page to page. It is off until switched on.
//
// In presentation mode the page shows one slide at a time: the chapter's opening (its title
// up to the first ## heading), then each ## section. stepsize.css sets large type, makes the
// slide exactly one screen high (a longer section scrolls inside it) and sizes code and
// output to the width of the screen; instructor material is hidden, since the class sees the
// screen. Keys: → or Page Down for the next slide, ← or Page Up for the previous one (past
// either end: the next or previous chapter), Home and End; ↑ and ↓ scroll inside a slide;
// Esc leaves the mode, as it leaves a slide show.
// Nothing changes on paper: every rule of the mode is for screens only.
(() => {
  const KEY = "stepsize-presentation";
  const AT_END = "stepsize-presentation-at-end"; // open the next page on its last slide
  const root = document.documentElement;
  const main = document.querySelector("main");
  const button = document.getElementById("stepsize-presentation-toggle");
  const bar = document.querySelector("#mdbook-menu-bar .right-buttons");
  // print.html is the whole book for paper: no slides there.
  if (!main || !button || !bar || /(^|\/)print\.html$/.test(location.pathname)) {
    root.classList.remove("presentation");
    return;
  }
  bar.prepend(button);

  const stored = () => {
    try {
      return localStorage.getItem(KEY) === "on";
    } catch {
      return false;
    }
  };
  const store = (on) => {
    try {
      if (on) localStorage.setItem(KEY, "on");
      else localStorage.removeItem(KEY);
    } catch {
      // private browsing without storage: the mode lasts for this page only
    }
  };

  // Slides: runs of main's children, a new one at each <h2>. Instructor blocks belong to
  // none (hidden in this mode); a slide left empty is no slide.
  const slides = [];
  let current = [];
  for (const child of main.children) {
    if (child.classList.contains("instructor-only") || child.tagName === "SCRIPT") continue;
    if (child.tagName === "H2" && current.length > 0) {
      slides.push(current);
      current = [];
    }
    current.push(child);
  }
  if (current.length > 0) slides.push(current);

  const counter = document.createElement("div");
  counter.className = "slide-counter";
  counter.setAttribute("aria-live", "polite");
  const previousButton = document.createElement("button");
  previousButton.type = "button";
  previousButton.textContent = "‹";
  previousButton.title = "Previous slide (← or Page Up)";
  const label = document.createElement("span");
  const nextButton = document.createElement("button");
  nextButton.type = "button";
  nextButton.textContent = "›";
  nextButton.title = "Next slide (→ or Page Down)";
  counter.append(previousButton, label, nextButton);
  document.body.append(counter);

  let shown = 0;
  const show = (k) => {
    shown = Math.max(0, Math.min(slides.length - 1, k));
    slides.forEach((slide, j) => {
      for (const el of slide) el.classList.toggle("off-slide", j !== shown);
    });
    label.textContent = `${shown + 1} / ${slides.length}`;
    main.dataset.slide = String(shown);
    main.scrollTop = 0;
  };
  const slideOf = (el) => slides.findIndex((slide) => slide.some((top) => top.contains(el)));
  const chapter = (rel) => document.querySelector(`.nav-chapters[rel~="${rel}"], a[rel~="${rel}"]`);

  const go = (step) => {
    const k = shown + step;
    if (k >= 0 && k < slides.length) return show(k);
    const link = chapter(step > 0 ? "next" : "prev");
    if (!link) return;
    try {
      if (step < 0) sessionStorage.setItem(AT_END, "1");
    } catch {
      // no storage: the previous chapter opens on its first slide
    }
    location.href = link.href;
  };

  // A link to a place on this page opens the slide that holds it.
  const showTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    const k = target ? slideOf(target) : -1;
    if (k < 0) return false;
    show(k);
    target.scrollIntoView({ block: "start" });
    return true;
  };

  const enter = () => {
    root.classList.add("presentation");
    button.setAttribute("aria-pressed", "true");
    main.tabIndex = -1; // focused, so ↑ and ↓ scroll the slide
    let atEnd = false;
    try {
      atEnd = sessionStorage.getItem(AT_END) === "1";
      sessionStorage.removeItem(AT_END);
    } catch {
      // no storage
    }
    if (!showTarget()) show(atEnd ? slides.length - 1 : 0);
    main.focus({ preventScroll: true });
  };
  const leave = () => {
    root.classList.remove("presentation");
    button.setAttribute("aria-pressed", "false");
    main.removeAttribute("tabindex");
    delete main.dataset.slide;
    for (const slide of slides) for (const el of slide) el.classList.remove("off-slide");
    if (!showTarget()) slides[shown]?.[0]?.scrollIntoView({ block: "start" });
  };

  button.addEventListener("click", () => {
    const on = !root.classList.contains("presentation");
    store(on);
    if (on) enter();
    else leave();
  });
  previousButton.addEventListener("click", () => go(-1));
  nextButton.addEventListener("click", () => go(1));
  window.addEventListener("hashchange", () => {
    if (root.classList.contains("presentation")) showTarget();
  });

  // Before mdBook's own keys (← and → change chapter): capture on window runs first.
  window.addEventListener(
    "keydown",
    (e) => {
      if (!root.classList.contains("presentation") || e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target;
      if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      const steps = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
      const keys = ["Home", "End", "Escape"];
      if (e.shiftKey || !(e.key in steps || keys.includes(e.key))) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (e.key === "Escape") {
        store(false);
        leave();
      } else if (e.key === "Home") show(0);
      else if (e.key === "End") show(slides.length - 1);
      else go(steps[e.key]);
    },
    true,
  );

  if (stored()) enter();
  else root.classList.remove("presentation");
})();
