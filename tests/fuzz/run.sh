#!/usr/bin/env bash
# Builds the notebook-reader fuzzer with clang (libFuzzer + ASan + UBSan) into
# build/fuzz/ and runs it. Usage: tests/fuzz/run.sh [SECONDS] (default 20: the short CI
# run). A longer run, e.g. an hour on both cores:
#   tests/fuzz/run.sh 3600 -jobs=2 -workers=2
# Crashes are written to build/fuzz/ as crash-<sha1>; reproduce with
#   build/fuzz/fuzz_notebook_reader build/fuzz/crash-<sha1>
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
shift || true
out=build/fuzz
mkdir -p "$out/corpus"
cp -n tests/fuzz/seeds/* "$out/corpus/" 2>/dev/null || true
CXX="${CXX_FUZZ:-clang++}"
if ! command -v "$CXX" >/dev/null; then
  echo "fuzz: $CXX not found (apt-get install clang libclang-rt-14-dev); skipped"
  exit 0
fi
bin="$out/fuzz_notebook_reader"
sources=(core/AtomicFile.cpp core/Document.cpp core/DocumentReader.cpp core/NotebookSpans.cpp core/NotebookWriter.cpp
         core/SourceRange.cpp tests/fuzz/fuzz_notebook_reader.cpp)
if [ ! -x "$bin" ] || [ -n "$(find "${sources[@]}" core/*.h -newer "$bin" 2>/dev/null)" ]; then
  # shellcheck disable=SC2046
  "$CXX" -std=c++17 -g -O1 -fPIC -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -Icore $(pkg-config --cflags Qt6Core) "${sources[@]}" $(pkg-config --libs Qt6Core) -o "$bin"
fi
cd "$out"
if ./fuzz_notebook_reader -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 "$@" corpus > fuzz.log 2>&1; then
  tail -n 5 fuzz.log
else
  status=$?
  # Show what failed and the input that did it (saved as crash-*, leak-* or timeout-*).
  grep -E "ERROR|what\(\)|property failed|SUMMARY|Test unit written|^    #[0-9]+ .* in kmw" fuzz.log | head -n 40
  exit "$status"
fi
