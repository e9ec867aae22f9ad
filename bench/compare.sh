#!/usr/bin/env bash
# The gateway's mTLS data plane beside HAProxy 2.6 on this machine: same certificates, same backend,
# runs interleaved (gateway, haproxy, gateway, haproxy, ...) so that machine noise hits both alike.
# Loopback only; every loop is bounded in count and every command in time.
#
# Usage: bench/compare.sh [--quick] [--gateway run|dataplane] [--no-record]
#   --quick       fewer, shorter runs (about 2 minutes instead of about 7)
#   --gateway     run (default): the product, `bin/palisade run -c gateway.yaml` (audit log, metrics);
#                 dataplane: MtlsProxy alone (io.palisade.bench.tls.DataPlane): no audit log or metrics,
#                 per-address handshake limit raised so that one s_time client is not throttled
#   --no-record   print the results block only (default: also append it to bench/RESULTS.md)
# Env: GATEWAY_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=/tmp/gw.jfr), KEEP=1 keeps the work dir.
# Needs: packaging/target/palisade.jar and bench/target/benchmarks.jar
#        (mvn -B -q -pl packaging,bench -am package -DskipTests), openssl, haproxy, java 17+, python3.
#
# Measures (medians over the runs, and gateway/haproxy ratios):
#   full mTLS handshakes/s, TLS 1.3 and 1.2   openssl s_time -new, one client, wall clock
#   server CPU ms per handshake                utime+stime of the server process (/proc/PID/stat)
#   relay MB/s of one S MiB upload stream      RelayStream -> terminator -> Sink (which answers its count)
#   server CPU s per GB relayed
#   KiB per idle mTLS connection               IdleConnections: RSS before/after N held connections,
#                                              on a freshly started server (restarted for every repeat)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PALISADE_JAR=$ROOT/packaging/target/palisade.jar
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
QUICK=0 MODE=run RECORD=1
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --gateway) MODE=${2:?--gateway: missing (expected: run or dataplane)}; shift ;;
    --no-record) RECORD=0 ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
  shift
done
case $MODE in run|dataplane) ;; *) echo "--gateway: $MODE (expected: run or dataplane)" >&2; exit 2 ;; esac
# WARM_SECS: s_time per TLS version and target before counting; the gateway's JIT needs several
# thousand handshakes before its CPU per handshake settles (the first 10 s cost it twice as much).
if [ $QUICK = 1 ]; then RUNS=2 HS_SECS=3 WARM_SECS=4 MIB=256 WARM_MIB=64 IDLE_N=1000 IDLE_RUNS=1
else RUNS=5 HS_SECS=10 WARM_SECS=10 MIB=1024 WARM_MIB=256 IDLE_N=2000 IDLE_RUNS=3; fi
for f in "$PALISADE_JAR" "$BENCH_JAR"; do
  [ -f "$f" ] || { echo "compare: $f missing; build: mvn -B -q -pl packaging,bench -am package -DskipTests" >&2; exit 2; }
done
for c in openssl haproxy java python3; do command -v $c >/dev/null || { echo "compare: $c not installed" >&2; exit 2; }; done
ulimit -n "$(ulimit -Hn)"   # 2,000 idle connections are 4 sockets each across the processes

