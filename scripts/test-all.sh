#!/usr/bin/env bash
# The whole test suite, from a fresh machine: install what is missing (pinned), then check
# the code, run every test (examples, snapshots, claims, book consistency), build the book
# and load every page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# mdbook-katex 0.10.0 is built against mdBook 0.5.3; with any other mdBook it warns on
# every build, and the book must build without warnings.
MDBOOK_VERSION=0.5.3
MDBOOK_KATEX_VERSION=0.10.0
MDBOOK_QUIZ_VERSION=0.5.0

step() { printf '\n==> %s\n' "$*"; }

# cargo_tool NAME VERSION: install a pinned crates.io tool unless that version is present.
cargo_tool() {
  if ! "$1" --version 2>/dev/null | grep -qF "$2"; then
    step "installing $1 $2 (a few minutes, once)"
    cargo install "$1" --version "$2" --locked
  fi
}

step "tools"
cargo_tool mdbook "$MDBOOK_VERSION"
cargo_tool mdbook-katex "$MDBOOK_KATEX_VERSION"
cargo_tool mdbook-quiz "$MDBOOK_QUIZ_VERSION"
# chromium for the browser check; poppler-utils (pdftotext, pdfinfo) to read back the PDFs it
# prints (the handout's page count, the solutions in print.html).
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v pdftotext >/dev/null || missing="$missing poppler-utils"
if [ -n "$missing" ]; then
  step "installing Debian's$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
fi
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

# PyTorch, for tests/suite/pytorch.rs, which runs the scripts in python/ and compares their
# tables with the examples'. PyPI's torch, pinned, in a virtual environment outside the
# clone (the system Python is not touched, and later runs on the same machine reuse it).
# PyPI has no CPU-only torch for Linux x86-64: pip also brings about 2.5 GB of CUDA
# libraries, which torch loads at import even without a GPU (3 GB to download, 5.3 GB on
# disk, about 8 minutes the first time on a busy two-core machine). numpy only keeps torch
# from warning that it is missing.
TORCH_VERSION=2.15.0
NUMPY_VERSION=2.3.5
venv="$HOME/.cache/stepsize/torch-venv"
if ! "$venv/bin/python" -c "import sys, torch; sys.exit(torch.__version__.split('+')[0] != '$TORCH_VERSION')" 2>/dev/null; then
  step "installing torch $TORCH_VERSION from PyPI into $venv (about 3 GB, several minutes, once)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check "torch==$TORCH_VERSION" "numpy==$NUMPY_VERSION"
fi
# The tests look for it there too; a missing torch fails them under CI=true.
export STEPSIZE_PYTHON="$venv/bin/python"

step "format and lints"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
# The exercises' target is `test = false`, so --all-targets leaves it out: lint it too (it
# compiles the starters, whose todo!() fails only when run).
cargo clippy --test exercises --quiet -- -D warnings

step "tests (plain cargo test builds the examples the snapshot tests run)"
cargo test

step "book: both editions build without warnings"
# The instructor edition is what a plain `mdbook build` makes (into target/book-instructor
# here); the student edition leaves out the instructor's pages and blocks. Each build stops
# on any warning.
bash scripts/build-book.sh instructor
bash scripts/build-book.sh student
# A reader of the published book has never seen the notes the book grew from: the built
# pages quote claims, not "the notes" (tests/book.rs checks the sources the same way).
if grep -rliE 'source notes|the notes' target/book-instructor target/book-student --include='*.html'; then
  echo "the pages above refer to notes a reader has never seen" >&2
  exit 1
fi

step "book: the published pages link back to their sources"
# .github/workflows/pages.yml sets these two from the repository it runs in; book.toml holds
# no address. Build once the same way with a stand-in address, and check that every page's
# "suggest an edit" link names a file that exists.
repo=https://github.com/OWNER/stepsize
MDBOOK_BUILD__BUILD_DIR=target/book-pages \
  MDBOOK_OUTPUT__HTML__GIT_REPOSITORY_URL="$repo" \
  MDBOOK_OUTPUT__HTML__EDIT_URL_TEMPLATE="$repo/edit/main/{path}" \
  mdbook build 2>&1 | tee target/mdbook-pages.log
if grep -E 'WARN|ERROR' target/mdbook-pages.log; then
  echo "mdbook build with the repository links printed warnings (above)" >&2
  exit 1
fi
chapters=$(grep -c '](.*\.md)' book/SUMMARY.md)
edits=$(grep -rhoE "href=\"$repo/edit/main/[^\"]+\"" target/book-pages --include='*.html' |
  sed -E "s#href=\"$repo/edit/main/##; s#\"\$##" | sort -u)
for path in $edits; do
  [ -f "$path" ] || { echo "an edit link points at $path, which does not exist" >&2; exit 1; }
done
if [ "$(echo "$edits" | grep -c .)" -ne "$chapters" ]; then
  echo "expected an edit link for each of the $chapters chapters, found: $edits" >&2
  exit 1
fi
grep -q "href=\"$repo\"" target/book-pages/intuition.html ||
  { echo "the pages do not link to the repository" >&2; exit 1; }
echo "$chapters pages link to their sources"
for licence in LICENSE-BOOK LICENSE-MIT LICENSE-APACHE; do
  grep -q "href=\"$repo/blob/HEAD/$licence\"" target/book-pages/intuition.html ||
    { echo "the page footer does not link $licence" >&2; exit 1; }
done

step "book: the files the pages name link to the repository"
# book/repository.js turns every <a class="repo-file" data-path="…"> into a link to that
# file in the repository (found in the page, from book/theme/head.hbs), and names the
# repository in the clone command. The print page holds every page: load it once in
# headless Chromium and check the links it made.
profile=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --no-first-run --user-data-dir="$profile" --dump-dom \
  "file://$PWD/target/book-pages/print.html" > target/book-pages-dom.html 2>/dev/null
rm -rf "$profile"
named=$(grep -o 'data-path="[^"]*"' target/book-pages/print.html | sort -u | sed -E 's/data-path="(.*)"/\1/')
[ -n "$named" ] || { echo "no page names a repository file" >&2; exit 1; }
for path in $named; do
  [ -e "$path" ] || { echo "a page names $path, which does not exist" >&2; exit 1; }
  view=blob
  case "$path" in */) view=tree ;; esac
  grep -qF "data-path=\"$path\" href=\"$repo/$view/HEAD/$path\"" target/book-pages-dom.html ||
    { echo "$path did not become a link to $repo/$view/HEAD/$path" >&2; exit 1; }
done
if grep -o '<a class="repo-file"[^>]*>' target/book-pages-dom.html | grep -v 'href='; then
  echo "the repository files above did not become links" >&2
  exit 1
fi
grep -qF "git clone $repo" target/book-pages-dom.html ||
  { echo "the clone command does not name $repo" >&2; exit 1; }
echo "$(echo "$named" | wc -l) repository files link to $repo"

step "book: every page in headless Chromium, offline, on a phone and on paper"
# The instructor edition gets every check: it has every page and every block, so the
# layout on a phone and on paper, the quizzes, the sliders and presentation mode are
# checked on all the book's content. The student edition is the same pages with blocks and
# pages left out, which can only break links and leave instructor material behind: it is
# checked for that on every page (links, figures, maths, errors, and what it must not
# show), at one width, in a fraction of the time.
node tests/browser/check_book.mjs target/book-instructor --edition instructor
node tests/browser/check_book.mjs target/book-student --edition student --content-only
