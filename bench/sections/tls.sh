# shellcheck shell=bash
# Section tls: the mTLS data plane beside HAProxy (mode tcp, verify required), both relaying to the
# same plain TCP backend (Sink).
#   full mTLS handshakes/s, TLS 1.3 and 1.2   openssl s_time -new, one client, wall clock
#   server CPU ms per handshake                utime+stime of the server process (/proc/PID/stat)
#   new and resumed connections/s              Handshakes (Netty, BoringSSL): 2 concurrent loops of connect,
#                                              handshake, one request to the backend, close
#   relay MB/s of one S MiB upload stream      RelayStream -> terminator -> Sink (which answers its count)
#   server CPU s per GB relayed
#   the same for N streams at once            RelayStream --streams N
#   KiB per idle mTLS connection               IdleConnections: median RSS growth per connection over 5 steps of N/5,
#                                              on a freshly started server (restarted for every repeat)

# WARM_SECS: s_time per TLS version and target before counting; the gateway's JIT needs several
# thousand handshakes before its CPU per handshake settles (the first 10 s cost it twice as much).
if [ $QUICK = 1 ]; then TLS_RUNS=2 HS_SECS=3 NETTY_SECS=2 RELAY_N=8 WARM_SECS=4 MIB=256 WARM_MIB=64 IDLE_N=1000 IDLE_RUNS=1
else TLS_RUNS=5 HS_SECS=10 NETTY_SECS=5 RELAY_N=8 WARM_SECS=10 MIB=1024 WARM_MIB=256 IDLE_N=4000 IDLE_RUNS=3; fi

TLS_GW_PID="" TLS_GW_PORT="" HA_PID="" HA_PORT="" SINK=""
tls_start_gateway() { # N
  if [ $MODE = run ]; then
    { gateway_yaml_head tls
      cat <<YAML
listeners:
  - name: bench
    bind: 127.0.0.1:0
    route: {to: "127.0.0.1:$SINK"}
YAML
    } > "$WORK/gateway-tls.yaml"
    start_palisade "tls.$1" "$WORK/gateway-tls.yaml"
  else
    local log=$WORK/gateway.tls.$1.log
    # shellcheck disable=SC2086
    java ${GATEWAY_JAVA_OPTS:-} -cp "$BENCH_JAR" io.palisade.bench.tls.DataPlane --to "127.0.0.1:$SINK" \
      --cert "$PKI/gateway.crt" --key "$PKI/gateway.key" --trust "$PKI/root.crt" > "$log" 2>&1 &
    GW_PID=$!
    STARTED+=("$GW_PID")
    GW_PORT=$(await_line "$log" 'port=[0-9]+' | cut -d= -f2)
  fi
  TLS_GW_PID=$GW_PID TLS_GW_PORT=$GW_PORT
}
tls_start_haproxy() { # N
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
  await_port "$HA_PORT"
}
tls_port() { [ "$1" = gateway ] && echo "$TLS_GW_PORT" || echo "$HA_PORT"; }
tls_pid() { [ "$1" = gateway ] && echo "$TLS_GW_PID" || echo "$HA_PID"; }

tls_handshakes() { # TARGET TLS SECONDS [RECORD=1] -> records hsTLS and cpuTLS
  local t=$1 v=$2 secs=$3 pid c0 c1 t0 t1 n out=$WORK/s_time.out
  pid=$(tls_pid "$t"); c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
  timeout $((secs + 30)) openssl s_time -connect "127.0.0.1:$(tls_port "$t")" -new -tls"${v/./_}" \
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
tls_netty_handshakes() { # TARGET TLS MODE SECONDS [RECORD=1] -> records conn{full,resumed}TLS and cpuconn...
  local line
  line=$(java_tool tls.Handshakes --target "127.0.0.1:$(tls_port "$1")" "${CERT[@]}" --tls "$2" --mode "$3" \
    --clients 2 --seconds "$4" --warmup-seconds 1 --pids "$(tls_pid "$1")") || { say "  WARN $1 $3 TLS $2 handshakes failed: $(tail -1 "$WORK/tools.err")"; return 0; }
  [ "${5:-1}" = 1 ] || return 0
  say "  $1 $line"
  echo "$line" | awk -v t="$1" -v k="$3$2" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); f[kv[1]] = kv[2]}
    print "conn" k, t, f["per_s"]; print "cpuconn" k, t, f["cpu_ms_per_hs"]; n = f["n"] + 0; print "share" k, t, (n ? f["resumed"] / n : 0)}' >> "$RESULTS"
}
tls_relay() { # TARGET STREAMS -> records mbps and cpugb (one stream), mbpsN and cpugbN (N streams)
  local line k=""
  [ "$2" = 1 ] || k=N
  line=$(java_tool tls.RelayStream --target "127.0.0.1:$(tls_port "$1")" "${CERT[@]}" --tls 1.3 --streams "$2" \
    --mib $((MIB / $2)) --warmup-mib $((WARM_MIB / $2)) --pids "$(tls_pid "$1")") || { say "  WARN $1 relay failed: $(tail -1 "$WORK/tools.err")"; return 0; }
  say "  $1 $line"
  echo "$line" | awk -v t="$1" -v k="$k" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); f[kv[1]] = kv[2]}
    print "mbps" k, t, f["MBps"]; print "cpugb" k, t, f["cpu_s_per_GB"]}' >> "$RESULTS"
}
tls_idle() { # TARGET (freshly started)
  local line
  line=$(java_tool tls.IdleConnections --target "127.0.0.1:$(tls_port "$1")" "${CERT[@]}" --tls 1.3 \
    --n "$IDLE_N" --pids "$(tls_pid "$1")") || { say "  WARN $1 idle run failed: $(tail -1 "$WORK/tools.err")"; return 0; }
  say "  $1 $line"
  echo "$line" | grep -oE 'KiB_per_conn=[0-9.]+' | awk -v t="$1" -F= '{print "kib", t, $2}' >> "$RESULTS"
}

