#!/usr/bin/env bash
# Build one edition of the book, failing on any mdBook warning:
#
#   bash scripts/build-book.sh student      -> target/book-student/
#   bash scripts/build-book.sh instructor   -> target/book-instructor/
#
# The sources are the instructor edition: a plain `mdbook build` (target/book/) is the same
# book as the instructor edition. The student edition leaves out the pages whose title in
# book/SUMMARY.md ends in "(instructor)" and every block between the lines
# `<!-- instructor -->` and `<!-- /instructor -->` (solutions, speaker notes, answer keys);
# scripts/student_edition.py, an mdBook preprocessor registered here and not in book.toml,
# does it (it needs python3; the instructor edition does not).
#
# Needs mdBook 0.5.3, mdbook-katex 0.10.0 and mdbook-quiz 0.5.0 (scripts/test-all.sh
# installs them). Variables MDBOOK_* set by the caller still apply (the Pages workflow sets
# the repository's address this way).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

edition=${1:-}
case "$edition" in
  student | instructor) ;;
  *)
    echo "usage: scripts/build-book.sh student|instructor (got '${edition}')" >&2
    exit 2
    ;;
esac

out=target/book-$edition
log=target/mdbook-$edition.log
mkdir -p target
export MDBOOK_BUILD__BUILD_DIR=$out
if [ "$edition" = student ]; then
  command -v python3 >/dev/null || { echo "the student edition needs python3" >&2; exit 2; }
  # After `links` (so blocks in included files go too), before KaTeX and the quizzes.
  export MDBOOK_PREPROCESSOR__STUDENT_EDITION='{"command": "python3 scripts/student_edition.py", "after": ["links"], "before": ["katex", "quiz"]}'
fi

start=$(date +%s)
mdbook build 2>&1 | tee "$log"
if grep -E 'WARN|ERROR' "$log"; then
  echo "mdbook build printed warnings (above)" >&2
  exit 1
fi

if [ "$edition" = student ]; then
  # mdBook copies every file of book/ that is not a page; the Moodle export holds every
  # quiz's answers and only the instructor's pages link it.
  rm -f "$out/snapshots/quizzes.snap.gift"
fi
echo "the $edition edition is in $out/ ($(($(date +%s) - start)) s)"
