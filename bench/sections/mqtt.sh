# shellcheck shell=bash
# Section mqtt: MQTT publish rates through the gateway beside the same clients talking straight to
# Mosquitto. Mosquitto (one mTLS listener, require_certificate, this run's PKI) is the cloud broker
# of the gateway (`bin/palisade run`, `serve: [mqtt]`, cloud.mqtt.uri = mqtts://127.0.0.1:PORT);
# two devices of this run's PKI publish and subscribe, with the same certificates and client ids:
#   end-to-end messages/s, QoS 0 and 1   mosquitto_sub -C N waits (subscription seen in Mosquitto's
#                                        log), `mosquitto_pub -l` sends N lines; N / (publisher start
#                                        -> subscriber has all N); both through the gateway, or both
#                                        straight to Mosquitto
#   CPU µs per message                   utime+stime (/proc/PID/stat) of the gateway over its runs, and
#                                        of Mosquitto over the direct runs (the broker's own work for the
#                                        same clients, the scale the gateway's overhead is measured on)
#   N devices (8), QoS 0 and 1           8 more devices, each its own certificate (`palisade device
#                                        issue`) and client id, each a `mosquitto_pub -l` of its own
#                                        publishing to its own topic devices/<id>/telemetry, all at once;
#                                        one mosquitto_sub on devices/+/telemetry counts them all:
#                                        aggregate messages/s and CPU µs per message as above
# The gateway's policy lets every device publish to devices/<its id>/telemetry only (and bench/#),
# and only the subscriber's id subscribe to devices/+/telemetry.
# The gateway's identity is the one `pki init` made (serverAuth and clientAuth, so it also
# authenticates to Mosquitto as the cloud); its JVM trusts this run's root for the cloud
# (javax.net.ssl.trustStore; the gateway trusts the system's CAs for the cloud).

if [ $QUICK = 1 ]; then MQTT_RUNS=2 MQTT_N=20000 MQTT_WARM_N=10000; else MQTT_RUNS=5 MQTT_N=100000 MQTT_WARM_N=50000; fi
MQTT_PL=64
MQTT_DEVICES=8                           # publishers of the N-device runs; each sends MQTT_N / MQTT_DEVICES
MQTT_DIR="" MQTT_PORT="" MQTT_PID="" MQTT_GW_PID="" MQTT_GW_PORT="" MQTT_PUB_ID="" MQTT_SUB_ID=""
MQTT_DEV_IDS=()

mqtt_pki() {
  local d=$MQTT_DIR
  "$ROOT/bin/palisade" device issue --ca "$PKI" --out "$d/sub" >/dev/null
  MQTT_PUB_ID=$DEVICE_ID
  MQTT_SUB_ID=$("$ROOT/bin/palisade" device id "$d/sub/device.crt" | head -1)
  local i
  for i in $(seq "$MQTT_DEVICES"); do
    "$ROOT/bin/palisade" device issue --ca "$PKI" --out "$d/dev$i" >/dev/null
    MQTT_DEV_IDS+=("$("$ROOT/bin/palisade" device id "$d/dev$i/device.crt" | head -1)")
  done
  keytool -importcert -noprompt -alias root -file "$PKI/root.crt" -keystore "$d/trust.p12" -storetype PKCS12 \
    -storepass changeit >/dev/null 2>&1
}

mqtt_start_mosquitto() {
  MQTT_PORT=$(free_port)
  cat > "$MQTT_DIR/mosquitto.conf" <<CFG
per_listener_settings true
persistence false
user $(id -un)
log_dest stderr
log_type error
log_type subscribe
max_queued_messages 1000000
listener $MQTT_PORT 127.0.0.1
allow_anonymous false
cafile $PKI/ca-chain.pem
certfile $PKI/gateway.crt
keyfile $PKI/gateway.key
require_certificate true
use_identity_as_username true
CFG
  mosquitto -c "$MQTT_DIR/mosquitto.conf" > "$MQTT_DIR/mosquitto.log" 2>&1 &
  MQTT_PID=$!
  STARTED+=("$MQTT_PID")
  await_port "$MQTT_PORT"
}

