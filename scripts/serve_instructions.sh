#!/usr/bin/env bash
# Instructions `annals serve` spends on one save, counted by callgrind: the
# serving process is run twice on a copy of SITE, once with no save and once
# with SAVES saves (one event's text changed in the largest section file,
# a save every 6 s), and the difference is divided by SAVES. Unlike
# scripts/serve_latency.py this does not move with the machine's speed.
#
#   scripts/serve_instructions.sh BINARY SITE [SAVES]
#
# Prints the instructions of the two runs and of one save. Takes minutes.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: scripts/serve_instructions.sh BINARY SITE [SAVES]" >&2
    exit 2
fi
bin=$1 site=$2 saves=${3:-4}
work=$(mktemp -d /dev/shm/annals-serve-instr.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Instructions of one serving process that sees $1 saves.
run() {
    rm -rf "$work/site"
    cp -r "$site" "$work/site"
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
        "$bin" serve -q --root "$work/site" --port 0 >"$work/serve.log" 2>&1 &
    local pid=$!
    for _ in $(seq 300); do
        grep -q "http://" "$work/serve.log" && break
        sleep 1
    done
    if ! grep -q "http://" "$work/serve.log"; then
        kill "$pid" 2>/dev/null || true
        echo "serve did not start under valgrind within 300 s; see $work/serve.log" >&2
        trap - EXIT
        exit 1
    fi
    sleep 2
    local file
    file=$(ls -S "$work"/site/content/*.md | head -1)
    cp "$file" "$work/original.md"
    for i in $(seq "$1"); do
        python3 - "$file" "$work/original.md" "$i" <<'EOF'
import sys
target, original, i = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(original, encoding="utf-8").read()
mark = "，" if "，" in text else ", "
open(target, "w", encoding="utf-8").write(text.replace(mark, mark + "改" * (i % 2 + 1), 1))
EOF
        sleep 6
    done
    kill -INT "$pid"
    wait "$pid" 2>/dev/null || true
    sed -n 's/^summary: //p' "$work/cg.out"
}

idle=$(run 0)
busy=$(run "$saves")
echo "no save: $idle instructions"
echo "$saves saves: $busy instructions"
echo "one save: $(( (busy - idle) / saves )) instructions"
