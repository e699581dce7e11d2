#!/usr/bin/env bash
# Time every example binary in the default (dev) profile with hyperfine: the numbers behind
# "examples answer instantly". Build first, so compile time is not measured.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --examples --quiet
out=$(mktemp -d)
args=()
for example in intuition update_rule too_high too_low schedules adaptive normalization batch_size scaling lr_finder edge_of_stability; do
  args+=(--command-name "$example" "target/debug/examples/$example --out $out/$example")
done
hyperfine --warmup 3 --shell=none --export-markdown target/bench.md "${args[@]}"
rm -rf "$out"
