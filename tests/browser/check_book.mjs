#!/usr/bin/env node
// Headless-Chromium check of the built book.
//
//   node tests/browser/check_book.mjs [BOOK_DIR] [--edition student|instructor] [--content-only]
//
// BOOK_DIR defaults to target/book of this repo. The edition (scripts/build-book.sh builds
// both) defaults to student for a folder named book-student, else instructor (a plain
// `mdbook build` is the instructor edition).
//
// Serves BOOK_DIR on 127.0.0.1 with a tiny static server, opens every chapter page in
// Debian's chromium (through playwright-core, no downloaded browser) and checks that:
//   a. every <img> in <main> loaded (complete, naturalWidth > 0);
//   b. math is pre-rendered: no .katex-error, KaTeX_Main really loaded, no raw $$ / \frac / \eta;
//   c. the page is offline: no request leaves 127.0.0.1 (such requests are aborted), and no
//      same-origin request fails (status >= 400 or a network error);
//   d. there are no console errors and no uncaught page errors;
//   e. every relative link in <main> points to an existing page and, with a #fragment, to an
//      existing id on that page. External links are listed, never fetched;
//   f. every learning-rate slider swaps its figure when moved, and the new figure loads;
//   g. every quiz renders, and answering it with its own answer key scores full marks;
//   h. every figure is wrapped in a link to its own SVG file (a tap opens it full size), and a
//      slider's link follows the frame it shows;
//   i. on a phone (390 px wide, every folded block open): the page does not scroll sideways
//      (document.scrollingElement.scrollWidth <= innerWidth); nothing in main sticks out of
//      the screen unless it sits in a box that scrolls sideways and itself fits (display maths,
//      tables, code); each .katex-display fits or scrolls; each slider's track is >= 250 px.
// print.html is checked for figures, math and that its quizzes render, and then on paper:
//   j. laid out for print at the width of an A4 page, with every folded block opened by the
//      page's own beforeprint handler, nothing in main is wider than the page (tables and code
//      wrap or shrink), quizzes are hidden and each leaves a visible line saying where it is
//      online, and every slider shows a row of frames (its live control hidden);
//   k. print.html printed to PDF (A4) by Chromium contains the text of every folded block
//      (solutions and speaker notes: text inside <details>, outside maths), read back with
//      pdftotext (poppler-utils);
//   l. the handout printed to PDF is exactly one page on A4 and on Letter (pages counted by
//      pdfinfo if installed, else by counting /Type /Page objects).
// A full-page screenshot of every page but print.html goes to the folder `screenshots` beside
// BOOK_DIR (target/screenshots by default), at 1280 px and at 390 px (screenshots/390/); the
// PDFs go there too (print-A4.pdf pictures print.html).
//   m. the edition: the student edition has no instructor block, no solutions, no speaker
//      notes and none of the instructor's pages (book/SUMMARY.md titles them "(instructor)"),
//      nor does its search index or print.html; the instructor edition has all of them, and
//      draws each instructor block with a rule and an "Instructor edition" label;
//   n. presentation mode (one chapter, instructor edition): the menu bar's button switches it
//      on; at 1280 x 720 the type is larger, the page does not scroll and one slide shows,
//      which fits the screen or scrolls inside it; the keys move between slides; the mode is
//      remembered on reload and changes nothing on paper; Esc leaves it; switched off, the page
//      is as before.
// With --content-only (the second edition in scripts/test-all.sh), each page is loaded once at
// 1280 px for a-f, h and m (no quiz answering, no phone, no paper, no presentation mode).
// Prints one line per page (and one, "printed", for j-l) and `N passed, M failed`; exits 0 if
// every page passed, else 1. CHECK_ONLY=intuition.html,printed limits the run to those.

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const k = args.indexOf(name);
  return k < 0 ? undefined : args.splice(k, 2)[1];
};
const EDITION_ARG = option('--edition');
const CONTENT_ONLY = args.includes('--content-only');
const positional = args.filter((a) => !a.startsWith('--'));
const bookDir = resolve(positional[0] ?? join(here, '..', '..', 'target', 'book'));
const EDITION = EDITION_ARG ?? (basename(bookDir) === 'book-student' ? 'student' : 'instructor');
if (!['student', 'instructor'].includes(EDITION)) {
  console.error(`check_book: --edition is student or instructor, not ${EDITION}`);
  process.exit(2);
}
// target/book -> target/screenshots; target/book-student -> target/screenshots-student.
const shotDir = join(dirname(bookDir), basename(bookDir).replace(/^book/, 'screenshots'));
// m. The instructor's pages: those whose title in book/SUMMARY.md ends in "(instructor)".
const INSTRUCTOR_PAGES = readFileSync(join(here, '..', '..', 'book', 'SUMMARY.md'), 'utf8')
  .split('\n')
  .map((line) => /\[(.*)\]\((.*)\.md\)/.exec(line))
  .filter((m) => m && /\(instructor\)\s*$/.test(m[1]))
  .map((m) => `${m[2]}.html`);
// n. The page presentation mode is tried on, and the screen it is tried at (a projector's).
const PRESENTATION_PAGE = 'too_high_too_low.html';
const PROJECTOR = { width: 1280, height: 720 };
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// mdBook's generated helper pages: not chapters. print.html still gets figures + math checks.
const HELPERS = new Set(['404.html', 'print.html', 'toc.html']);
const PRINT = 'print.html';
const HANDOUT = 'teaching/handout.html';

// A phone's width, and the width of the text on an A4 page (210 mm less the 2 x 14 mm side
// margins of stepsize.css's @page, at 96 px per inch, rounded down).
const PHONE_WIDTH = 390;
const A4_TEXT_WIDTH = 686;

// ---------------------------------------------------------------------------------------------
// Static file server (loopback only, ephemeral port).

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.snap': 'text/plain; charset=utf-8',
};