mqtt_start_gateway() {
  mkdir -p "$MQTT_DIR/policies.d"
  cat > "$MQTT_DIR/policies.d/bench.yaml" <<YAML
apiVersion: palisade/v1
kind: DevicePolicy
metadata:
  name: bench
spec:
  mode: enforce
  selector:
    tenant: local
  rules:
    - name: bench-topics
      action: allow
      mqtt:
        publish: ["bench/#"]
        subscribe: ["bench/#"]
        qos: [0, 1]
    - name: own-telemetry
      action: allow
      mqtt:
        publish: ["devices/\${device.id}/telemetry"]
        qos: [0, 1]
YAML
  cat > "$MQTT_DIR/policies.d/collector.yaml" <<YAML
apiVersion: palisade/v1
kind: DevicePolicy
metadata:
  name: bench-collector
spec:
  mode: enforce
  selector:
    ids: [$MQTT_SUB_ID]
  rules:
    - name: every-device-telemetry
      action: allow
      mqtt:
        subscribe: ["devices/+/telemetry"]
        qos: [0, 1]
YAML
  printf '%s\n' "apiVersion: palisade/v1" "kind: DeviceRegistry" "devices: {}" > "$MQTT_DIR/devices.yaml"
  { gateway_yaml_head mqtt
    cat <<YAML
policies: $MQTT_DIR/policies.d
registry: $MQTT_DIR/devices.yaml
listeners:
  - name: mqtt
    bind: 127.0.0.1:0
    serve: [mqtt]
cloud:
  mqtt: {uri: "mqtts://127.0.0.1:$MQTT_PORT"}
YAML
  } > "$WORK/gateway-mqtt.yaml"
  GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-} -Djavax.net.ssl.trustStore=$MQTT_DIR/trust.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12" \
    start_palisade mqtt "$WORK/gateway-mqtt.yaml"
  MQTT_GW_PID=$GW_PID MQTT_GW_PORT=$GW_PORT
}

# One measurement: TARGET (gateway|mosquitto) QOS N RUN [RECORD=1] -> records mqtt_rate_qQOS and mqtt_cpu_qQOS
mqtt_measure() {
  local t=$1 q=$2 n=$3 r=$4 port pid topic sp c0 c1 t0 t1 got
  if [ "$t" = gateway ]; then port=$MQTT_GW_PORT pid=$MQTT_GW_PID; else port=$MQTT_PORT pid=$MQTT_PID; fi
  topic="bench/$t/$r/$q"
  local pub=(-h 127.0.0.1 -p "$port" --cafile "$PKI/ca-chain.pem" --cert "$DEV/device.crt" --key "$DEV/device.key" -i "$MQTT_PUB_ID")
  local sub=(-h 127.0.0.1 -p "$port" --cafile "$PKI/ca-chain.pem" --cert "$MQTT_DIR/sub/device.crt" --key "$MQTT_DIR/sub/device.key" -i "$MQTT_SUB_ID")
  timeout 200 mosquitto_sub "${sub[@]}" -t "$topic" -q "$q" -C "$n" -W 180 > "$MQTT_DIR/sub.out" 2> "$MQTT_DIR/sub.err" &
  sp=$!
  # publish only once the subscription stands at Mosquitto (through the gateway too: it subscribes upstream first)
  await_line "$MQTT_DIR/mosquitto.log" " $topic\$" >/dev/null || { kill "$sp" 2>/dev/null; return 0; }
  c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
  # stdin stays open until the subscriber has everything: mosquitto_pub -l drops its unsent QoS>0 queue on EOF
  { yes "$(head -c "$MQTT_PL" /dev/zero | tr '\0' x)" | head -n "$n"; while kill -0 "$sp" 2>/dev/null; do sleep 0.01; done; } |
    timeout 200 mosquitto_pub "${pub[@]}" -t "$topic" -q "$q" -l 2> "$MQTT_DIR/pub.err" || true
  wait "$sp" || true
  t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
  got=$(wc -l < "$MQTT_DIR/sub.out")
  if [ "$got" -lt "$n" ]; then
    say "  WARN mqtt $t QoS $q: $got of $n messages arrived: $(head -c 200 "$MQTT_DIR/sub.err" "$MQTT_DIR/pub.err" | tr '\n' ' ')$(first_refusal)"
    return 0
  fi
  [ "${5:-1}" = 1 ] || return 0
  awk -v n="$got" -v a="$t0" -v b="$t1" -v d=$((c1 - c0)) -v hz="$HZ" -v t="$t" -v q="$q" 'BEGIN {
    printf "mqtt_rate_q%s %s %.0f\n", q, t, n / (b - a);
    printf "mqtt_cpu_q%s %s %.2f\n", q, t, d / hz * 1e6 / n }' | tee -a "$RESULTS" | sed 's/^/  /' >&2
}

