#!/usr/bin/env bash
# CPU profile of one target's server process under the end-to-end load: Linux perf samples (for the gateway, JIT frames
# through the runtime's perf map, W^X off so perf can match JIT code to /tmp/perf-<pid>.map), system calls by kind, and
# for the gateway GC counters when dotnet-counters is installed.
# Usage: tests/Edge.LoadHarness/profile.sh [edge|mosquitto|nodered] [messages]
# (needs a Release build: dotnet build -c Release tests/Edge.LoadHarness)
# Prints the hottest symbols (self time) and the kernel/user split; perf.data stays in the output folder for perf report.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:-edge}
messages=${2:-200000}
case "$target" in
  edge) role="edge gateway" ;;
  mosquitto) role="mosquitto" ;;
  nodered) role="node-red" ;;
  *) echo "usage: $0 [edge|mosquitto|nodered] [messages]"; exit 2 ;;
esac
out=$(mktemp -d /tmp/edge-profile-XXXXXX)
EDGE_BENCH_GATEWAY_DOTNET_PerfMapEnabled=1 EDGE_BENCH_GATEWAY_DOTNET_EnableWriteXorExecute=0 dotnet tests/Edge.LoadHarness/bin/Release/net10.0/Edge.LoadHarness.dll \
  e2e --machines 100 --messages "$messages" --warmup 20000 --targets "$target" > "$out/harness.log" 2>&1 &
harness=$!
pid=""
for _ in $(seq 1 1200); do
  pid=$(sed -n "s/^ *$role pid \([0-9]*\)\$/\1/p" "$out/harness.log")
  [ -n "$pid" ] && break
  sleep 0.05
done
[ -n "$pid" ] || { echo "$role did not start"; cat "$out/harness.log"; exit 1; }
# Attach once the warm-up is done: the thread-pool threads of the steady state exist by then (perf -p does not follow
# threads created after it attached). Follows the gateway until the harness stops it.
for _ in $(seq 1 1200); do
  grep -q 'measuring' "$out/harness.log" && break
  sleep 0.05
done
# GC figures alongside, when dotnet-counters is installed (dotnet tool install -g dotnet-counters).
counters=${DOTNET_COUNTERS:-$(command -v dotnet-counters || true)}
if [ -n "$counters" ] && [ "$target" = edge ]; then
  "$counters" collect -p "$pid" --counters System.Runtime --format csv -o "$out/counters.csv" --refresh-interval 1 > "$out/counters.log" 2>&1 &
fi
# System calls by kind (socket reads/writes, futex wake-ups, epoll) over the same span.
perf stat -o "$out/syscalls.txt" -p "$pid" \
  -e syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_write,syscalls:sys_enter_recvfrom,syscalls:sys_enter_recvmsg,syscalls:sys_enter_read,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,syscalls:sys_enter_sched_yield \
  > /dev/null 2>&1 &
syscall_counter=$!
perf record -o "$out/perf.data" -F 999 -g -p "$pid" > "$out/perf.log" 2>&1 || true
wait "$harness" || true
wait "$syscall_counter" || true
cat "$out/harness.log"
report() { perf report -i "$out/perf.data" --no-children -g none --percentage relative --stdio "$@" 2>/dev/null | grep -E '^ +[0-9]'; }
report --sort dso,sym > "$out/symbols.txt"
echo "== $role CPU by component (share of its samples)"
# JIT frames name their assembly in brackets; native frames their library; kernel frames [k].
python3 - "$out/symbols.txt" <<'PY'
import re, sys, collections
groups = collections.Counter()
for line in open(sys.argv[1]):
    m = re.match(r"\s+([0-9.]+)%\s+(\S+(?: tid \d+)?)\s+\[(.)\]\s+(.*)", line)
    if not m:
        continue
    share, dso, kind, sym = float(m.group(1)), m.group(2), m.group(3), m.group(4)
    if kind == "k":
        key = "kernel"
    elif dso.startswith("[JIT]"):
        a = re.search(r"\[([A-Za-z][\w.]*)\] [\w.`+<>]+::", sym)
        key = "managed " + (a.group(1) if a else "stubs")
    else:
        key = dso
    groups[key] += share
for key, share in groups.most_common(25):
    print(f"{share:6.1f}%  {key}")
PY
echo "== $role system calls while attached (divide by the measured messages)"
grep -E 'syscalls:' "$out/syscalls.txt" || true
echo "== hottest symbols (self)"
head -30 "$out/symbols.txt" | cut -c1-220
if [ -f "$out/counters.csv" ]; then
  echo "== GC while perf was attached (dotnet-counters; rates summed over the 1 s samples)"
  grep -E 'total_allocated|gc.collections|gc.pause|lock_contentions|working_set' "$out/counters.csv" \
    | awk -F, '{ key=$2","$3; if ($2 ~ /\/ 1 sec/) sum[key]+=$NF; else sum[key]=$NF } END { for (k in sum) printf "%-75s %.0f\n", k, sum[k] }' | sort
  echo "(divide total_allocated by the measured messages for bytes allocated per message)"
fi
echo "perf data: $out/perf.data (perf report -i $out/perf.data)"
