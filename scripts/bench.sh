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
#   annals build --root SITE --out OUT
#   zola --root ANCHOR/zola build --output-dir OUT --force
#   hugo --quiet -s SITE/hugo -d OUT              (if hugo is installed)
# each RUNS times under /usr/bin/time -v, the builders alternating
# (annals, zola, hugo, annals, zola, hugo, ...) so that a drift of the
# machine's speed hits each alike, and prints a Markdown table of the
# medians: wall time, CPU time (user + system), of that the system's (the
# kernel making folders and files: a floor no renderer lowers) and peak
# RSS, with the pages (HTML files but the root 404.html and redirect
# stubs) and bytes written, then the ratios of Zola's and Hugo's medians
# to annals'.
#
# Zola 0.22.1 comes from ../shared/bench/zola/ (unpacked into target/tools/)
# or ZOLA=/path/to/zola; its site is written by ../shared/bench/gen_anchor_sites.py.
#
# Before each run it waits (up to WAIT_IDLE seconds, default 120) for a
# second in which the CPUs are at least 90% idle; runs that could not wait
# for that are counted below the table.
#
# Environment: SIZES, RUNS (default 3), HUGO_SIZES and ZOLA_SIZES (default: SIZES),
# WAIT_IDLE, BENCH_DIR (default /dev/shm/annals-bench; removed at the end
# unless KEEP=1).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
HUGO_SIZES=${HUGO_SIZES:-$SIZES}
ZOLA_SIZES=${ZOLA_SIZES:-$SIZES}
ANCHOR_GEN=../shared/bench/gen_anchor_sites.py
BENCH_DIR=${BENCH_DIR:-/dev/shm/annals-bench}
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "bench.sh: $TIME is needed (apt-get install time)" >&2; exit 2; }

echo "building annals and the synthetic example (release)..." >&2
cargo build --release --quiet --bin annals --example synthetic
ANNALS=target/release/annals
SYNTH=target/release/examples/synthetic

HUGO=$(command -v hugo || true)
ZOLA=${ZOLA:-}
if [ -z "$ZOLA" ] && [ -f ../shared/bench/zola/zola-0.22.1-linux-x86_64.xz ]; then
  ZOLA=target/tools/zola-0.22.1
  if [ ! -x "$ZOLA" ]; then
    mkdir -p target/tools
    xz -dc ../shared/bench/zola/zola-0.22.1-linux-x86_64.xz >"$ZOLA.part" && chmod +x "$ZOLA.part" && mv "$ZOLA.part" "$ZOLA"
  fi
fi
if [ -n "$ZOLA" ] && [ ! -f "$ANCHOR_GEN" ]; then
  echo "bench.sh: $ANCHOR_GEN is needed for the Zola site" >&2
  exit 2
fi

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
system_seconds() {
  awk -F': ' '/System time \(seconds\)/ {printf "%.2f\n", $2}' "$1"
}
rss_mib() {
  awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$1"
}

# Pages (HTML files but the root 404.html and small redirect stubs) and bytes
# of a built site, as gen_anchor_sites.py --stats counts them.
site_stats() {
  local dir=$1 small large bytes
  small=$(find "$dir" -name '*.html' ! -path "$dir/404.html" -size -2048c \
            -exec grep -L 'http-equiv="refresh"' {} + | wc -l || true)
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

# timed_run TOOL PREP_CMD -- CMD...: one timed run of CMD (PREP_CMD runs
# untimed before it); appends to the TOOL's lists of wall, CPU, system
# and RSS.
declare -A WALLS CPUS SYSS RSSS
timed_run() {
  local tool=$1 prep=$2 log="$BENCH_DIR/time.log"
  shift 3
  eval "$prep"
  wait_idle
  if ! "$TIME" -v -o "$log" "$@" >/dev/null 2>"$BENCH_DIR/stderr.log"; then
    echo "bench.sh: failed: $*" >&2
    tail -5 "$BENCH_DIR/stderr.log" >&2
    return 1
  fi
  WALLS[$tool]+="$(wall_seconds "$log") "
  CPUS[$tool]+="$(cpu_seconds "$log") "
  SYSS[$tool]+="$(system_seconds "$log") "
  RSSS[$tool]+="$(rss_mib "$log") "
}

# row LABEL TOOL N OUT: the table row of TOOL's medians (and OUT's size).
row() {
  local label=$1 tool=$2 n=$3 out=$4 wall cpu sys rss pages="–" mib="–"
  wall=$(tr ' ' '\n' <<<"${WALLS[$tool]}" | grep . | median)
  cpu=$(tr ' ' '\n' <<<"${CPUS[$tool]}" | grep . | median)
  sys=$(tr ' ' '\n' <<<"${SYSS[$tool]}" | grep . | median)
  rss=$(tr ' ' '\n' <<<"${RSSS[$tool]}" | grep . | median)
  if [ -n "$out" ] && [ -d "$out" ]; then
    read -r pages bytes < <(site_stats "$out")
    mib=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1048576}')
  fi
  echo "  $label N=$n: ${wall}s wall (runs: ${WALLS[$tool]}), ${cpu}s CPU (${sys}s system), ${rss} MiB" >&2
  ROWS+=("| $label | $n | $pages | $mib | $wall | $cpu | $sys | $rss |")
  MEDIAN_WALL[$tool]=$wall
  MEDIAN_CPU[$tool]=$cpu
}
declare -A MEDIAN_WALL MEDIAN_CPU
RATIOS=()

