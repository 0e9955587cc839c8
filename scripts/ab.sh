#!/usr/bin/env bash
# Two (or more) annals binaries built against one site, alternating, so that
# a drift of the machine's speed hits each alike (see docs/benchmarks.md):
#
#   scripts/ab.sh RUNS SITE BINARY_A BINARY_B [...]
#
# Prints each binary's wall and CPU (user + system) seconds per run; the
# output goes to /dev/shm/annals-ab, removed before each run.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: scripts/ab.sh RUNS SITE BINARY [BINARY...]" >&2
    exit 2
fi
runs=$1 site=$2
shift 2
out=/dev/shm/annals-ab
for _ in $(seq "$runs"); do
    for bin in "$@"; do
        rm -rf "$out"
        /usr/bin/time -f "$bin %e %U %S" "$bin" build -q --root "$site" --out "$out" 2>&1 | tail -1
    done
done | awk '{ wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " ($3 + $4) }
     END { for (b in wall) { print b; print "  wall" wall[b]; print "  cpu " cpu[b] } }'
rm -rf "$out"
