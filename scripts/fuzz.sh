#!/usr/bin/env bash
# Builds a libFuzzer target and runs it.
#
#   usage: scripts/fuzz.sh [--target parser|tls] [--ref GITREF] [--build-only] [libFuzzer options...]
#
# Targets (each compiled with swiftc together with every source of the HTTPServer module,
# -sanitize=fuzzer,address -O, into one executable, .build-fuzz/<target>-fuzz, linked with the
# JSON module the server escapes its problem bodies with, built first from Sources/JSON):
#   parser (default)  Fuzz/ParserFuzz.swift: the HTTP request parser on the bytes a client sends;
#                     seeds Fuzz/corpus/.
#   tls               Fuzz/TLSFuzz.swift: the TLS transport (TLSSession as the event loop drives
#                     it) on a socketpair with an in-process OpenSSL client: plaintext carried in
#                     records and echoed back, garbage before and after the handshake, altered
#                     ClientHellos (docs/tls.md); seeds Fuzz/corpus-tls/. Needs the openssl
#                     command (it makes the certificate at start-up).
# The sources come from Sources/HTTPServer of this checkout, or with --ref from that git ref
# (read through `git archive`, nothing is checked out), e.g. --ref server to fuzz the server
# branch before it is merged.
#
# Then runs it for FUZZ_TIME seconds [600] on Fuzz/corpus-run/ (parser) or
# Fuzz/corpus-tls-run/ (tls), git-ignored, where new inputs go, seeded from the committed
# seeds. A crash, an invariant broken or a unit slower than 10 s (a hang) stops the run and
# leaves the reproducer in Fuzz/crashes/ (replay: .build-fuzz/<target>-fuzz Fuzz/crashes/<file>).
# Extra arguments go to libFuzzer (for example -jobs=2 -workers=2, -runs=N, or a file to replay).
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
REF=""
BUILD_ONLY=0
TARGET=parser
while (($#)); do
    case $1 in
        --target) TARGET=$2; shift 2 ;;
        --ref) REF=$2; shift 2 ;;
        --build-only) BUILD_ONLY=1; shift ;;
        *) break ;;
    esac
done
case $TARGET in
    parser) HARNESS=Fuzz/ParserFuzz.swift; SEEDS=Fuzz/corpus; RUN_CORPUS=Fuzz/corpus-run; MAX_LEN=65536 ;;
    tls) HARNESS=Fuzz/TLSFuzz.swift; SEEDS=Fuzz/corpus-tls; RUN_CORPUS=Fuzz/corpus-tls-run; MAX_LEN=16384 ;;
    *) echo "unknown target $TARGET (parser or tls)" >&2; exit 2 ;;
esac
FUZZ_TIME=${FUZZ_TIME:-600}
BUILD=$ROOT/.build-fuzz
mkdir -p "$BUILD"

SOURCES_DIR=$ROOT/Sources
if [[ -n $REF ]]; then
    rm -rf "$BUILD/src"
    mkdir -p "$BUILD/src"
    git -C "$ROOT" archive "$REF" Sources | tar -x -C "$BUILD/src"
    SOURCES_DIR=$BUILD/src/Sources
    echo "# fuzzing HTTPServer from $REF ($(git -C "$ROOT" rev-parse --short "$REF"))"
fi
SRC=$SOURCES_DIR/HTTPServer
[[ -f $SRC/HTTPRequestParser.swift ]] || { echo "no HTTPRequestParser.swift in $SRC" >&2; exit 1; }

mapfile -t SOURCES < <(find "$SRC" -name '*.swift' | sort)
# C shim modules (Sources/C*/module.modulemap) the server may import.
INCLUDES=()
for map in "$SOURCES_DIR"/C*/module.modulemap; do
    [[ -f $map ]] && INCLUDES+=(-I "$(dirname "$map")")
done
SETTINGS=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault)
# The JSON module the server escapes its problem bodies with: built first, as its own module.
LINK=()
if [[ -d $SOURCES_DIR/JSON ]]; then
    mkdir -p "$BUILD/json"
    swiftc -parse-as-library -sanitize=fuzzer,address -O -g "${SETTINGS[@]}" -module-name JSON \
        -emit-module -emit-module-path "$BUILD/json/JSON.swiftmodule" -emit-library -static \
        -o "$BUILD/json/libJSON.a" "$SOURCES_DIR"/JSON/*.swift
    LINK=(-I "$BUILD/json" -L "$BUILD/json" -lJSON)
fi
# The package's settings for HTTPServer (Swift 6 mode, the same upcoming features), one module.
swiftc -parse-as-library -sanitize=fuzzer,address -O -g "${SETTINGS[@]}" \
    -module-name HTTPServerFuzz "${INCLUDES[@]}" "${LINK[@]}" \
    "${SOURCES[@]}" "$ROOT/$HARNESS" \
    -o "$BUILD/$TARGET-fuzz" 2> >(grep -v "ld.gold: warning: Cannot export local symbol" >&2)
echo "# built $BUILD/$TARGET-fuzz from ${#SOURCES[@]} sources and $HARNESS"
((BUILD_ONLY)) && exit 0

mkdir -p "$RUN_CORPUS" Fuzz/crashes
# Swift's own crash backtracer fights ASan's handler; libFuzzer reports the crash itself.
export SWIFT_BACKTRACE=enable=no
set -x
"$BUILD/$TARGET-fuzz" "$RUN_CORPUS" "$SEEDS" \
    -max_total_time="$FUZZ_TIME" -timeout=10 -rss_limit_mb=4096 -max_len="$MAX_LEN" \
    -artifact_prefix=Fuzz/crashes/ -print_final_stats=1 "$@"
