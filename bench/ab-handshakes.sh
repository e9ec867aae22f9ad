#!/usr/bin/env bash
# Server CPU per full mTLS handshake of several data-plane builds (or JVM options) and HAProxy, in
# one run, interleaved: the A/B check for a change to the handshake path on a machine shared with
# other work, where only same-run figures compare. Each target is the data plane
# (io.palisade.bench.tls.DataPlane) of a benchmarks.jar; keep a copy of the jar built before a
# change to compare with the one after. Loopback only; every command is bounded in time.
#
# Usage: bench/ab-handshakes.sh [--warm S] [--secs S] [--runs N] [--tls 1.3|1.2] NAME=JAR[,JVM-OPTION...]...
#   --warm  seconds of uncounted handshakes per target first (default 20: the JIT settles)
#   --secs  seconds per measured run (default 6); --runs  runs per target (default 3)
#   e.g.    bench/ab-handshakes.sh before=/tmp/before.jar after=bench/target/benchmarks.jar \
#             c1=bench/target/benchmarks.jar,-XX:TieredStopAtLevel=1
# Prints per run: target, CPU ms per handshake (utime+stime from /proc/PID/stat), handshakes, user
# and system ms; then the medians. Needs: packaging/target/palisade.jar (for the PKI), openssl, haproxy.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WARM=20 SECS=6 RUNS=3 TLS=1.3 TARGETS=()
while [ $# -gt 0 ]; do
  case $1 in
    --warm) WARM=$2; shift ;;
    --secs) SECS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --tls) TLS=$2; shift ;;
    *=*) TARGETS+=("$1") ;;
    *) sed -n '8,15p' "$0"; exit 2 ;;
  esac
  shift
done
[ ${#TARGETS[@]} -gt 0 ] || { sed -n '8,15p' "$0"; exit 2; }
WORK=$(mktemp -d /tmp/palisade-ab.XXXXXX)
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
await_line() { # FILE REGEX: the first match within 60 s
  local i
  for i in $(seq 300); do grep -m1 -oE "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "ab-handshakes: no '$2' in $1:" >&2; tail -5 "$1" >&2; return 1
}
"$ROOT/bin/palisade" pki init "$WORK/pki" >/dev/null
"$ROOT/bin/palisade" device issue --ca "$WORK/pki" --out "$WORK/dev" >/dev/null
first_jar=${TARGETS[0]#*=}; first_jar=${first_jar%%,*}
java -cp "$first_jar" io.palisade.bench.tls.Sink > "$WORK/sink.out" 2>&1 & PIDS+=($!)
SINK=$(await_line "$WORK/sink.out" 'port=[0-9]+' | cut -d= -f2)

declare -A PID PORT
NAMES=()
for t in "${TARGETS[@]}"; do
  name=${t%%=*} spec=${t#*=}
  IFS=, read -r -a parts <<< "$spec"
  java "${parts[@]:1}" -cp "${parts[0]}" io.palisade.bench.tls.DataPlane --to "127.0.0.1:$SINK" \
    --cert "$WORK/pki/gateway.crt" --key "$WORK/pki/gateway.key" --trust "$WORK/pki/root.crt" > "$WORK/$name.log" 2>&1 &
  PID[$name]=$! PORT[$name]=""; PIDS+=($!); NAMES+=("$name")
  PORT[$name]=$(await_line "$WORK/$name.log" 'port=[0-9]+' | cut -d= -f2)
done
HA_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat "$WORK/pki/gateway.crt" "$WORK/pki/gateway.key" > "$WORK/server.pem"
printf '%s\n' global '  nbthread 2' defaults '  mode tcp' '  timeout connect 5s' '  timeout client 1m' \
  '  timeout server 1m' frontend\ mtls \
  "  bind 127.0.0.1:$HA_PORT ssl crt $WORK/server.pem ca-file $WORK/pki/root.crt verify required" \
  '  default_backend sink' backend\ sink "  server sink 127.0.0.1:$SINK" > "$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" -db > "$WORK/haproxy.log" 2>&1 & PID[haproxy]=$!; PORT[haproxy]=$HA_PORT; PIDS+=($!)
NAMES+=(haproxy)
sleep 1

HZ=$(getconf CLK_TCK)
ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12, $13}'; }   # utime stime
handshakes() { # NAME SECONDS -> "ms_per_handshake handshakes user_ms system_ms"
  local p=${PID[$1]} u0 s0 u1 s1 n
  read -r u0 s0 < <(ticks "$p")
  n=$(timeout $(($2 + 30)) openssl s_time -connect "127.0.0.1:${PORT[$1]}" -new -tls"${TLS/./_}" \
    -cert "$WORK/dev/device.crt" -key "$WORK/dev/device.key" -CAfile "$WORK/pki/ca-chain.pem" -time "$2" 2>&1 \
    | grep -m1 -oE '^[0-9]+ connections in' | cut -d' ' -f1 || true)
  read -r u1 s1 < <(ticks "$p")
  awk -v n="${n:-0}" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$HZ" 'BEGIN {
    if (n > 0) printf "%.3f %d user=%.3f sys=%.3f\n", (u + s) / hz * 1000 / n, n, u / hz * 1000 / n, s / hz * 1000 / n;
    else print "nan 0" }'
}
echo "load $(cut -d' ' -f1-3 /proc/loadavg); TLS $TLS; warm-up ${WARM} s each, then $RUNS x ${SECS} s, interleaved"
for t in "${NAMES[@]}"; do handshakes "$t" "$WARM" > /dev/null; done
for r in $(seq "$RUNS"); do
  for t in "${NAMES[@]}"; do echo "$t $(handshakes "$t" "$SECS")"; done
done | tee "$WORK/runs"
for t in "${NAMES[@]}"; do
  grep "^$t " "$WORK/runs" | awk '{print $2}' | sort -g \
    | awk -v t="$t" '{v[NR] = $1} END {printf "median %s %.3f ms CPU per handshake\n", t, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