WORK=$(mktemp -d /tmp/palisade-compare.XXXXXX)
RESULTS=$WORK/results       # lines: METRIC TARGET VALUE
STARTED=()                  # pids this script started; killed on exit, nothing else is
cleanup() {
  local p
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${STARTED[@]}"; do timeout 15 tail --pid="$p" -f /dev/null 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] && echo "work dir kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
say() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
java_tool() { timeout 300 java -cp "$BENCH_JAR" "io.palisade.bench.tls.$1" "${@:2}" 2>>"$WORK/tools.err"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# waits (at most 30 s) until FILE has a line matching REGEX, prints the first match
await_line() {
  local i
  for i in $(seq 150); do
    grep -m1 -oE "$2" "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "compare: no '$2' in $1 within 30 s:" >&2; tail -5 "$1" >&2; return 1
}
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime+stime, every thread
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
HZ=$(getconf CLK_TCK)

# --- one PKI for both: the gateway's local CA, its server certificate, one device -----------------
say "PKI: palisade pki init + device issue in $WORK"
PKI=$WORK/pki DEV=$WORK/device
"$ROOT/bin/palisade" pki init "$PKI" >/dev/null
"$ROOT/bin/palisade" device issue --ca "$PKI" --out "$DEV" >/dev/null
cat "$PKI/gateway.crt" "$PKI/gateway.key" > "$WORK/server.pem"        # HAProxy: chain + key in one PEM
# Clients name the CA bundle (root + device CA): s_time sends the device CA with the leaf only if
# it can build the chain from its trust store.
CERT=(--cert "$DEV/device.crt" --key "$DEV/device.key" --ca "$PKI/ca-chain.pem")

# --- the backend, then the two terminators ---------------------------------------------------------
java -cp "$BENCH_JAR" io.palisade.bench.tls.Sink > "$WORK/sink.out" 2>>"$WORK/tools.err" &
STARTED+=($!)
SINK=$(await_line "$WORK/sink.out" 'port=[0-9]+' | cut -d= -f2)

GW_PID="" GW_PORT="" HA_PID="" HA_PORT=""
start_gateway() {
  local log=$WORK/gateway.$1.log
  if [ $MODE = run ]; then
    cat > "$WORK/gateway.yaml" <<YAML
apiVersion: palisade/v1
kind: Gateway
site: bench
state: $WORK/state
identity:
  certificate: $PKI/gateway.crt
  key: $PKI/gateway.key
tenants:
  - name: local
    trust: $PKI/root.crt
listeners:
  - name: bench
    bind: 127.0.0.1:0
    route: {to: "127.0.0.1:$SINK"}
limits:
  handshakesPerSecondPerAddress: 1000000
admin:
  bind: 127.0.0.1:0
YAML
    PALISADE_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-}" "$ROOT/bin/palisade" run -c "$WORK/gateway.yaml" > "$log" 2>&1 &
    GW_PID=$!
    GW_PORT=$(await_line "$log" '"event":"listening".*"address":"127.0.0.1:[0-9]+"' | grep -oE '[0-9]+"$' | tr -d '"')
  else
    # shellcheck disable=SC2086
    java ${GATEWAY_JAVA_OPTS:-} -cp "$BENCH_JAR" io.palisade.bench.tls.DataPlane --to "127.0.0.1:$SINK" \
      --cert "$PKI/gateway.crt" --key "$PKI/gateway.key" --trust "$PKI/root.crt" > "$log" 2>&1 &
    GW_PID=$!
    GW_PORT=$(await_line "$log" 'port=[0-9]+' | cut -d= -f2)
  fi
  STARTED+=("$GW_PID")
}
start_haproxy() {
  HA_PORT=$(free_port)
  cat > "$WORK/haproxy.cfg" <<CFG
global
  maxconn 9000
  nbthread 2
defaults
  mode tcp
  timeout connect 5s
  timeout client 5m
  timeout server 5m
frontend mtls
  bind 127.0.0.1:$HA_PORT ssl crt $WORK/server.pem ca-file $PKI/root.crt verify required
  default_backend sink
backend sink
  server sink 127.0.0.1:$SINK
CFG
  haproxy -c -q -f "$WORK/haproxy.cfg"
  haproxy -f "$WORK/haproxy.cfg" -db > "$WORK/haproxy.$1.log" 2>&1 &
  HA_PID=$!
  STARTED+=("$HA_PID")
  local i
  for i in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$HA_PORT") 2>/dev/null && return 0; sleep 0.2; done
  echo "compare: haproxy not listening on $HA_PORT within 30 s" >&2; return 1
}
stop() { kill "$1"; timeout 30 tail --pid="$1" -f /dev/null; }
port_of() { [ "$1" = gateway ] && echo "$GW_PORT" || echo "$HA_PORT"; }
pid_of() { [ "$1" = gateway ] && echo "$GW_PID" || echo "$HA_PID"; }

# --- measurements ------------------------------------------------------------------------------------
handshakes() { # TARGET TLS SECONDS -> records hsTLS and cpuTLS (unless SECONDS is a warm-up, RECORD=0)
  local t=$1 v=$2 secs=$3 pid c0 c1 t0 t1 n out=$WORK/s_time.out
  pid=$(pid_of "$t"); c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
  timeout $((secs + 30)) openssl s_time -connect "127.0.0.1:$(port_of "$t")" -new -tls"${v/./_}" \
    -cert "$DEV/device.crt" -key "$DEV/device.key" -CAfile "$PKI/ca-chain.pem" -time "$secs" > "$out" 2>&1 || true
  t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
  n=$(grep -m1 -oE '^[0-9]+ connections in [0-9.]+s' "$out" | cut -d' ' -f1 || true)
  if [ -z "$n" ]; then   # s_time gives up at the first failed connection
    say "  WARN $t TLS $v: s_time stopped: $(grep -m1 -iE 'error|unable' "$out" | cut -c1-150)$(first_refusal)"
    return 0
  fi
  [ "${4:-1}" = 1 ] || return 0
  awk -v n="${n:-0}" -v a="$t0" -v b="$t1" -v d=$((c1 - c0)) -v hz="$HZ" -v t="$t" -v v="$v" 'BEGIN {
    printf "hs%s %s %.1f\n", v, t, n / (b - a);
    if (n > 0) printf "cpu%s %s %.3f\n", v, t, d / hz * 1000 / n }' | tee -a "$RESULTS" | sed 's/^/  /' >&2
}
relay() { # TARGET
  local line
  line=$(java_tool RelayStream --target "127.0.0.1:$(port_of "$1")" "${CERT[@]}" --tls 1.3 \
    --mib "$MIB" --warmup-mib "$WARM_MIB" --pids "$(pid_of "$1")") || { say "  WARN $1 relay failed: $(tail -1 "$WORK/tools.err")"; return 0; }
  say "  $1 $line"
  echo "$line" | awk -v t="$1" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); f[kv[1]] = kv[2]}
    print "mbps", t, f["MBps"]; print "cpugb", t, f["cpu_s_per_GB"]}' >> "$RESULTS"
}
idle() { # TARGET (freshly started)
  local line
  line=$(java_tool IdleConnections --target "127.0.0.1:$(port_of "$1")" "${CERT[@]}" --tls 1.3 \
    --n "$IDLE_N" --pids "$(pid_of "$1")") || { say "  WARN $1 idle run failed: $(tail -1 "$WORK/tools.err")"; return 0; }
  say "  $1 $line"
  echo "$line" | grep -oE 'KiB_per_conn=[0-9.]+' | awk -v t="$1" -F= '{print "kib", t, $2}' >> "$RESULTS"
}
first_refusal() { # the reason of the gateway's first refusal, if any
  local r
  r=$(sed -n 's/.*"event":"refused".*"reason":"\([A-Z_]*\)".*/\1/p; s/^refused .*reason=\([A-Z_]*\).*/\1/p' "$WORK"/gateway.*.log | head -1 || true)
  [ -z "$r" ] || echo " (gateway refused devices: $r)"
}
refusals() { # how many devices the gateway refused so far (every refusal here is a harness or gateway fault)
  local n=0 f
  for f in "$WORK"/gateway.*.log; do
    n=$((n + $(grep -cE '"event":"refused"|^refused ' "$f" || true)))
  done
  echo $n
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED_AT=$(date -Is)
say "mode=$MODE quick=$QUICK runs=$RUNS s_time=${HS_SECS}s stream=${MIB}MiB idle=$IDLE_N x $IDLE_RUNS  load=$LOAD0"
start_gateway 1
start_haproxy 1
say "gateway pid $GW_PID port $GW_PORT; haproxy pid $HA_PID port $HA_PORT; sink port $SINK"

say "warm-up (not counted): ${WARM_SECS} s of handshakes each, TLS 1.3 and 1.2 (RelayStream warms up on its own)"
for t in gateway haproxy; do handshakes $t 1.3 "$WARM_SECS" 0; handshakes $t 1.2 "$WARM_SECS" 0; done

say "handshakes: $RUNS runs x TLS 1.3, 1.2 x gateway, haproxy (${HS_SECS} s each)"
for r in $(seq "$RUNS"); do
  for v in 1.3 1.2; do for t in gateway haproxy; do handshakes $t $v "$HS_SECS"; done; done
done
REFUSED_HS=$(refusals)

say "relay: $RUNS runs x one ${MIB} MiB stream (TLS 1.3)"
for r in $(seq "$RUNS"); do for t in gateway haproxy; do relay $t; done; done

say "idle connections: $IDLE_RUNS runs x $IDLE_N connections (TLS 1.3), servers restarted for each"
for r in $(seq "$IDLE_RUNS"); do
  stop "$GW_PID"; start_gateway $((r + 1)); idle gateway
  stop "$HA_PID"; start_haproxy $((r + 1)); idle haproxy
done
REFUSED=$(refusals)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# --- results -------------------------------------------------------------------------------------------
row() { # METRIC PRINTF-FORMAT LABEL
  local g h
  g=$(awk -v m="$1" '$1 == m && $2 == "gateway" {print $3}' "$RESULTS" | median)
  h=$(awk -v m="$1" '$1 == m && $2 == "haproxy" {print $3}' "$RESULTS" | median)
  awk -v f="$2" -v l="$3" -v g="$g" -v h="$h" 'BEGIN {
    r = (h + 0 > 0 && g != "nan") ? sprintf("%.2f", g / h) : "-"
    printf "| %s | %s | %s | %s |\n", l, (g == "nan" ? "n/a" : sprintf(f, g)), (h == "nan" ? "n/a" : sprintf(f, h)), r }'
}
CMD=bench/compare.sh
[ -z "${GATEWAY_JAVA_OPTS:-}" ] || CMD="GATEWAY_JAVA_OPTS='$GATEWAY_JAVA_OPTS' $CMD"
[ $QUICK = 0 ] || CMD="$CMD --quick"
[ $MODE = run ] || CMD="$CMD --gateway $MODE"
BLOCK=$WORK/block.md
{
  echo "### $STARTED_AT — \`$CMD\`"
  echo
  echo "Machine: nproc=$(nproc), kernel $(uname -r), $(java -version 2>&1 | head -1), $(haproxy -v | head -1 | cut -d' ' -f1-3);"
  echo "load average $LOAD0 before, $LOAD1 after. Gateway: \`$MODE\`$([ $MODE = run ] && echo ' (bin/palisade run)' || echo ' (MtlsProxy alone)')."
  echo "Settings: $RUNS interleaved runs after ${WARM_SECS} s of uncounted handshakes; s_time ${HS_SECS} s, one client; one ${MIB} MiB stream after a ${WARM_MIB} MiB warm-up;"
  echo "$IDLE_N idle connections x $IDLE_RUNS fresh starts. Devices refused by the gateway: $REFUSED_HS during handshakes,"
  echo "$REFUSED in all$(first_refusal)."
  echo
  echo "| metric (median) | gateway | haproxy | gateway/haproxy |"
  echo "| --- | --- | --- | --- |"
  row hs1.3 %.0f "full mTLS handshakes/s, TLS 1.3 (higher is better)"
  row hs1.2 %.0f "full mTLS handshakes/s, TLS 1.2"
  row cpu1.3 %.2f "server CPU ms per handshake, TLS 1.3 (lower is better)"
  row cpu1.2 %.2f "server CPU ms per handshake, TLS 1.2"
  row mbps %.0f "relay MB/s, one ${MIB} MiB stream (higher is better)"
  row cpugb %.2f "server CPU s per GB relayed (lower is better)"
  row kib %.1f "KiB per idle mTLS connection (lower is better)"
  echo
} > "$BLOCK"
echo
cat "$BLOCK"
if [ $RECORD = 1 ]; then cat "$BLOCK" >> "$ROOT/bench/RESULTS.md"; say "appended to bench/RESULTS.md"; fi
