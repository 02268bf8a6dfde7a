#!/usr/bin/env bash
# Builds the same synthetic pages with prongsai, Hugo and Zola (each when found), several runs
# each, alternating, and prints median wall time, CPU time (user+sys) and peak memory, with
# prongsai's ratio to the faster peer; then the report flavour at the same sizes.
#
#   benches/bench.sh [SIZE ...]          default sizes: 1000 10000; RUNS=5 by default
#   BASELINE=path/to/older/prongsai benches/bench.sh ...
#                                        also builds every site with an older prongsai, runs
#                                        alternating, and prints this build's time ÷ the older one's
#
# Needs: python3, GNU time (/usr/bin/time, Debian package `time`), hugo (Debian package `hugo`),
# zola on PATH or ZOLA=/path/to/zola (optional). Timings are figures to read, never a test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-5}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work" && work=$(cd "$work" && pwd) # absolute: Hugo reads a relative --destination from --source
prongsai=${PRONGSAI:-$repo/target/release/prongsai}
hugo=${HUGO:-$(command -v hugo || true)}
zola=${ZOLA:-$(command -v zola || true)}
baseline=${BASELINE:-}
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
[ -x "$prongsai" ] || (cd "$repo" && cargo build --release --quiet)
# Every run writes a fresh folder and nothing is deleted until the end: on some file systems,
# creating files right after deleting thousands of others is slow in the kernel (for every tool
# alike), which would measure the disk rather than the generators.
outs=$work/outputs-$$
mkdir -p "$outs"
trap 'rm -rf "$outs"' EXIT

measure() { # tool site out -> "wall cpu rss_kib"; out must not exist yet; a failed build stops the script
  local tool=$1 site=$2 out=$3 log
  log=$(mktemp)
  case $tool in
    prongsai) /usr/bin/time -f '%e %U %S %M' -o "$log" "$prongsai" build --root "$site" --output "$out" >/dev/null 2>"$log.err" ;;
    baseline) /usr/bin/time -f '%e %U %S %M' -o "$log" "$baseline" build --root "$site" --output "$out" >/dev/null 2>"$log.err" ;;
    hugo) /usr/bin/time -f '%e %U %S %M' -o "$log" "$hugo" --quiet --source "$site" --destination "$out" >/dev/null 2>"$log.err" ;;
    zola) /usr/bin/time -f '%e %U %S %M' -o "$log" "$zola" --root "$site" build --output-dir "$out" --force >/dev/null 2>"$log.err" ;;
  esac
  if [ "$(wc -l <"$log")" -ne 1 ]; then # GNU time adds a line "Command exited with non-zero status N"
    { echo "$tool failed on $site: $(head -n 1 "$log")"; tail -n 5 "$log.err"; } >&2
    rm -f "$log" "$log.err"
    return 1
  fi
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$log"
  rm -f "$log" "$log.err"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sm)"
echo "prongsai $("$prongsai" --version | awk '{print $2}'), ${hugo:+$("$hugo" version | awk '{print $1, $2}')}, ${zola:+$("$zola" --version)}${baseline:+, baseline: $baseline}"
echo
echo "| flavour | pages | tool | wall s (median) | CPU s | peak MiB | wall ÷ fastest peer |"
echo "|---|---:|---|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  site=$work/pages-$n
  [ -d "$site/prongsai" ] || python3 "$here/gen_site.py" --flavour pages --pages "$n" --out "$site"
  tools=(prongsai)
  [ -n "$baseline" ] && tools+=(baseline)
  [ -n "$hugo" ] && tools+=(hugo)
  [ -n "$zola" ] && tools+=(zola)
  declare -A results=()
  for ((r = 0; r < runs; r++)); do
    for t in "${tools[@]}"; do
      src=$t
      [ "$t" = baseline ] && src=prongsai
      results[$t]+="$(measure "$t" "$site/$src" "$outs/$t-$n-$r")"$'\n'
    done
  done
  declare -A wall=()
  for t in "${tools[@]}"; do
    wall[$t]=$(printf '%s' "${results[$t]}" | awk 'NF {print $1}' | median)
  done
  best_peer=""
  for t in hugo zola; do
    [ -n "${wall[$t]:-}" ] || continue
    if [ -z "$best_peer" ] || awk "BEGIN {exit !(${wall[$t]} < $best_peer)}"; then best_peer=${wall[$t]}; fi
  done
  for t in "${tools[@]}"; do
    cpu=$(printf '%s' "${results[$t]}" | awk 'NF {print $2}' | median)
    rss=$(printf '%s' "${results[$t]}" | awk 'NF {print $3}' | median)
    ratio="–"
    [ "$t" = prongsai ] && [ -n "$best_peer" ] && ratio=$(awk "BEGIN {printf \"%.2f\", ${wall[$t]} / $best_peer}")
    [ "$t" = baseline ] && ratio="prongsai ÷ baseline: $(awk "BEGIN {printf \"%.2f\", ${wall[prongsai]} / ${wall[$t]}}")"
    printf '| pages | %s | %s | %.2f | %.2f | %.0f | %s |\n' "$n" "$t" "${wall[$t]}" "$cpu" "$(awk "BEGIN {print $rss / 1024}")" "$ratio"
  done
  unset results wall
done
declare -A report_wall=()
for n in "${sizes[@]}"; do
  site=$work/report-$n
  [ -d "$site/prongsai" ] || python3 "$here/gen_site.py" --flavour report --pages "$n" --out "$site"
  all="" base=""
  for ((r = 0; r < runs; r++)); do
    all+="$(measure prongsai "$site/prongsai" "$outs/report-$n-$r")"$'\n'
    [ -n "$baseline" ] && base+="$(measure baseline "$site/prongsai" "$outs/report-base-$n-$r")"$'\n'
  done
  w=$(printf '%s' "$all" | awk 'NF {print $1}' | median)
  c=$(printf '%s' "$all" | awk 'NF {print $2}' | median)
  m=$(printf '%s' "$all" | awk 'NF {print $3}' | median)
  report_wall[$n]=$w
  printf '| report | %s | prongsai | %.2f | %.2f | %.0f | – |\n' "$n" "$w" "$c" "$(awk "BEGIN {print $m / 1024}")"
  if [ -n "$baseline" ]; then
    bw=$(printf '%s' "$base" | awk 'NF {print $1}' | median)
    bc=$(printf '%s' "$base" | awk 'NF {print $2}' | median)
    bm=$(printf '%s' "$base" | awk 'NF {print $3}' | median)
    printf '| report | %s | baseline | %.2f | %.2f | %.0f | prongsai ÷ baseline: %.2f |\n' "$n" "$bw" "$bc" "$(awk "BEGIN {print $bm / 1024}")" "$(awk "BEGIN {print $w / $bw}")"
  fi
done
if [ ${#sizes[@]} -ge 2 ]; then
  first=${sizes[0]} last=${sizes[-1]}
  echo
  echo "report flavour: $last activities take $(awk "BEGIN {printf \"%.1f\", ${report_wall[$last]} / ${report_wall[$first]}}")× the time of $first"
fi