/** Map a URL path to a file inside `root`, or null if it would escape `root`. */
function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, '.' + path);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** Start serving `root`; resolves to { server, origin }. */
async function serve(root) {
  const server = createServer(async (req, res) => {
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 not found\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let file = fileFor(root, new URL(req.url, 'http://127.0.0.1').pathname);
    if (!file) return notFound();
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      if (!info.isFile()) return notFound();
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      notFound();
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// ---------------------------------------------------------------------------------------------
// Link targets: fetched once each from the local server (never through the browser).

const targetCache = new Map(); // pathname -> Promise<{ status, html }>

function fetchTarget(origin, pathname) {
  if (!targetCache.has(pathname)) {
    targetCache.set(
      pathname,
      fetch(origin + pathname).then(
        async (r) => ({ status: r.status, html: r.ok ? await r.text() : '' }),
        (err) => ({ status: `error: ${err.message}`, html: '' }),
      ),
    );
  }
  return targetCache.get(pathname);
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does the HTML text carry an element with this id? */
function hasId(html, id) {
  return new RegExp(`\\sid=(["']?)${escapeRegExp(id)}\\1[\\s>/]`).test(html);
}

// ---------------------------------------------------------------------------------------------
// In-page probes (these functions run inside the browser).

/** Every <img> in main: src and whether it really loaded. */
function probeImages() {
  return [...document.querySelectorAll('main img')].map((img) => ({
    src: img.getAttribute('src'),
    ok: img.complete && img.naturalWidth > 0,
  }));
}

/** KaTeX state and visible text outside math and code, to look for unrendered TeX. */
async function probeMath() {
  const katex = document.querySelectorAll('.katex').length;
  const errors = [...document.querySelectorAll('.katex-error')].map((e) =>
    (e.getAttribute('title') || e.textContent).slice(0, 80),
  );
  let fontCheck = null;
  let fontLoaded = null;
  if (katex > 0) {
    await document.fonts.ready;
    fontCheck = document.fonts.check('16px KaTeX_Main');
    // check() is also true when no KaTeX_Main face exists at all (e.g. the CSS did not load),
    // so also require a KaTeX_Main face that actually finished loading.
    fontLoaded = [...document.fonts].some(
      (f) => f.family.replace(/["']/g, '') === 'KaTeX_Main' && f.status === 'loaded',
    );
  }
  // Visible text of main, skipping rendered math and code blocks (code may quote TeX).
  const main = document.querySelector('main');
  let text = '';
  if (main) {
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => {
        const el = node.parentElement;
        if (!el || el.closest('.katex, .katex-display, pre, code, script, style')) {
          return NodeFilter.FILTER_REJECT;
        }
        return el.checkVisibility() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    while (walker.nextNode()) text += walker.currentNode.data;
  }
  const raw = ['$$', '\\frac', '\\eta'].filter((s) => text.includes(s));
  return { katex, errors, fontCheck, fontLoaded, raw };
}

/** Every <a href> in main, as written and as resolved by the browser. */
function probeLinks() {
  return [...document.querySelectorAll('main a[href]')].map((a) => ({
    raw: a.getAttribute('href'),
    url: a.href,
  }));
}

/** h. Every <img> in main and the link around it (null if none). */
function probeZoom() {
  return [...document.querySelectorAll('main img')].map((img) => {
    const link = img.closest('a[href]');
    return { src: img.getAttribute('src'), url: img.src, link: link ? link.href : null };
  });
}

/**
 * m. What of the instructor's material a page shows: the instructor-block markers left in the
 * page, the blocks edition.js drew (with their left rule and label), the solutions and speaker
 * notes, and the links and sidebar entries to the instructor's pages.
 */
function probeEdition(instructorPages) {
  const main = document.querySelector('main');
  const comments = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) {
    const text = walker.currentNode.data.trim();
    if (text === 'instructor' || text === '/instructor') comments.push(text);
  }
  const blocks = [...main.querySelectorAll('.instructor-only')].map((block) => {
    const style = getComputedStyle(block);
    return {
      rule: parseFloat(style.borderInlineStartWidth) >= 3 && style.borderInlineStartStyle !== 'none',
      label: getComputedStyle(block, '::before').content,
      shown: block.getBoundingClientRect().height > 0,
    };
  });
  const inBlock = (el) => el.closest('.instructor-only') !== null;
  const h2 = [...main.querySelectorAll('h2')];
  const solutions = h2.filter((h) => /^solutions?$/i.test(h.textContent.trim()));
  const notes = [...main.querySelectorAll('summary')].filter((s) => /speaker notes/i.test(s.textContent));
  const here = new URL(location.href);
  const toInstructor = (href) => {
    const url = new URL(href, here);
    return url.origin === here.origin && instructorPages.some((p) => url.pathname.endsWith('/' + p));
  };
  return {
    comments: comments.length,
    blocks,
    exercises: h2.some((h) => /^exercises$/i.test(h.textContent.trim())),
    solutions: solutions.length,
    solutionsOutside: solutions.filter((h) => !inBlock(h)).length,
    notes: notes.length,
    notesOutside: notes.filter((s) => !inBlock(s)).length,
    speakerText: /speaker notes/i.test(main.textContent),
    linksToInstructor: [...main.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter(toInstructor),
    sidebarInstructor: [...document.querySelectorAll('#mdbook-sidebar a[href]')]
      .filter((a) => toInstructor(a.href) || /\(instructor\)/.test(a.textContent))
      .map((a) => a.textContent.trim()),
    instructorPage: main.classList.contains('instructor-page'),
  };
}

/** m. (Runs in Node, on probeEdition's answer.) What a page of this edition must not show, or must. */
function judgeEdition(name, e) {
  const failures = [];
  if (EDITION === 'student') {
    if (e.comments > 0) failures.push(`student edition: ${e.comments} instructor-block markers left in the page`);
    if (e.blocks.length > 0) failures.push(`student edition: ${e.blocks.length} instructor blocks shown`);
    if (e.solutions > 0) failures.push('student edition: a "Solutions" section');
    if (e.notes > 0 || e.speakerText) failures.push('student edition: speaker notes');
    for (const href of e.linksToInstructor) failures.push(`student edition: a link to the instructor's page ${href}`);
    for (const title of e.sidebarInstructor) failures.push(`student edition: the sidebar lists the instructor's page "${title}"`);
  } else {
    if (e.blocks.length * 2 !== e.comments) {
      failures.push(`instructor edition: ${e.comments} markers but ${e.blocks.length} blocks drawn`);
    }
    for (const [k, b] of e.blocks.entries()) {
      if (!b.rule) failures.push(`instructor edition: block ${k + 1} has no rule down its side`);
      if (!/Instructor edition/.test(b.label)) failures.push(`instructor edition: block ${k + 1} has no "Instructor edition" label`);
      if (!b.shown) failures.push(`instructor edition: block ${k + 1} is not shown`);
    }
    if (e.exercises && e.solutions === 0) failures.push('instructor edition: exercises but no "Solutions" section');
    if (e.solutionsOutside > 0 || e.notesOutside > 0) {
      failures.push('instructor edition: solutions or speaker notes outside an instructor block');
    }
    if (INSTRUCTOR_PAGES.includes(name) !== e.instructorPage) {
      failures.push(`instructor edition: ${e.instructorPage ? 'labelled' : 'not labelled'} as an instructor page`);
    }
  }
  return failures;
}

/** Open every folded block, as a reader would (or as printing does). */
function openAllDetails() {
  for (const d of document.querySelectorAll('details')) d.open = true;
}

/**
 * Elements of main that stick out of [0, width] horizontally, outermost first, and boxes that
 * cut off their content. With `scrollOk` (a screen), an element inside a box that scrolls
 * sideways (overflow-x auto or scroll) is fine as long as that box itself fits, and so is a
 * box that scrolls. Returns short descriptions, at most `max`.
 */
function probeSticksOut({ width, scrollOk, max }) {
  const main = document.querySelector('main');
  if (!main) return [];
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const r = el.getBoundingClientRect();
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return `<${el.tagName.toLowerCase()}${cls}> ${Math.round(r.left)}..${Math.round(r.right)} px "${text}"`;
  };
  const scrolls = (el) => /^(auto|scroll)$/.test(getComputedStyle(el).overflowX);
  const fits = (r) => r.left >= -1 && r.right <= width + 1;
  const bad = new Set();
  const out = [];
  for (const el of main.querySelectorAll('*')) {
    // MathML for screen readers (clipped to 1 px), and the insides of an SVG: the <svg> counts.
    if (el.closest('.katex-mathml') || (el instanceof SVGElement && el.tagName !== 'svg')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || fits(r)) continue;
    // The nearest box below main that cuts its content off decides: one that scrolls sideways
    // is fine if it fits (on screen, not on paper); inside a formula, one that hides the
    // overflow on purpose (KaTeX's stretchy delimiters and roots) is judged by its own box.
    let ok = false;
    for (let box = el.parentElement; box && box !== main; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === 'visible') continue;
      ok = scrolls(box) ? scrollOk && fits(box.getBoundingClientRect()) : box.closest('.katex') !== null;
      break;
    }
    if (ok) continue;
    bad.add(el);
    if (!bad.has(el.parentElement) && out.length < max) out.push(describe(el));
  }
  // A box that cuts off its own content (text in a code block has no element to stick out):
  // on screen it must scroll, on paper nothing may be cut off. KaTeX's boxes are left out,
  // they crop on purpose.
  for (const el of main.querySelectorAll('*')) {
    const overflow = getComputedStyle(el).overflowX;
    if (overflow === 'visible' || el.closest('.katex') || el.scrollWidth <= el.clientWidth + 1) continue;
    if (scrollOk && scrolls(el)) continue;
    if (out.length < max) out.push(`${describe(el)} cuts off ${el.scrollWidth - el.clientWidth} px of its content`);
  }
  return out;
}

/** i. The phone checks that are not about single elements. */
function probePhone() {
  const width = window.innerWidth;
  const scrollWidth = document.scrollingElement.scrollWidth;
  const maths = [...document.querySelectorAll('main .katex-display')]
    .filter((el) => el.getBoundingClientRect().width > 0)
    .map((el) => {
      const r = el.getBoundingClientRect();
      return {
        text: (el.querySelector('annotation')?.textContent ?? el.textContent).trim().slice(0, 60),
        fits: el.scrollWidth <= el.clientWidth + 1,
        scrolls: /^(auto|scroll)$/.test(getComputedStyle(el).overflowX),
        onScreen: r.left >= -1 && r.right <= width + 1,
      };
    });
  const tracks = [...document.querySelectorAll('main .lr-slider input[type=range]')].map(
    (input) => input.getBoundingClientRect().width,
  );
  return { width, scrollWidth, maths, tracks };
}

/** j. Print layout: quizzes, their notes and the sliders' frames as printed. */
function probePrintLayout() {
  const shown = (el) => el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden';
  const quizzes = [...document.querySelectorAll('main .quiz-placeholder')];
  const sliders = [...document.querySelectorAll('main .lr-slider')].map((box) => ({
    liveShown: [...box.querySelectorAll(':scope > label, :scope > img, :scope > a')].some(shown),
    frames: [...box.querySelectorAll('.lr-slider-frames figure')].filter(shown).map((f) => ({
      ok: f.querySelector('img').naturalWidth > 0,
      caption: f.querySelector('figcaption')?.textContent ?? '',
    })),
  }));
  const details = [...document.querySelectorAll('main details')];
  return {
    quizzes: quizzes.length,
    quizzesShown: quizzes.filter(shown).length,
    notesShown: [...document.querySelectorAll('main .quiz-print-note')].filter(shown).length,
    sliders,
    details: details.length,
    detailsOpen: details.filter((d) => d.open).length,
  };
}

/**
 * k. The text of every folded block, in chunks: text outside maths, split at block boundaries
 * (a list's numbers and a table's layout are the PDF's own).
 */
function probeFoldedText() {
  const BLOCK = /^(P|LI|UL|OL|PRE|TABLE|TR|TD|TH|DIV|SUMMARY|H[1-6]|BLOCKQUOTE)$/;
  return [...document.querySelectorAll('main details')].map((details) => {
    const chunks = [];
    let current = '';
    const cut = () => {
      chunks.push(current);
      current = '';
    };
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          current += child.data;
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.matches('.katex, .katex-display, script, style, button, .buttons')) {
            cut();
            continue;
          }
          const block = BLOCK.test(child.tagName);
          if (block) cut();
          walk(child);
          if (block) cut();
        }
      }
    };
    walk(details);
    cut();
    return { title: details.querySelector('summary')?.textContent.trim() ?? '(no summary)', chunks };
  });
}

/** Letters and digits only, lower case: PDF text and HTML text compare equal whatever the line breaks. */
const squeeze = (s) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Pages in a PDF: pdfinfo if installed, else the /Type /Page objects. */
function pdfPageCount(file, bytes) {
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /^Pages:\s+(\d+)/m.exec(info);
    if (m) return { pages: Number(m[1]), how: 'pdfinfo' };
  } catch {
    // not installed: count the page objects
  }
  return { pages: (bytes.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length, how: '/Type /Page' };
}

/**
 * A new page in `context` that never prints by itself. mdBook's print.html calls
 * window.print() once loaded; in headless Chromium that starts a print job that never ends
 * (and page.pdf then fails with "Page is already being printed"). The check prints with
 * page.pdf instead, which fires beforeprint and afterprint like a real print.
 */
async function newPage(context) {
  await context.addInitScript(() => {
    window.print = () => {};
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

/**
 * Go to `url` and wait until it has loaded and the network is quiet. "networkidle" alone can
 * come while a long page (print.html) is still being parsed.
 */
async function load(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
}

// ---------------------------------------------------------------------------------------------
// One page.

/** m. Solutions, speaker notes and instructor blocks seen on the chapter pages, all told. */
const totals = { solutions: 0, notes: 0, blocks: 0 };

/**
 * Load `name` and run the checks. `full` = all checks (chapters); otherwise figures + math only.
 * Returns { failures: string[], summary: string, external: string[] }.
 */
async function checkPage(browser, origin, name, full) {
  const failures = new Set(); // a message is reported once (e.g. a figure's zoom copy)
  const fail = (msg) => failures.add(msg);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);

  // c. offline: abort anything not on 127.0.0.1 before it reaches the network.
  const offHost = new Set();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    const { protocol, hostname } = new URL(url);
    if (hostname === '127.0.0.1' || protocol === 'data:' || protocol === 'blob:') {
      return route.continue(); // the local server, or content that never leaves the page
    }
    offHost.add(url);
    return route.abort('blockedbyclient');
  });

  // c. same-origin requests that failed; d. console errors and page errors.
  const badRequests = new Map(); // url -> reason
  const consoleErrors = [];
  const pageErrors = [];
  const sameOrigin = (url) => url.startsWith(origin + '/');
  page.on('response', (r) => {
    if (r.status() >= 400 && sameOrigin(r.url())) badRequests.set(r.url(), `HTTP ${r.status()}`);
  });
  page.on('requestfailed', (r) => {
    // Keep an HTTP status seen first: a 404 font is also reported here as ERR_ABORTED.
    if (sameOrigin(r.url()) && !badRequests.has(r.url())) {
      badRequests.set(r.url(), r.failure()?.errorText ?? 'failed');
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location().url });
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));

  let summary = '';
  let external = [];
  try {
    await load(page, `${origin}/${name}`);

    // a. figures
    const images = await page.evaluate(probeImages);
    for (const img of images) if (!img.ok) fail(`broken image ${img.src}`);
    const figures = new Set(images.map((i) => i.src)).size;

    // h. zoom links: every figure opens its own SVG file.
    for (const z of await page.evaluate(probeZoom)) {
      if (!z.link) fail(`figure ${z.src} is not wrapped in a link (no zoom on tap)`);
      else if (z.link !== z.url) fail(`figure ${z.src}: its link goes to ${z.link}, not to the figure`);
    }

    // b. math
    const math = await page.evaluate(probeMath);
    for (const e of math.errors) fail(`KaTeX error: ${e}`);
    if (math.katex > 0 && !math.fontCheck) fail(`KaTeX font: document.fonts.check('16px KaTeX_Main') is false`);
    if (math.katex > 0 && !math.fontLoaded) fail('KaTeX font: no KaTeX_Main font face loaded');
    for (const r of math.raw) fail(`unrendered math: visible text contains ${r}`);
    summary = `${figures} figure${figures === 1 ? '' : 's'}, ${math.katex} math`;

    // m. the edition
    const edition = await page.evaluate(probeEdition, INSTRUCTOR_PAGES);
    for (const f of judgeEdition(name, edition)) fail(f);
    if (name !== PRINT) {
      totals.solutions += edition.solutions;
      totals.notes += edition.notes;
      totals.blocks += edition.blocks.length;
    }
    if (edition.blocks.length > 0) summary += `, ${edition.blocks.length} instructor block${edition.blocks.length === 1 ? '' : 's'}`;

    // f. learning-rate sliders: moving one to each end swaps in a figure that loads, and the
    //    label follows.
    const sliders = await page.$$('.lr-slider');
    for (const [k, box] of sliders.entries()) {
      for (const end of ['min', 'max']) {
        const before = await box.$eval('img', (img) => img.getAttribute('src'));
        const after = await box.evaluate(async (el, end) => {
          const input = el.querySelector('input');
          input.value = input[end];
          input.dispatchEvent(new Event('input'));
          const img = el.querySelector('img');
          await new Promise((done) => (img.complete ? done() : img.addEventListener('load', done, { once: true })));
          return {
            src: img.getAttribute('src'),
            ok: img.naturalWidth > 0,
            label: el.querySelector('output').textContent,
            linkFollows: img.closest('a[href]')?.href === img.src,
          };
        }, end);
        if (after.src === before && end === 'max') fail(`slider ${k + 1}: moving it did not change the figure`);
        if (!after.ok) fail(`slider ${k + 1}: figure ${after.src} did not load`);
        if (!after.label.startsWith('η = ')) fail(`slider ${k + 1}: label "${after.label}"`);
        if (!after.linkFollows) fail(`slider ${k + 1}: its zoom link does not follow the frame shown`);
      }
    }
    if (sliders.length > 0) summary += `, ${sliders.length} slider${sliders.length === 1 ? '' : 's'}`;

    // g. quizzes: each one rendered (its Start button is there) and, on chapter pages,
    //    answering with its own answer key scores full marks.
    const quizBoxes = page.locator('.quiz-placeholder');
    const quizCount = await quizBoxes.count();
    for (let k = 0; k < quizCount; k++) {
      const box = quizBoxes.nth(k);
      const start = box.locator('button', { hasText: 'Start' });
      if ((await start.count()) !== 1) {
        fail(`quiz ${k + 1}: did not render (no Start button)`);
        continue;
      }
      if (!full || CONTENT_ONLY) continue;
      const quiz = JSON.parse(await box.getAttribute('data-quiz-questions'));
      await start.click();
      for (const question of quiz.questions) {
        for (const answer of [question.answer.answer].flat()) {
          const exactly = new RegExp(`^\\s*${escapeRegExp(answer)}\\s*$`);
          await box.locator('label').filter({ hasText: exactly }).click();
        }
        await box.locator('input[type=submit]').click();
      }
      const n = quiz.questions.length;
      const text = await box.innerText();
      if (!text.includes(`You answered ${n}/${n} questions correctly`)) {
        fail(`quiz ${k + 1}: its own answer key did not score ${n}/${n}`);
      }
    }
    if (quizCount > 0) summary += `, ${quizCount} quiz${quizCount === 1 ? '' : 'zes'}`;

    if (full) {
      // e. links in main
      const links = await page.evaluate(probeLinks);
      const ext = new Set();
      for (const { raw, url: href } of links) {
        const url = new URL(href);
        if (url.origin === origin) {
          const target = await fetchTarget(origin, url.pathname);
          if (target.status !== 200) {
            fail(`broken link ${raw} (HTTP ${target.status})`);
          } else if (url.hash.length > 1) {
            const id = decodeURIComponent(url.hash.slice(1));
            if (!hasId(target.html, id)) fail(`broken link ${raw}: no id "${id}" on ${url.pathname.slice(1)}`);
          }
        } else if (url.protocol === 'http:' || url.protocol === 'https:') {
          ext.add(href);
        } // mailto: and the like: neither checked nor listed.
      }
      external = [...ext];
      summary += `, ${links.length} link${links.length === 1 ? '' : 's'}`;
      if (external.length) summary += ` (${external.length} external)`;

      // c. offline + failed requests
      for (const url of offHost) fail(`request off 127.0.0.1 (aborted): ${url}`);
      for (const [url, why] of badRequests) fail(`request failed: ${url.slice(origin.length + 1)} (${why})`);

      // d. console + page errors; "Failed to load resource" for a request already reported
      // above says nothing new, so it is left out.
      for (const { text, url } of consoleErrors) {
        if (/^Failed to load resource/.test(text) && (badRequests.has(url) || offHost.has(url))) continue;
        fail(`console error: ${text}`);
      }
      for (const e of pageErrors) fail(`page error: ${e}`);
    }

    // print.html, the whole book on one page, is pictured by its PDF instead (print-A4.pdf).
    if (name !== PRINT) {
      await page.screenshot({ path: join(shotDir, name.replace(/\.html$/, '.png').replaceAll('/', '_')), fullPage: true });
    }
  } catch (err) {
    fail(`could not check page: ${err.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { failures: [...failures], summary, external };
}

/**
 * i. One page on a phone: 390 px wide, every folded block open. Returns failure messages.
 */
async function checkPhone(browser, origin, name) {
  const failures = [];
  const context = await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 844 } });
  const page = await newPage(context);
  await page.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
  );
  try {
    await load(page, `${origin}/${name}`);
    await page.evaluate(openAllDetails);
    const phone = await page.evaluate(probePhone);
    if (phone.scrollWidth > phone.width) {
      failures.push(`at ${PHONE_WIDTH} px the page scrolls sideways (scrollWidth ${phone.scrollWidth} > ${phone.width})`);
    }
    for (const m of phone.maths) {
      if (!m.onScreen) failures.push(`at ${PHONE_WIDTH} px display maths sticks out of the screen: ${m.text}`);
      else if (!m.fits && !m.scrolls) failures.push(`at ${PHONE_WIDTH} px display maths is clipped and cannot scroll: ${m.text}`);
    }
    for (const [k, w] of phone.tracks.entries()) {
      if (w < 250) failures.push(`at ${PHONE_WIDTH} px slider ${k + 1}'s track is ${Math.round(w)} px wide (< 250)`);
    }
    const out = await page.evaluate(probeSticksOut, { width: phone.width, scrollOk: true, max: 5 });
    for (const o of out) failures.push(`at ${PHONE_WIDTH} px, cut off at the screen's edge: ${o}`);
    if (name !== PRINT) {
      await page.screenshot({ path: join(shotDir, '390', name.replace(/\.html$/, '.png').replaceAll('/', '_')), fullPage: true });
    }
  } catch (err) {
    failures.push(`could not check page at ${PHONE_WIDTH} px: ${err.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return failures;
}

/** k. print.html on A4: every folded block's text is in the PDF. Returns failure messages. */
async function checkPrintPdf(page) {
  const failures = [];
  const folded = await page.evaluate(probeFoldedText);
  const file = join(shotDir, 'print-A4.pdf');
  const bytes = await page.pdf({ path: file, format: 'A4' });
  const { pages } = pdfPageCount(file, bytes);
  // pdftotext reads a page in two orders, and each puts some inline maths or a code block in
  // the middle of a sentence now and then: a clause counts as printed if either order has it.
  let texts;
  try {
    texts = [[], ['-raw']].map((mode) =>
      squeeze(execFileSync('pdftotext', [...mode, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })),
    );
  } catch (err) {
    return { pages, failures: [`cannot read the PDF's text (pdftotext, from poppler-utils): ${err.message.split('\n')[0]}`] };
  }
  let clauses = 0;
  for (const { title, chunks } of folded) {
    // Clause by clause: a formula's text in the PDF can land in the middle of a sentence.
    for (const part of chunks.flatMap((c) => c.split(/[,.;:!?]/))) {
      const want = squeeze(part);
      if (want.length < 12) continue; // a word or two between formulas: nothing to find
      clauses++;
      if (!texts.some((text) => text.includes(want))) {
        failures.push(`print.html PDF lacks text of the folded block "${title}": "${part.replace(/\s+/g, ' ').trim().slice(0, 70)}"`);
        break; // one message per block
      }
    }
  }
  // The student edition has no folded blocks: they are all solutions and speaker notes.
  if (folded.length === 0 && EDITION === 'instructor') failures.push('print.html has no folded blocks (<details>) to check');
  return { pages, folded: folded.length, clauses, failures };
}

/**
 * j, k, l: print.html laid out for paper and printed to PDF, and the handout on A4 and Letter.
 * Returns { failures, summary }.
 */
async function checkPaper(browser, origin, hasPrint) {
  const failures = [];
  const notes = [];
  const context = await browser.newContext({ viewport: { width: A4_TEXT_WIDTH, height: 1100 } });
  const page = await newPage(context);
  page.setDefaultTimeout(120_000);
  await page.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
  );
  try {
    // l. the handout: one page on A4 and on Letter.
    await load(page, `${origin}/${HANDOUT}`);
    for (const format of ['A4', 'Letter']) {
      const file = join(shotDir, `handout-${format}.pdf`);
      const bytes = await page.pdf({ path: file, format });
      const { pages, how } = pdfPageCount(file, bytes);
      notes.push(`handout ${format}: ${pages} page${pages === 1 ? '' : 's'} (${how})`);
      if (pages !== 1) failures.push(`the handout prints as ${pages} pages on ${format}, not 1`);
    }

    if (hasPrint) {
      // j. print layout at the width of an A4 page, folded blocks opened by the page's own
      //    beforeprint handler.
      await load(page, `${origin}/${PRINT}`);
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      const layout = await page.evaluate(probePrintLayout);
      if (layout.detailsOpen !== layout.details) {
        failures.push(`print.html: beforeprint opened ${layout.detailsOpen} of ${layout.details} folded blocks`);
      }
      if (layout.quizzesShown > 0) failures.push(`print.html: ${layout.quizzesShown} quizzes are shown on paper`);
      if (layout.notesShown !== layout.quizzes) {
        failures.push(`print.html: ${layout.quizzes} quizzes but ${layout.notesShown} printed lines saying where they are online`);
      }
      for (const [k, slider] of layout.sliders.entries()) {
        if (slider.liveShown) failures.push(`print.html: slider ${k + 1} prints its live control`);
        if (slider.frames.length < 2) failures.push(`print.html: slider ${k + 1} prints ${slider.frames.length} frames`);
        for (const f of slider.frames) {
          if (!f.ok) failures.push(`print.html: slider ${k + 1}'s frame ${f.caption} did not load`);
          if (!f.caption.startsWith('η = ')) failures.push(`print.html: slider ${k + 1}'s frame has caption "${f.caption}"`);
        }
      }
      const out = await page.evaluate(probeSticksOut, { width: A4_TEXT_WIDTH, scrollOk: false, max: 10 });
      for (const o of out) failures.push(`print.html on A4, wider than the page or cut off: ${o}`);
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: null });
      const closed = await page.evaluate(() => [...document.querySelectorAll('main details')].filter((d) => !d.open).length);
      if (closed !== layout.details) failures.push(`print.html: afterprint left ${layout.details - closed} folded blocks open`);
      notes.push(`print.html: ${layout.details} folded blocks, ${layout.quizzes} quiz notes, ${layout.sliders.length} sliders as frames`);

      // k. the real thing: Chromium's print to PDF fires beforeprint itself.
      const pdf = await checkPrintPdf(page);
      failures.push(...pdf.failures);
      notes.push(`print.html A4: ${pdf.pages} pages, ${pdf.clauses} clauses of the ${pdf.folded} folded blocks looked for in its text`);
      const still = await page.evaluate(() => [...document.querySelectorAll('main details')].filter((d) => d.open).length);
      if (still !== 0) failures.push(`print.html: ${still} folded blocks stayed open after printing`);
    }
  } catch (err) {
    failures.push(`could not check the printed pages: ${err.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { failures, summary: notes.join('; ') };
}

/**
 * m. The book as a whole: which of the instructor's pages exist, what the search index and the
 * Moodle export give away, and whether the chapter pages showed any solutions or notes.
 */
async function checkEdition(origin) {
  const failures = [];
  const student = EDITION === 'student';
  const must = (ok, message) => ok || failures.push(`${EDITION} edition: ${message}`);
  for (const path of [...INSTRUCTOR_PAGES, 'snapshots/quizzes.snap.gift']) {
    const { status } = await fetchTarget(origin, '/' + path);
    must(student ? status === 404 : status === 200, `${path} answers HTTP ${status}`);
  }
  const index = (await readdir(bookDir)).find((f) => /^searchindex.*\.js(on)?$/.test(f));
  if (!index) {
    failures.push('no search index (searchindex*.js) in the book');
  } else {
    const text = readFileSync(join(bookDir, index), 'utf8');
    must(student !== /Speaker notes/.test(text), `the search index ${student ? 'has' : 'lacks'} the speaker notes`);
    for (const path of INSTRUCTOR_PAGES) {
      must(student !== text.includes(path), `the search index ${student ? 'has' : 'lacks'} ${path}`);
    }
  }
  const { solutions, notes, blocks } = totals;
  if (student) must(solutions + notes + blocks === 0, `the pages show ${solutions} solutions sections, ${notes} speaker notes`);
  else must(solutions > 0 && notes > 0 && blocks > 0, `the pages show ${solutions} solutions sections, ${notes} speaker notes, ${blocks} blocks`);
  const pages = INSTRUCTOR_PAGES.join(', ');
  const summary = student
    ? `no ${pages}, no Moodle export, nothing of them in the search index; no solutions, speaker notes or instructor blocks on any page`
    : `${pages} and the Moodle export present; ${solutions} solutions sections, ${notes} speaker notes, ${blocks} instructor blocks, all marked`;
  return { failures, summary };
}

/** n. Presentation mode at a projector's size, and on a phone. Returns { failures, summary }. */
async function checkPresentation(browser, origin) {
  const failures = [];
  const fail = (m) => failures.push(m);
  const context = await browser.newContext({ viewport: PROJECTOR });
  const page = await newPage(context);
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // State of the page: the mode, the font, the scroll, and which slide shows.
  const probe = () =>
    page.evaluate(() => {
      const main = document.querySelector('main');
      const shown = [...main.children].filter((el) => el.getBoundingClientRect().height > 0);
      const r = main.getBoundingClientRect();
      const code = main.querySelector('pre > code');
      return {
        on: document.documentElement.classList.contains('presentation'),
        stored: localStorage.getItem('stepsize-presentation'),
        pressed: document.getElementById('stepsize-presentation-toggle')?.getAttribute('aria-pressed'),
        inBar: document.querySelector('#mdbook-menu-bar #stepsize-presentation-toggle') !== null,
        font: parseFloat(getComputedStyle(main).fontSize),
        codeFont: code && code.getBoundingClientRect().height > 0 ? parseFloat(getComputedStyle(code).fontSize) : null,
        pageScrolls: document.scrollingElement.scrollHeight > innerHeight + 1,
        mainBottom: r.bottom,
        height: innerHeight,
        width: innerWidth,
        slideScrolls: main.scrollHeight > main.clientHeight + 1,
        overflowY: getComputedStyle(main).overflowY,
        slide: main.dataset.slide ?? null,
        headings: shown.filter((el) => /^H[12]$/.test(el.tagName)).map((el) => el.textContent.trim()),
        firstShown: shown[0]?.tagName ?? null,
        instructorShown: [...main.querySelectorAll('.instructor-only')].some((el) => el.getBoundingClientRect().height > 0),
        hiddenChildren: [...main.children].filter((el) => el.classList.contains('off-slide')).length,
        sections: [...main.querySelectorAll(':scope > h2')].length,
      };
    });
  let slides = 0;
  try {
    await load(page, `${origin}/${PRESENTATION_PAGE}`);
    const before = await probe();
    await page.emulateMedia({ media: 'print' });
    const printFont = (await probe()).font;
    await page.emulateMedia({ media: null });
    if (before.on) fail('presentation mode is on before the button is pressed');
    if (!before.inBar) fail("the presentation button is not in the menu bar");
    if (!before.pageScrolls) fail('the page does not scroll in the normal layout (nothing to compare with)');

    await page.click('#stepsize-presentation-toggle');
    let on = await probe();
    if (!on.on || on.pressed !== 'true') fail('the button did not switch presentation mode on');
    if (on.stored !== 'on') fail('presentation mode is not remembered (localStorage)');
    if (!(on.font >= 1.4 * before.font)) fail(`presentation type is ${on.font} px, not at least 1.4 x ${before.font} px`);
    const font = on.font;
    // Every slide (the opening, then each section outside the instructor blocks): one
    // section, the page itself still, the slide within the screen.
    const expected = on.sections + 1;
    for (let k = 0; k < expected; k++) {
      if (k > 0) {
        await page.keyboard.press('PageDown');
        on = await probe();
      }
      if (on.slide !== String(k)) {
        fail(`Page Down from slide ${k} shows slide ${on.slide === null ? 'none' : Number(on.slide) + 1}, not ${k + 1}`);
        break;
      }
      slides++;
      const where = `slide ${k + 1}`;
      if (on.pageScrolls) fail(`${where}: the page scrolls (it should be one screen)`);
      if (on.mainBottom > on.height + 1) fail(`${where}: the slide ends ${Math.round(on.mainBottom - on.height)} px below the screen`);
      if (on.slideScrolls && on.overflowY !== 'auto') fail(`${where}: the section is taller than the screen and cannot scroll`);
      if (on.headings.length !== 1 || !/^H[12]$/.test(on.firstShown)) {
        fail(`${where}: shows ${on.headings.length} headings (${on.headings.join(' | ')}), not one section`);
      }
      if (on.instructorShown) fail(`${where}: instructor material is shown to the class`);
      if (on.codeFont !== null && on.codeFont < 13) fail(`${where}: code at ${on.codeFont} px`);
      const out = await page.evaluate(probeSticksOut, { width: on.width, scrollOk: true, max: 3 });
      for (const o of out) fail(`${where}: sticks out of the screen: ${o}`);
      await page.screenshot({ path: join(shotDir, `presentation-${PROJECTOR.width}-${k + 1}.png`) });
    }
    if (slides < 3) fail(`only ${slides} slides`);
    // Past the last slide, the next chapter; back from its first, this one's last slide.
    await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/' + PRESENTATION_PAGE)), page.keyboard.press('PageDown')]);
    await page.waitForLoadState('networkidle');
    const next = await probe();
    if (!next.on || next.slide !== '0') fail(`past the last slide, ${page.url()} did not open in presentation mode on its first slide`);
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/' + PRESENTATION_PAGE)), page.keyboard.press('PageUp')]);
    await page.waitForLoadState('networkidle');
    if ((await probe()).slide !== String(expected - 1)) fail('back from the next chapter, the page does not open on its last slide');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    if ((await probe()).slide !== '1') fail('→ does not move to the next slide');
    await page.keyboard.press('ArrowLeft');
    if ((await probe()).slide !== '0') fail('← does not move to the previous slide');
    if (!page.url().endsWith(PRESENTATION_PAGE)) fail(`the keys left the page for ${page.url()}`);

    // Remembered from page to page.
    await load(page, `${origin}/${PRESENTATION_PAGE}`);
    on = await probe();
    if (!on.on || on.slide !== '0') fail('reloaded, the page is not in presentation mode on its first slide');

    // Paper: nothing changes.
    await page.emulateMedia({ media: 'print' });
    const printed = await probe();
    if (printed.font !== printFont) fail(`on paper the type is ${printed.font} px in presentation mode, ${printFont} px without`);
    if (printed.headings.length !== printed.sections + 1) fail(`on paper ${printed.headings.length} of ${printed.sections + 1} headings print in presentation mode`);
    await page.emulateMedia({ media: null });

    // A phone: still no sideways scroll.
    await page.setViewportSize({ width: PHONE_WIDTH, height: 844 });
    await page.keyboard.press('PageDown');
    const phone = await probe();
    if (phone.pageScrolls) fail(`at ${PHONE_WIDTH} px the page scrolls in presentation mode`);
    const out = await page.evaluate(probeSticksOut, { width: PHONE_WIDTH, scrollOk: true, max: 3 });
    for (const o of out) fail(`at ${PHONE_WIDTH} px: sticks out of the screen: ${o}`);
    await page.screenshot({ path: join(shotDir, '390', 'presentation.png') });
    await page.setViewportSize(PROJECTOR);

    // Esc leaves the mode and forgets it, as the button does; the button brings it back.
    await page.keyboard.press('Escape');
    const escaped = await probe();
    if (escaped.on || escaped.pressed !== 'false') fail('Esc did not leave presentation mode');
    if (escaped.stored !== null) fail('left with Esc, presentation mode is still remembered');
    if (!escaped.on) {
      await page.keyboard.press('Escape');
      if ((await probe()).on) fail('Esc outside presentation mode switched it on');
      await page.click('#stepsize-presentation-toggle');
      if (!(await probe()).on) fail('after Esc, the button did not switch presentation mode on again');
    }

    // Off again: the page as it was.
    await page.click('#stepsize-presentation-toggle');
    const off = await probe();
    if (off.on || off.pressed !== 'false') fail('the button did not switch presentation mode off');
    if (off.stored !== null) fail('switched off, presentation mode is still remembered');
    if (off.font !== before.font) fail(`switched off, the type is ${off.font} px, not ${before.font} px`);
    if (off.hiddenChildren > 0 || !off.pageScrolls) fail('switched off, the page does not show all its sections again');
    for (const e of pageErrors) fail(`page error: ${e}`);
    return { failures, summary: `${PRESENTATION_PAGE} at ${PROJECTOR.width} x ${PROJECTOR.height}: ${slides} slides, type ${before.font} -> ${font} px` };
  } catch (err) {
    fail(`could not check presentation mode: ${err.message.split('\n')[0]}`);
    return { failures, summary: '' };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Main.

async function main() {
  // Chapter pages at the top level and one folder down (e.g. teaching/); asset folders hold
  // no HTML, so they add nothing.
  const top = await readdir(bookDir, { withFileTypes: true }).catch(() => []);
  const pages = top.filter((e) => e.isFile() && e.name.endsWith('.html') && !HELPERS.has(e.name)).map((e) => e.name);
  for (const dir of top.filter((e) => e.isDirectory())) {
    const inner = await readdir(join(bookDir, dir.name)).catch(() => []);
    pages.push(...inner.filter((f) => f.endsWith('.html')).map((f) => `${dir.name}/${f}`));
  }
  pages.sort();
  if (pages.length === 0) {
    console.error(`no chapter pages in ${bookDir} (build the book first: mdbook build)`);
    return 1;
  }
  const hasPrint = await stat(join(bookDir, PRINT)).then((s) => s.isFile(), () => false);
  await mkdir(join(shotDir, '390'), { recursive: true });

  const { server, origin } = await serve(bookDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  let passed = 0;
  let failed = 0;
  try {
    let jobs = pages.map((name) => [name, true]);
    if (hasPrint) jobs.push([PRINT, false]);
    // CHECK_ONLY=intuition.html,printed checks only those (while working on the layout).
    const only = process.env.CHECK_ONLY?.split(',');
    if (only) jobs = jobs.filter(([name]) => only.includes(name));
    for (const [name, full] of jobs) {
      const { failures, summary, external } = await checkPage(browser, origin, name, full);
      if (!CONTENT_ONLY) failures.push(...(await checkPhone(browser, origin, name)));
      if (failures.length === 0) {
        passed++;
        console.log(`ok   ${name}: ${summary}`);
      } else {
        failed++;
        for (const f of failures) console.log(`FAIL ${name}: ${f}`);
      }
      for (const url of external) console.log(`     ${name}: external link (not fetched) ${url}`);
    }
    // Paper: print.html and the handout, printed.
    const wanted = (job) => (only ? only.includes(job) : true);
    // One line for each of the book-wide checks: passed or failed.
    const report = (job, { failures, summary }) => {
      if (failures.length === 0) {
        passed++;
        console.log(`ok   ${job}: ${summary}`);
      } else {
        failed++;
        for (const f of failures) console.log(`FAIL ${job}: ${f}`);
      }
    };
    // m. The edition, from every page's counts: only when every page was checked.
    if (!only) report(`edition (${EDITION})`, await checkEdition(origin));
    // n. Presentation mode.
    if (!CONTENT_ONLY && wanted('presentation')) report('presentation', await checkPresentation(browser, origin));
    const paper = CONTENT_ONLY || !wanted('printed') ? null : await checkPaper(browser, origin, hasPrint);
    if (!paper) {
      // left out by CHECK_ONLY
    } else if (paper.failures.length === 0) {
      passed++;
      console.log(`ok   printed: ${paper.summary}`);
    } else {
      failed++;
      for (const f of paper.failures) console.log(`FAIL printed: ${f}`);
      if (paper.summary) console.log(`     printed: ${paper.summary}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`screenshots and PDFs in ${shotDir}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`check_book: ${err.stack ?? err}`);
    process.exit(1);
  },
);