section_tls() {
  command -v haproxy >/dev/null || { echo "compare: haproxy not installed (section tls)" >&2; exit 2; }
  peer "$(haproxy -v | head -1 | cut -d' ' -f1-3)"
  java -cp "$BENCH_JAR" io.palisade.bench.tls.Sink > "$WORK/sink.out" 2>>"$WORK/tools.err" &
  STARTED+=($!)
  SINK=$(await_line "$WORK/sink.out" 'port=[0-9]+' | cut -d= -f2)
  tls_start_gateway 1
  tls_start_haproxy 1
  say "tls: gateway pid $TLS_GW_PID port $TLS_GW_PORT; haproxy pid $HA_PID port $HA_PORT; sink port $SINK"

  say "tls: warm-up (not counted): ${WARM_SECS} s of handshakes each, TLS 1.3 and 1.2 (RelayStream warms up on its own)"
  local r v t m
  for t in gateway haproxy; do tls_handshakes $t 1.3 "$WARM_SECS" 0; tls_handshakes $t 1.2 "$WARM_SECS" 0; done
  say "tls: handshakes: $TLS_RUNS runs x TLS 1.3, 1.2 x gateway, haproxy (${HS_SECS} s each)"
  for r in $(seq "$TLS_RUNS"); do
    for v in 1.3 1.2; do for t in gateway haproxy; do tls_handshakes $t $v "$HS_SECS"; done; done
  done
  say "tls: Netty load generator: $TLS_RUNS runs x (full 1.3, resumed 1.3, resumed 1.2) x gateway, haproxy (${NETTY_SECS} s each, 2 clients)"
  for t in gateway haproxy; do tls_netty_handshakes $t 1.3 resumed 2 0; done
  for r in $(seq "$TLS_RUNS"); do
    for m in full:1.3 resumed:1.3 resumed:1.2; do
      for t in gateway haproxy; do tls_netty_handshakes $t "${m#*:}" "${m%:*}" "$NETTY_SECS"; done
    done
  done
  local refused_hs; refused_hs=$(refusals)
  say "tls: relay: $TLS_RUNS runs x (one ${MIB} MiB stream, $RELAY_N streams of $((MIB / RELAY_N)) MiB) (TLS 1.3)"
  for r in $(seq "$TLS_RUNS"); do for t in gateway haproxy; do tls_relay $t 1; tls_relay $t "$RELAY_N"; done; done
  say "tls: idle connections: $IDLE_RUNS runs x $IDLE_N connections (TLS 1.3), servers restarted for each"
  for r in $(seq "$IDLE_RUNS"); do
    stop "$TLS_GW_PID"; tls_start_gateway $((r + 1)); tls_idle gateway
    stop "$HA_PID"; tls_start_haproxy $((r + 1)); tls_idle haproxy
  done
  stop "$TLS_GW_PID"; stop "$HA_PID"
  settings "tls: $TLS_RUNS interleaved runs after ${WARM_SECS} s of uncounted handshakes; s_time ${HS_SECS} s, one client;" \
    "Netty load generator ${NETTY_SECS} s per run; one ${MIB} MiB stream after a ${WARM_MIB} MiB warm-up, and $RELAY_N streams of $((MIB / RELAY_N)) MiB; $IDLE_N idle connections x $IDLE_RUNS fresh starts;" \
    "devices refused during handshakes: $refused_hs."
}

rows_tls() {
  row hs1.3 haproxy %.0f "full mTLS handshakes/s, TLS 1.3 (higher is better)"
  row hs1.2 haproxy %.0f "full mTLS handshakes/s, TLS 1.2"
  row cpu1.3 haproxy %.2f "server CPU ms per handshake, TLS 1.3 (lower is better)"
  row cpu1.2 haproxy %.2f "server CPU ms per handshake, TLS 1.2"
  row connfull1.3 haproxy %.0f "new connections/s, full TLS 1.3, 2 Netty clients (higher is better)"
  row cpuconnfull1.3 haproxy %.2f "server CPU ms per new connection, full TLS 1.3 (lower is better)"
  row connresumed1.3 haproxy %.0f "new connections/s, resumed TLS 1.3 (higher is better)"
  row cpuconnresumed1.3 haproxy %.2f "server CPU ms per resumed connection, TLS 1.3 (lower is better)"
  row shareresumed1.3 haproxy %.2f "share of TLS 1.3 connections resumed (1.00: all)"
  row connresumed1.2 haproxy %.0f "new connections/s, resumed TLS 1.2 (higher is better)"
  row cpuconnresumed1.2 haproxy %.2f "server CPU ms per resumed connection, TLS 1.2 (lower is better)"
  row shareresumed1.2 haproxy %.2f "share of TLS 1.2 connections resumed (1.00: all)"
  row mbps haproxy %.0f "relay MB/s, one ${MIB} MiB stream (higher is better)"
  row cpugb haproxy %.2f "server CPU s per GB relayed (lower is better)"
  row mbpsN haproxy %.0f "relay MB/s, ${RELAY_N} streams of $((MIB / RELAY_N)) MiB at once (higher is better)"
  row cpugbN haproxy %.2f "server CPU s per GB relayed, ${RELAY_N} streams (lower is better)"
  row kib haproxy %.1f "KiB per idle mTLS connection (lower is better)"
}