for n in $SIZES; do
  site="$BENCH_DIR/site-$n"
  anchor="$BENCH_DIR/anchor-$n"
  want_hugo=0 want_zola=0
  if [ -n "$HUGO" ] && [[ " $HUGO_SIZES " == *" $n "* ]]; then want_hugo=1; fi
  if [ -n "$ZOLA" ] && [[ " $ZOLA_SIZES " == *" $n "* ]]; then want_zola=1; fi
  echo "N=$n: generating $site..." >&2
  if [ "$want_hugo" = 1 ]; then "$SYNTH" "$n" "$site" --hugo; else "$SYNTH" "$n" "$site"; fi
  if [ "$want_zola" = 1 ]; then python3 "$ANCHOR_GEN" "$n" "$anchor" >/dev/null; fi

  # The site must be valid: no errors, every event paired.
  summary=$("$ANNALS" check --root "$site" 2>&1 | tail -8)
  if ! grep -q '^0 error(s)' <<<"$summary" || grep -qE '[1-9][0-9]* unpaired' <<<"$summary"; then
    echo "bench.sh: the synthetic site of N=$n does not check clean:" >&2
    echo "$summary" >&2
    exit 1
  fi

  WALLS=() CPUS=() SYSS=() RSSS=()
  out="$BENCH_DIR/out-$n" zola_out="$BENCH_DIR/zola-out-$n" hugo_out="$BENCH_DIR/hugo-out-$n"
  for ((r = 1; r <= RUNS; r++)); do
    timed_run check ":" -- "$ANNALS" check --quiet --root "$site"
    timed_run annals "rm -rf '$out'" -- "$ANNALS" build --quiet --root "$site" --out "$out"
    if [ "$want_zola" = 1 ]; then
      timed_run zola "rm -rf '$zola_out'" -- "$ZOLA" --root "$anchor/zola" build --output-dir "$zola_out" --force
    fi
    if [ "$want_hugo" = 1 ]; then
      timed_run hugo "rm -rf '$hugo_out'" -- "$HUGO" --quiet -s "$site/hugo" -d "$hugo_out"
    fi
  done
  row "annals check" check "$n" ""
  row "annals build" annals "$n" "$out"
  if [ "$want_zola" = 1 ]; then
    row "zola $("$ZOLA" --version | awk '{print $2}')" zola "$n" "$zola_out"
    RATIOS+=("| $n | Zola | $(awk -v a="${MEDIAN_WALL[annals]}" -v b="${MEDIAN_WALL[zola]}" 'BEGIN {printf "%.1f×", b/a}') | $(awk -v a="${MEDIAN_CPU[annals]}" -v b="${MEDIAN_CPU[zola]}" 'BEGIN {printf "%.1f×", b/a}') |")
  fi
  if [ "$want_hugo" = 1 ]; then
    row "hugo $("$HUGO" version | awk '{print $2}')" hugo "$n" "$hugo_out"
    RATIOS+=("| $n | Hugo | $(awk -v a="${MEDIAN_WALL[annals]}" -v b="${MEDIAN_WALL[hugo]}" 'BEGIN {printf "%.1f×", b/a}') | $(awk -v a="${MEDIAN_CPU[annals]}" -v b="${MEDIAN_CPU[hugo]}" 'BEGIN {printf "%.1f×", b/a}') |")
  fi
  rm -rf "$site" "$anchor" "$out" "$zola_out" "$hugo_out"
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain 2>/dev/null | grep -vc '^??' || true)
echo
echo "annals $commit$([ "${dirty:-0}" != 0 ] && echo " (+ uncommitted changes)"), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), output on $(df --output=fstype "$BENCH_DIR" | tail -1); medians of $RUNS runs"
echo
echo "| command | N events | pages | output MiB | wall s | CPU s | of which system s | peak RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
if [ ${#RATIOS[@]} -gt 0 ]; then
  echo
  echo "| N events | other tool | its wall ÷ annals' | its CPU ÷ annals' |"
  echo "|---:|---|---:|---:|"
  printf '%s\n' "${RATIOS[@]}"
fi
if [ "$BUSY_RUNS" -gt 0 ]; then
  echo
  echo "$BUSY_RUNS run(s) started while the machine was busy with other work: their wall times are high; CPU times are less affected."
fi
[ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"