# waits (at most 30 s) until FILE has more than N lines matching REGEX (a subscription seen again)
mqtt_await_more() { # FILE REGEX N
  local i
  for i in $(seq 150); do
    [ "$(grep -cE "$2" "$1" 2>/dev/null || true)" -gt "$3" ] && return 0
    sleep 0.2
  done
  echo "compare: no new '$2' in $1 within 30 s" >&2; return 1
}

# One N-device measurement: TARGET QOS EACH [RECORD=1] -> records mqtt_rate_nQOS, mqtt_cpu_nQOS, mqtt_loss_nQOS.
# MQTT_DEVICES publishers at once, each its own certificate, client id and topic, EACH messages apiece;
# one subscriber on devices/+/telemetry stamps each message as it gets it (-F %U). The rate is the
# messages received over (publishers start -> last one received); CPU is per message published. QoS 0
# may be dropped on the way (the gateway drops QoS 0 for a device more than 4 MiB behind; Mosquitto
# queues without bound): once nothing new arrives for 5 s the run ends and the loss is recorded.
mqtt_measure_devices() {
  local t=$1 q=$2 each=$3 port pid sp c0 c1 t0 got total seen i id line last=-1 idle=0 now pids=()
  if [ "$t" = gateway ]; then port=$MQTT_GW_PORT pid=$MQTT_GW_PID; else port=$MQTT_PORT pid=$MQTT_PID; fi
  total=$((each * MQTT_DEVICES))
  line=$(head -c "$MQTT_PL" /dev/zero | tr '\0' x)
  local sub=(-h 127.0.0.1 -p "$port" --cafile "$PKI/ca-chain.pem" --cert "$MQTT_DIR/sub/device.crt" --key "$MQTT_DIR/sub/device.key" -i "$MQTT_SUB_ID")
  seen=$(grep -cE ' devices/\+/telemetry$' "$MQTT_DIR/mosquitto.log" || true)
  timeout 200 mosquitto_sub "${sub[@]}" -t 'devices/+/telemetry' -q "$q" -C "$total" -W 180 -F '%U' > "$MQTT_DIR/subn.out" 2> "$MQTT_DIR/subn.err" &
  sp=$!
  mqtt_await_more "$MQTT_DIR/mosquitto.log" ' devices/\+/telemetry$' "$seen" || { kill "$sp" 2>/dev/null; return 0; }
  : > "$MQTT_DIR/pubn.err"
  c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
  for i in $(seq "$MQTT_DEVICES"); do
    id=${MQTT_DEV_IDS[$((i - 1))]}
    # stdin stays open until the subscriber is done (mosquitto_pub -l drops its unsent QoS>0 queue on EOF;
    # tail --pid: no process per poll)
    { yes "$line" | head -n "$each"; tail -s 0.05 --pid="$sp" -f /dev/null; } |
      timeout 200 mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$PKI/ca-chain.pem" --cert "$MQTT_DIR/dev$i/device.crt" \
        --key "$MQTT_DIR/dev$i/device.key" -i "$id" -t "devices/$id/telemetry" -q "$q" -l 2>> "$MQTT_DIR/pubn.err" &
    pids+=($!)
  done
  while kill -0 "$sp" 2>/dev/null; do   # the subscriber ends with all messages, or 5 s after the last one
    sleep 0.5
    now=$(wc -l < "$MQTT_DIR/subn.out")
    if [ "$now" = "$last" ]; then idle=$((idle + 1)); else idle=0 last=$now; fi
    if [ "$idle" -ge 10 ] && [ "$now" -gt 0 ]; then kill "$sp" 2>/dev/null || true; break; fi
  done
  wait "$sp" || true
  c1=$(cpu_ticks "$pid")
  for i in "${pids[@]}"; do wait "$i" || true; done
  got=$(wc -l < "$MQTT_DIR/subn.out")
  if [ "$got" = 0 ] || { [ "$q" != 0 ] && [ "$got" -lt "$total" ]; }; then
    say "  WARN mqtt $t QoS $q, $MQTT_DEVICES devices: $got of $total messages arrived: $(head -c 200 "$MQTT_DIR/subn.err" "$MQTT_DIR/pubn.err" | tr '\n' ' ')$(first_refusal)"
    return 0
  fi
  [ "${4:-1}" = 1 ] || return 0
  awk -v n="$got" -v all="$total" -v a="$t0" -v b="$(tail -1 "$MQTT_DIR/subn.out")" -v d=$((c1 - c0)) -v hz="$HZ" -v t="$t" -v q="$q" 'BEGIN {
    printf "mqtt_rate_n%s %s %.0f\n", q, t, n / (b - a);
    printf "mqtt_cpu_n%s %s %.2f\n", q, t, d / hz * 1e6 / all;
    printf "mqtt_loss_n%s %s %.2f\n", q, t, (all - n) * 100 / all }' | tee -a "$RESULTS" | sed 's/^/  /' >&2
}

