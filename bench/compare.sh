#!/usr/bin/env bash
# The gateway beside the programs a site would otherwise run, on this machine, in one run: same
# certificates, same backends, runs interleaved (gateway, peer, gateway, peer, ...) so that machine
# noise hits both alike. Loopback only; every loop is bounded in count and every command in time.
#
# Usage: bench/compare.sh [--quick] [--only SECTIONS] [--gateway run|dataplane] [--no-record]
#   --quick       fewer, shorter runs (a smoke check of the harness; quote full runs)
#   --only        comma-separated sections of bench/sections/ (default: all of them, in order tls,mqtt,images):
#                 tls     the mTLS data plane beside HAProxy (handshakes, relay, idle memory)
#                 mqtt    MQTT publish rates through the gateway beside the same clients direct to Mosquitto
#                 images  firmware image serving and fan-out beside nginx
#   --gateway     run (default): the product, `bin/palisade run -c gateway.yaml` (audit log, metrics);
#                 dataplane: MtlsProxy alone (io.palisade.bench.tls.DataPlane), tls section only
#   --no-record   print the results block only (default: also append it to bench/RESULTS.md)
# Env: GATEWAY_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=/tmp/gw.jfr), KEEP=1 keeps the work dir.
# Needs: packaging/target/palisade.jar and bench/target/benchmarks.jar
#        (mvn -B -q -pl packaging,bench -am package -DskipTests), java 17+, python3, openssl and the
#        peers of the chosen sections (haproxy; mosquitto + mosquitto-clients; nginx).
# Each section's file says what it measures; bench/sections/README.md says how a section is written.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PALISADE_JAR=$ROOT/packaging/target/palisade.jar
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
QUICK=0 MODE=run RECORD=1 ONLY=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --only) ONLY=${2:?--only: missing (expected: a comma-separated list of sections)}; shift ;;
    --gateway) MODE=${2:?--gateway: missing (expected: run or dataplane)}; shift ;;
    --no-record) RECORD=0 ;;
    *) sed -n '5,16p' "$0"; exit 2 ;;
  esac
  shift
done
case $MODE in run|dataplane) ;; *) echo "--gateway: $MODE (expected: run or dataplane)" >&2; exit 2 ;; esac
SECTIONS=()
for s in tls mqtt images; do [ -f "$ROOT/bench/sections/$s.sh" ] && SECTIONS+=("$s"); done
if [ -n "$ONLY" ]; then
  SECTIONS=()
  for s in ${ONLY//,/ }; do
    [ -f "$ROOT/bench/sections/$s.sh" ] || { echo "--only: $s (expected one of: $(cd "$ROOT/bench/sections" && ls ./*.sh | sed 's|./||; s|\.sh$||' | tr '\n' ' '))" >&2; exit 2; }
    SECTIONS+=("$s")
  done
fi
for f in "$PALISADE_JAR" "$BENCH_JAR"; do
  [ -f "$f" ] || { echo "compare: $f missing; build: mvn -B -q -pl packaging,bench -am package -DskipTests" >&2; exit 2; }
done
for c in openssl java python3; do command -v $c >/dev/null || { echo "compare: $c not installed" >&2; exit 2; }; done
ulimit -n "$(ulimit -Hn)"   # 2,000 idle connections are 4 sockets each across the processes

WORK=$(mktemp -d /tmp/palisade-compare.XXXXXX)
RESULTS=$WORK/results       # lines: METRIC TARGET VALUE   (TARGET: gateway or the peer's name)
SETTINGS=$WORK/settings     # one line per section: how it ran
PEERS=$WORK/peers           # one line per peer: its name and version
STARTED=()                  # pids this script started; killed on exit, nothing else is
cleanup() {
  local p
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${STARTED[@]}"; do timeout 15 tail --pid="$p" -f /dev/null 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] && echo "work dir kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
touch "$RESULTS" "$SETTINGS" "$PEERS"

# --- helpers for the sections ------------------------------------------------------------------------
say() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
java_tool() { timeout 300 java -cp "$BENCH_JAR" "io.palisade.bench.$1" "${@:2}" 2>>"$WORK/tools.err"; }
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
# waits (at most 30 s) until something accepts TCP connections on 127.0.0.1:PORT
await_port() {
  local i
  for i in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  echo "compare: nothing listening on 127.0.0.1:$1 within 30 s" >&2; return 1
}
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime+stime, every thread
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
HZ=$(getconf CLK_TCK)
stop() { kill "$1"; timeout 30 tail --pid="$1" -f /dev/null; }
record() { echo "$1 $2 $3" >> "$RESULTS"; }          # METRIC TARGET VALUE
settings() { echo "$*" >> "$SETTINGS"; }             # a sentence on how a section ran
peer() { grep -qxF "$*" "$PEERS" || echo "$*" >> "$PEERS"; }   # a peer's name and version

# The start of a gateway.yaml: this run's PKI as identity and trust, a state directory, admin on
# loopback, no per-address handshake limit (one load generator is one source address).
gateway_yaml_head() { # NAME
  cat <<YAML
apiVersion: palisade/v1
kind: Gateway
site: bench
state: $WORK/state-$1
identity:
  certificate: $PKI/gateway.crt
  key: $PKI/gateway.key
tenants:
  - name: local
    trust: $PKI/root.crt
limits:
  handshakesPerSecondPerAddress: 1000000
admin:
  bind: 127.0.0.1:0
YAML
}
# Starts `bin/palisade run -c YAML`, logging to $WORK/gateway.NAME.log; sets GW_PID and GW_PORT
# (the first listener's port).
start_palisade() { # NAME YAML
  local log=$WORK/gateway.$1.log
  PALISADE_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-${PALISADE_JAVA_OPTS:-}}" "$ROOT/bin/palisade" run -c "$2" > "$log" 2>&1 &
  GW_PID=$!
  STARTED+=("$GW_PID")
  GW_PORT=$(await_line "$log" '"event":"listening".*"address":"127.0.0.1:[0-9]+"' | grep -oE '[0-9]+"$' | tr -d '"')
}
first_refusal() { # the reason of the gateway's first refusal, if any
  local r
  r=$(sed -n 's/.*"event":"refused".*"reason":"\([A-Z_]*\)".*/\1/p; s/^refused .*reason=\([A-Z_]*\).*/\1/p' "$WORK"/gateway.*.log 2>/dev/null | head -1 || true)
  [ -z "$r" ] || echo " (gateway refused devices: $r)"
}
refusals() { # how many devices the gateway refused so far (every refusal here is a harness or gateway fault)
  local n=0 f
  for f in "$WORK"/gateway.*.log; do
    [ -f "$f" ] || continue
    n=$((n + $(grep -cE '"event":"refused"|^refused ' "$f" || true)))
  done
  echo $n
}
# A results row: the medians of METRIC for the gateway and for PEER, and their ratio.
row() { # METRIC PEER PRINTF-FORMAT LABEL
  local g h
  g=$(awk -v m="$1" '$1 == m && $2 == "gateway" {print $3}' "$RESULTS" | median)
  h=$(awk -v m="$1" -v p="$2" '$1 == m && $2 == p {print $3}' "$RESULTS" | median)
  awk -v f="$3" -v l="$4" -v g="$g" -v h="$h" -v p="$2" 'BEGIN {
    r = (h + 0 > 0 && g != "nan") ? sprintf("%.2f", g / h) : "-"
    printf "| %s | %s | %s %s | %s |\n", l, (g == "nan" ? "n/a" : sprintf(f, g)), p, (h == "nan" ? "n/a" : sprintf(f, h)), r }'
}

