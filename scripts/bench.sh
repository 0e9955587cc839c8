#!/usr/bin/env bash
# Whole-program benchmarks of annals on synthetic sites (see docs/benchmarks.md).
#
#   scripts/bench.sh                  # N = 1000 10000 100000, 3 runs each
#   SIZES="1000 10000" RUNS=5 scripts/bench.sh
#
# For each N it generates a synthetic site (examples/synthetic.rs) on tmpfs,
# checks that it loads with 0 errors and 0 unpaired events, then times whole
# runs of
#   annals check --root SITE                      (loading and checking)
#   annals build --root SITE --out OUT            (if `build` is in --help)
#   hugo --quiet -s SITE/hugo -d OUT              (if hugo is installed)
# each RUNS times under /usr/bin/time -v, and prints a Markdown table of the
# medians: wall time, CPU time (user + system) and peak RSS, with the pages
# (HTML files but the root 404.html and redirect stubs) and bytes written.
#
# Before each run it waits (up to WAIT_IDLE seconds, default 120) for a
# second in which the CPUs are at least 90% idle; runs that could not wait
# for that are counted below the table.
#
# Environment: SIZES, RUNS (default 3), HUGO_SIZES (default: SIZES),
# WAIT_IDLE, BENCH_DIR (default /dev/shm/annals-bench; removed at the end
# unless KEEP=1).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
HUGO_SIZES=${HUGO_SIZES:-$SIZES}
BENCH_DIR=${BENCH_DIR:-/dev/shm/annals-bench}
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "bench.sh: $TIME is needed (apt-get install time)" >&2; exit 2; }

echo "building annals and the synthetic example (release)..." >&2
cargo build --release --quiet --bin annals --example synthetic
ANNALS=target/release/annals
SYNTH=target/release/examples/synthetic

HAS_BUILD=0
if "$ANNALS" --help | grep -qE '^\s+build\b'; then HAS_BUILD=1; fi
HUGO=$(command -v hugo || true)

mkdir -p "$BENCH_DIR"
ROWS=()

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# Seconds from /usr/bin/time -v's "h:mm:ss" or "m:ss.ss".
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$1"
}
cpu_seconds() {
  awk -F': ' '/User time \(seconds\)/ {u=$2} /System time \(seconds\)/ {s=$2} END {printf "%.2f\n", u+s}' "$1"
}
rss_mib() {
  awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$1"
}

# Pages (HTML files but the root 404.html and small redirect stubs) and bytes
# of a built site, as gen_anchor_sites.py --stats counts them.
site_stats() {
  local dir=$1 small large bytes
  small=$(find "$dir" -name '*.html' ! -path "$dir/404.html" -size -2048c \
            -exec grep -L 'http-equiv="refresh"' {} + | wc -l)
  large=$(find "$dir" -name '*.html' ! -path "$dir/404.html" -size +2047c | wc -l)
  bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  echo "$((small + large)) $bytes"
}

# Waits (up to WAIT_IDLE seconds, default 120) until the CPUs are idle for a
# second, so that other work on a shared machine does not skew a run.
BUSY_RUNS=0
cpu_busy_percent() {
  local a b
  read -r -a a < /proc/stat
  sleep 1
  read -r -a b < /proc/stat
  local busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]+b[8]) - (a[1]+a[2]+a[3]+a[6]+a[7]+a[8]) ))
  local idle=$(( (b[4]+b[5]) - (a[4]+a[5]) ))
  echo $(( 100 * busy / (busy + idle + 1) ))
}
wait_idle() {
  local limit=${WAIT_IDLE:-120} waited=0 busy
  while :; do
    busy=$(cpu_busy_percent)
    [ "$busy" -lt 10 ] && return 0
    waited=$((waited + 1))
    if [ "$waited" -ge "$limit" ]; then
      echo "  (the machine is still ${busy}% busy after ${limit}s; timing anyway)" >&2
      BUSY_RUNS=$((BUSY_RUNS + 1))
      return 0
    fi
  done
}

# time_runs LABEL N PREP_CMD -- CMD...: RUNS timed runs of CMD (PREP_CMD runs
# untimed before each), then one table row.
time_runs() {
  local label=$1 n=$2 prep=$3 out=$4
  shift 5
  local walls=() cpus=() rsss=() log="$BENCH_DIR/time.log"
  for ((r = 1; r <= RUNS; r++)); do
    eval "$prep"
    wait_idle
    if ! "$TIME" -v -o "$log" "$@" >/dev/null 2>"$BENCH_DIR/stderr.log"; then
      echo "bench.sh: failed: $*" >&2
      tail -5 "$BENCH_DIR/stderr.log" >&2
      return 1
    fi
    walls+=("$(wall_seconds "$log")")
    cpus+=("$(cpu_seconds "$log")")
    rsss+=("$(rss_mib "$log")")
  done
  local wall cpu rss pages="–" mib="–"
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  rss=$(printf '%s\n' "${rsss[@]}" | median)
  if [ -n "$out" ] && [ -d "$out" ]; then
    read -r pages bytes < <(site_stats "$out")
    mib=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1048576}')
  fi
  echo "  $label N=$n: ${wall}s wall (runs: ${walls[*]}), ${cpu}s CPU, ${rss} MiB" >&2
  ROWS+=("| $label | $n | $pages | $mib | $wall | $cpu | $rss |")
}

for n in $SIZES; do
  site="$BENCH_DIR/site-$n"
  want_hugo=0
  if [ -n "$HUGO" ] && [[ " $HUGO_SIZES " == *" $n "* ]]; then want_hugo=1; fi
  echo "N=$n: generating $site..." >&2
  if [ "$want_hugo" = 1 ]; then "$SYNTH" "$n" "$site" --hugo; else "$SYNTH" "$n" "$site"; fi

  # The site must be valid: no errors, every event paired.
  summary=$("$ANNALS" check --root "$site" 2>&1 | tail -8)
  if ! grep -q '^0 error(s)' <<<"$summary" || grep -qE '[1-9][0-9]* unpaired' <<<"$summary"; then
    echo "bench.sh: the synthetic site of N=$n does not check clean:" >&2
    echo "$summary" >&2
    exit 1
  fi

  time_runs "annals check" "$n" ":" "" -- "$ANNALS" check --quiet --root "$site"
  if [ "$HAS_BUILD" = 1 ]; then
    out="$BENCH_DIR/out-$n"
    time_runs "annals build" "$n" "rm -rf '$out'" "$out" -- \
      "$ANNALS" build --quiet --root "$site" --out "$out"
    rm -rf "$out"
  fi
  if [ "$want_hugo" = 1 ]; then
    out="$BENCH_DIR/hugo-out-$n"
    time_runs "hugo $("$HUGO" version | awk '{print $2}')" "$n" "rm -rf '$out'" "$out" -- \
      "$HUGO" --quiet -s "$site/hugo" -d "$out"
    rm -rf "$out"
  fi
  rm -rf "$site"
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain 2>/dev/null | grep -vc '^??' || true)
echo
echo "annals $commit$([ "${dirty:-0}" != 0 ] && echo " (+ uncommitted changes)"), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), output on $(df --output=fstype "$BENCH_DIR" | tail -1); medians of $RUNS runs"
echo
echo "| command | N events | pages | output MiB | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
if [ "$BUSY_RUNS" -gt 0 ]; then
  echo
  echo "$BUSY_RUNS run(s) started while the machine was busy with other work: their wall times are high; CPU times are less affected."
fi
[ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"
