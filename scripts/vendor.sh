#!/usr/bin/env bash
# Make a copy of the repository that builds without the network, for a USB stick or a
# shared folder in a classroom: the committed files at HEAD plus the source of every
# dependency (`cargo vendor`), and a `.cargo/config.toml` that makes Cargo use them.
#
#   bash scripts/vendor.sh DIR           writes DIR/stepsize/ and DIR/stepsize-offline.tar.gz
#   bash scripts/vendor.sh DIR --check   and then builds the examples from DIR/stepsize with
#                                        no network, no Cargo cache and a fresh target dir
#
# A student copies the .tar.gz (one file copies much faster than thousands), unpacks it
# (`tar -xzf stepsize-offline.tar.gz`, also on Windows 10 and 11), and runs
# `cargo build --offline --examples` in stepsize/. Rust itself must already be installed.
set -euo pipefail
usage="usage: bash scripts/vendor.sh DIR [--check]"
dest=${1:?$usage}
check=${2:-}
if [ -n "$check" ] && [ "$check" != "--check" ]; then
  echo "$usage" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
out="$dest/stepsize"
if [ -e "$out" ]; then
  echo "$out already exists: remove it or choose another folder" >&2
  exit 2
fi
mkdir -p "$out/.cargo"
dest=$(cd "$dest" && pwd)
out="$dest/stepsize"

# Committed files only: no target/, no local edits.
git archive HEAD | tar -x -C "$out"
# `cargo vendor` prints the configuration that points Cargo at the vendored sources; with a
# relative directory it is found wherever the folder is copied to.
log=$(mktemp)
if ! (cd "$out" && cargo vendor --locked vendor >.cargo/config.toml 2>"$log"); then
  cat "$log" >&2
  exit 1
fi
rm -f "$log"
grep -q vendored-sources "$out/.cargo/config.toml" || { echo "cargo vendor wrote no configuration" >&2; exit 1; }
tar -czf "$dest/stepsize-offline.tar.gz" -C "$dest" stepsize
echo "wrote $out ($(du -sh "$out/vendor" | cut -f1) of vendored sources, $(find "$out/vendor" -type f | wc -l) files)"
echo "wrote $dest/stepsize-offline.tar.gz ($(du -h "$dest/stepsize-offline.tar.gz" | cut -f1))"

if [ "$check" = "--check" ]; then
  # An empty CARGO_HOME hides the machine's download cache; `unshare -n` (Linux, where
  # allowed) takes the network away, so only the vendored sources can be used.
  home=$(mktemp -d)
  target=$(mktemp -d)
  trap 'rm -rf "$home" "$target"' EXIT
  cargo=$(command -v cargo)
  offline=()
  if unshare -n true 2>/dev/null; then
    offline=(unshare -n)
  else
    echo "unshare -n is not available: checking with --offline and an empty CARGO_HOME only" >&2
  fi
  (cd "$out" && time CARGO_HOME="$home" CARGO_NET_OFFLINE=true CARGO_TARGET_DIR="$target" \
    "${offline[@]}" "$cargo" build --offline --examples)
  echo "offline build: OK ($(du -sh "$target" | cut -f1) in the target directory)"
fi