# --- one PKI for the gateway and every peer: the gateway's local CA, its server certificate, one device
say "PKI: palisade pki init + device issue in $WORK"
PKI=$WORK/pki DEV=$WORK/device
"$ROOT/bin/palisade" pki init "$PKI" >/dev/null
"$ROOT/bin/palisade" device issue --ca "$PKI" --out "$DEV" >/dev/null
DEVICE_ID=$("$ROOT/bin/palisade" device id "$DEV/device.crt" | head -1)   # the device id (CN): MQTT client id, topics
cat "$PKI/gateway.crt" "$PKI/gateway.key" > "$WORK/server.pem"        # chain + key in one PEM (HAProxy)
# Clients name the CA bundle (root + device CA): openssl clients send the device CA with the leaf
# only if they can build the chain from their trust store.
CERT=(--cert "$DEV/device.crt" --key "$DEV/device.key" --ca "$PKI/ca-chain.pem")

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED_AT=$(date -Is)
say "sections=${SECTIONS[*]} mode=$MODE quick=$QUICK load=$LOAD0"
for s in "${SECTIONS[@]}"; do
  # shellcheck source=/dev/null
  . "$ROOT/bench/sections/$s.sh"
  "section_$s"
done
REFUSED=$(refusals)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# --- results -------------------------------------------------------------------------------------------
CMD=bench/compare.sh
[ -z "${GATEWAY_JAVA_OPTS:-}" ] || CMD="GATEWAY_JAVA_OPTS='$GATEWAY_JAVA_OPTS' $CMD"
[ $QUICK = 0 ] || CMD="$CMD --quick"
[ -z "$ONLY" ] || CMD="$CMD --only $ONLY"
[ $MODE = run ] || CMD="$CMD --gateway $MODE"
BLOCK=$WORK/block.md
{
  echo "### $STARTED_AT — \`$CMD\`"
  echo
  echo "Machine: nproc=$(nproc), kernel $(uname -r), $(java -version 2>&1 | head -1); peers: $(paste -sd ';' "$PEERS" | sed 's/;/; /g');"
  echo "load average $LOAD0 before, $LOAD1 after. Gateway: \`$MODE\`$([ $MODE = run ] && echo ' (bin/palisade run)' || echo ' (MtlsProxy alone)')."
  echo "Devices refused by the gateway: $REFUSED$(first_refusal)."
  sed 's/^/- /' "$SETTINGS"
  echo
  echo "| metric (median) | gateway | peer | gateway/peer |"
  echo "| --- | --- | --- | --- |"
  for s in "${SECTIONS[@]}"; do "rows_$s"; done
  echo
} > "$BLOCK"
echo
cat "$BLOCK"
if [ $RECORD = 1 ]; then cat "$BLOCK" >> "$ROOT/bench/RESULTS.md"; say "appended to bench/RESULTS.md"; fi
