#!/bin/sh
# A short fuzzing smoke run of every target (docs/fuzzing.md).
#   fuzz/run.sh [SECONDS_PER_TARGET]    (default 60)
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Seeds the corpora from procedures/, tests/corpus/ and examples/records/,
# builds the targets, and runs each one for the given time; a crash leaves
# its input in fuzz/artifacts/TARGET/ and makes the script fail.
set -eu
seconds="${1:-60}"
cd "$(dirname "$0")"
python3 seed_corpus.py .. corpus
cargo +nightly fuzz build -s none --release
for target in lint record schedule; do
    mkdir -p "artifacts/$target"
    echo "== $target: $seconds s"
    cargo +nightly fuzz run -s none --release "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1
done
echo "no crash in $seconds s per target"