section_mqtt() {
  [ "$MODE" = run ] || { echo "compare: section mqtt needs --gateway run (the product with serve: [mqtt])" >&2; exit 2; }
  for c in mosquitto mosquitto_pub mosquitto_sub keytool; do
    command -v $c >/dev/null || { echo "compare: $c not installed (section mqtt: mosquitto, mosquitto-clients, a JDK)" >&2; exit 2; }
  done
  peer "$(mosquitto -h 2>/dev/null | head -1 | sed 's/ version / /')"
  MQTT_DIR=$WORK/mqtt
  mkdir -p "$MQTT_DIR"
  mqtt_pki
  mqtt_start_mosquitto
  mqtt_start_gateway
  say "mqtt: gateway pid $MQTT_GW_PID port $MQTT_GW_PORT; mosquitto pid $MQTT_PID port $MQTT_PORT"
  local r q t
  say "mqtt: warm-up (not counted): $MQTT_WARM_N messages each, QoS 0 and 1"
  for q in 0 1; do for t in gateway mosquitto; do mqtt_measure $t $q "$MQTT_WARM_N" 0 0; done; done
  say "mqtt: $MQTT_RUNS runs x QoS 0, 1 x gateway, mosquitto ($MQTT_N messages of $MQTT_PL B each)"
  for r in $(seq "$MQTT_RUNS"); do
    for q in 0 1; do for t in gateway mosquitto; do mqtt_measure $t $q "$MQTT_N" "$r"; done; done
  done
  local each=$((MQTT_N / MQTT_DEVICES))
  say "mqtt: $MQTT_DEVICES devices at once: warm-up (not counted) $((MQTT_WARM_N / MQTT_DEVICES)) messages each, QoS 0 and 1"
  for q in 0 1; do for t in gateway mosquitto; do mqtt_measure_devices $t $q $((MQTT_WARM_N / MQTT_DEVICES)) 0; done; done
  say "mqtt: $MQTT_RUNS runs x QoS 0, 1 x gateway, mosquitto ($MQTT_DEVICES devices x $each messages)"
  for r in $(seq "$MQTT_RUNS"); do
    for q in 0 1; do for t in gateway mosquitto; do mqtt_measure_devices $t $q "$each"; done; done
  done
  stop "$MQTT_GW_PID"; stop "$MQTT_PID"
  settings "mqtt: $MQTT_RUNS interleaved runs of $MQTT_N messages ($MQTT_PL B) after $MQTT_WARM_N uncounted per QoS and target;" \
    "mosquitto_pub -l -> mosquitto_sub, mTLS both, through the gateway (cloud: the same Mosquitto over mTLS) or straight to it;" \
    "N devices: $MQTT_DEVICES mosquitto_pub -l at once (own certificate, client id and topic devices/<id>/telemetry," \
    "$each messages each) -> one mosquitto_sub on devices/+/telemetry."
}

rows_mqtt() {
  row mqtt_rate_q0 mosquitto %.0f "MQTT QoS 0 messages/s, publisher to subscriber (higher is better)"
  row mqtt_rate_q1 mosquitto %.0f "MQTT QoS 1 messages/s, publisher to subscriber"
  row mqtt_cpu_q0 mosquitto %.2f "CPU µs per QoS 0 message: gateway process; Mosquitto serving the clients directly (lower is better)"
  row mqtt_cpu_q1 mosquitto %.2f "CPU µs per QoS 1 message: gateway process; Mosquitto serving the clients directly"
  row mqtt_rate_n0 mosquitto %.0f "MQTT QoS 0 messages/s, $MQTT_DEVICES devices at once to one subscriber, aggregate (higher is better)"
  row mqtt_rate_n1 mosquitto %.0f "MQTT QoS 1 messages/s, $MQTT_DEVICES devices at once to one subscriber, aggregate"
  row mqtt_cpu_n0 mosquitto %.2f "CPU µs per QoS 0 message, $MQTT_DEVICES devices: gateway process; Mosquitto serving them directly (lower is better)"
  row mqtt_cpu_n1 mosquitto %.2f "CPU µs per QoS 1 message, $MQTT_DEVICES devices: gateway process; Mosquitto serving them directly"
  row mqtt_loss_n0 mosquitto %.2f "QoS 0 messages lost on the way, %, $MQTT_DEVICES devices (the gateway drops QoS 0 for a device 4 MiB behind)"
}
