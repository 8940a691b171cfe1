#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (libFuzzer + ASan + UBSan; a second CMake tree,
# build/fuzz, with KMW_FUZZ=ON) and runs each for SECONDS:
#   fuzz_notebook_reader   the notebook reader and writer (byte-identical round trips)
#   fuzz_model_extractor   the model extractor on any Python source or notebook
#   fuzz_rule_engine       both rule packs' scan and every fix applied
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET] [libFuzzer flags...] (default 20 s each: the
# short CI run). A longer run, e.g. an hour on both cores:
#   tests/fuzz/run.sh 3600 fuzz_model_extractor -jobs=2 -workers=2
# Seeds: tests/fuzz/seeds, the demo repository and, when present, ../shared's notebooks.
# Crashes are written to build/fuzz/ as crash-<sha1>; reproduce with
#   build/fuzz/tests/fuzz/fuzz_model_extractor build/fuzz/crash-<sha1>
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
shift || true
only="${1:-}"
if [ -n "$only" ] && [ "${only#-}" = "$only" ]; then shift; else only=""; fi
out=build/fuzz
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev); skipped"
  exit 0
fi
CC=clang CXX=clang++ cmake -S . -B "$out" -DKMW_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS="-O1 -g" -DCMAKE_CXX_FLAGS="-O1 -g" >/dev/null
cmake --build "$out" -j"$(nproc)" >/dev/null

seed() { # target: its corpus folder, seeded once
  local dir="$out/corpus-$1"
  mkdir -p "$dir"
  if [ "$1" = fuzz_notebook_reader ]; then
    cp -n tests/fuzz/seeds/* "$dir/" 2>/dev/null || true
  else
    cp -n tests/fuzz/seeds/* resources/demo-repo/*.ipynb resources/demo-repo/*.py "$dir/" 2>/dev/null || true
    if [ -d ../shared/corpus ]; then
      find ../shared/corpus -name '*.ipynb' -size -200k | head -n 60 | while read -r f; do
        cp -n "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12).ipynb"
      done
    fi
  fi
  echo "$dir"
}

status=0
for target in fuzz_notebook_reader fuzz_model_extractor fuzz_rule_engine; do
  [ -z "$only" ] || [ "$only" = "$target" ] || continue
  corpus=$(seed "$target")
  log="$out/$target.log"
  if (cd "$out" && "./tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 "$@" "../../$corpus") > "$log" 2>&1; then
    echo "$target: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs in $seconds s, no failure"
  else
    status=$?
    echo "$target: FAILED"
    # What failed and the input that did it (saved as crash-*, leak-* or timeout-*).
    grep -E "ERROR|what\(\)|property failed|SUMMARY|Test unit written|^    #[0-9]+ .* in kmw" "$log" | head -n 40
  fi
done
exit "$status"
