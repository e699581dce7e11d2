#!/usr/bin/env node
// Headless-Chromium check of the built book.
//
//   node tests/browser/check_book.mjs [BOOK_DIR]     (default: target/book of this repo)
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
//   g. every quiz renders, and answering it with its own answer key scores full marks.
// print.html is checked for figures, math and that its quizzes render. A full-page screenshot
// of every page goes to the folder `screenshots` beside BOOK_DIR (target/screenshots by
// default).
// Prints one line per page and `N passed, M failed`; exits 0 if every page passed, else 1.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bookDir = resolve(process.argv[2] ?? join(here, '..', '..', 'target', 'book'));
const shotDir = join(dirname(bookDir), 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// mdBook's generated helper pages: not chapters. print.html still gets figures + math checks.
const HELPERS = new Set(['404.html', 'print.html', 'toc.html']);
const PRINT = 'print.html';

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

// ---------------------------------------------------------------------------------------------
// One page.

/**
 * Load `name` and run the checks. `full` = all checks (chapters); otherwise figures + math only.
 * Returns { failures: string[], summary: string, external: string[] }.
 */
async function checkPage(browser, origin, name, full) {
  const failures = new Set(); // a message is reported once (e.g. a figure's zoom copy)
  const fail = (msg) => failures.add(msg);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);

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
    await page.goto(`${origin}/${name}`, { waitUntil: 'networkidle' });

    // a. figures
    const images = await page.evaluate(probeImages);
    for (const img of images) if (!img.ok) fail(`broken image ${img.src}`);
    const figures = new Set(images.map((i) => i.src)).size;

    // b. math
    const math = await page.evaluate(probeMath);
    for (const e of math.errors) fail(`KaTeX error: ${e}`);
    if (math.katex > 0 && !math.fontCheck) fail(`KaTeX font: document.fonts.check('16px KaTeX_Main') is false`);
    if (math.katex > 0 && !math.fontLoaded) fail('KaTeX font: no KaTeX_Main font face loaded');
    for (const r of math.raw) fail(`unrendered math: visible text contains ${r}`);
    summary = `${figures} figure${figures === 1 ? '' : 's'}, ${math.katex} math`;

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
          return { src: img.getAttribute('src'), ok: img.naturalWidth > 0, label: el.querySelector('output').textContent };
        }, end);
        if (after.src === before && end === 'max') fail(`slider ${k + 1}: moving it did not change the figure`);
        if (!after.ok) fail(`slider ${k + 1}: figure ${after.src} did not load`);
        if (!after.label.startsWith('η = ')) fail(`slider ${k + 1}: label "${after.label}"`);
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
      if (!full) continue;
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

    await page.screenshot({ path: join(shotDir, name.replace(/\.html$/, '.png').replaceAll('/', '_')), fullPage: true });
  } catch (err) {
    fail(`could not check page: ${err.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { failures: [...failures], summary, external };
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
  await mkdir(shotDir, { recursive: true });

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
    const jobs = pages.map((name) => [name, true]);
    if (hasPrint) jobs.push([PRINT, false]);
    for (const [name, full] of jobs) {
      const { failures, summary, external } = await checkPage(browser, origin, name, full);
      if (failures.length === 0) {
        passed++;
        console.log(`ok   ${name}: ${summary}`);
      } else {
        failed++;
        for (const f of failures) console.log(`FAIL ${name}: ${f}`);
      }
      for (const url of external) console.log(`     ${name}: external link (not fetched) ${url}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`screenshots in ${shotDir}`);
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
