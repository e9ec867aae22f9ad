# shellcheck shell=bash
# Section images: firmware image serving beside nginx. Both serve the same file over mutual TLS
# (TLS 1.3, same server certificate and key, client certificate required and checked against the
# same CA): the gateway through its update relay (`serve: [updates]`, the image verified once into
# its cache by the first request), nginx from the directory the image was published to
# (`ssl_verify_client on`, `sendfile on`, which TLS without kTLS does not use, access log off).
#   image MB/s, N devices at once     ImageFanOut: N devices each GET the image G times on their own
#                                     keep-alive connection (HTTP/1.1); bodies only, aggregate
#   server CPU s per GB served        utime+stime of the server (nginx: master and workers)
# N is 1, 8 and 32 (update fan-out: a fleet fetching the same cached image).

# Every run moves IMAGES_TOTAL MiB (at least one GET per device); the warm-up moves IMAGES_WARM MiB
# per server: the gateway's JIT is still compiling its serving path in the first GiB (C2 showed in
# the profile and doubled its CPU per GB), and CPU ticks are 10 ms, so short runs measure noise.
if [ $QUICK = 1 ]; then IMAGES_RUNS=1 IMAGES_MIB=16 IMAGES_TOTAL=256 IMAGES_WARM=256
else IMAGES_RUNS=5 IMAGES_MIB=64 IMAGES_TOTAL=2048 IMAGES_WARM=4096; fi
IMAGES_FLEETS="1 8 32"
IMAGES_GW_PID="" IMAGES_GW_PORT="" IMAGES_NGINX_PID="" IMAGES_NGINX_PORT="" IMAGES_PATH=""

images_gets() { local g=$(($2 / IMAGES_MIB / $1)); [ $g -ge 1 ] && echo $g || echo 1; }   # DEVICES MIB -> GETs per device
images_threads() { [ "$1" -ge 2 ] && echo 2 || echo 1; }                      # client event loops

images_publish() { # the image, its signed manifest, a device of product sensor, the policy
  local updates=$WORK/state-images/updates line
  mkdir -p "$updates" "$WORK/images-policies"
  line=$(java_tool images.ImagePublish --dir "$updates" --vendor-pem "$WORK/images-vendor.pem" --mib "$IMAGES_MIB") \
    || { echo "compare: images: ImagePublish failed: $(tail -1 "$WORK/tools.err")" >&2; exit 1; }
  IMAGES_PATH=/updates/v1/sha256/$(echo "$line" | grep -oE 'digest=[0-9a-f]{64}' | cut -d= -f2)
  "$ROOT/bin/palisade" device issue --ca "$PKI" --out "$WORK/images-device" --product sensor >/dev/null
  cat > "$WORK/images-policies/10-sensors.yaml" <<YAML
apiVersion: palisade/v1
kind: DevicePolicy
metadata: {name: sensors}
spec:
  selector: {tenant: local, product: sensor}
  rules:
    - name: firmware
      action: allow
      updates: {channels: [stable]}
YAML
  printf 'apiVersion: palisade/v1\nkind: DeviceRegistry\ndevices: {}\n' > "$WORK/images-devices.yaml"
}

images_start_gateway() {
  { gateway_yaml_head images
    cat <<YAML
policies: $WORK/images-policies
registry: $WORK/images-devices.yaml
listeners:
  - name: images
    bind: 127.0.0.1:0
    serve: [updates]
cloud:
  updates: {vendorKeys: [$WORK/images-vendor.pem]}
YAML
  } > "$WORK/gateway-images.yaml"
  start_palisade images "$WORK/gateway-images.yaml"
  IMAGES_GW_PID=$GW_PID IMAGES_GW_PORT=$GW_PORT
  # a device asks for the manifest first: the gateway serves only images a manifest it holds lists
  timeout 30 curl -sS --fail -o /dev/null --cacert "$PKI/root.crt" --cert "$WORK/images-device/device.crt" \
    --key "$WORK/images-device/device.key" "https://127.0.0.1:$IMAGES_GW_PORT/updates/v1/sensor/stable/manifest" \
    || { echo "compare: images: the gateway did not serve the manifest (see $WORK/gateway.images.log)" >&2; exit 1; }
}

images_start_nginx() {
  local dir=$WORK/nginx
  mkdir -p "$dir"
  IMAGES_NGINX_PORT=$(free_port)
  cat > "$dir/nginx.conf" <<CONF
user root;
worker_processes 2;
daemon off;
master_process on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  server {
    listen 127.0.0.1:$IMAGES_NGINX_PORT ssl;
    ssl_protocols TLSv1.3;
    ssl_certificate $PKI/gateway.crt;
    ssl_certificate_key $PKI/gateway.key;
    ssl_client_certificate $PKI/root.crt;
    ssl_verify_client on;
    ssl_verify_depth 3;
    location /updates/v1/sha256/ {
      alias $WORK/state-images/updates/sha256/;
      default_type application/octet-stream;
    }
  }
}
CONF
  nginx -t -q -p "$dir" -c "$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" > "$dir/nginx.out" 2>&1 &
  IMAGES_NGINX_PID=$!
  STARTED+=("$IMAGES_NGINX_PID")
  await_port "$IMAGES_NGINX_PORT"
}

images_pids() { # TARGET -> comma-separated pids whose CPU is the server's
  if [ "$1" = gateway ]; then echo "$IMAGES_GW_PID"
  else { echo "$IMAGES_NGINX_PID"; pgrep -P "$IMAGES_NGINX_PID"; } | paste -sd,; fi
}
images_port() { [ "$1" = gateway ] && echo "$IMAGES_GW_PORT" || echo "$IMAGES_NGINX_PORT"; }

images_fanout() { # TARGET DEVICES MIB [RECORD=1]
  local t=$1 n=$2 line
  line=$(java_tool tls.ImageFanOut --target "127.0.0.1:$(images_port "$t")" --cert "$WORK/images-device/device.crt" \
    --key "$WORK/images-device/device.key" --ca "$PKI/ca-chain.pem" --tls 1.3 --path "$IMAGES_PATH" \
    --devices "$n" --gets "$(images_gets "$n" "$3")" --threads "$(images_threads "$n")" --pids "$(images_pids "$t")") \
    || { say "  WARN $t fan-out of $n failed: $(tail -1 "$WORK/tools.err")"; return 0; }
  say "  $t $line"
  [ "${4:-1}" = 1 ] || return 0
  echo "$line" | awk -v t="$t" -v n="$n" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); f[kv[1]] = kv[2]}
    print "img_mbps_" n, t, f["MBps"]; print "img_cpugb_" n, t, f["cpu_s_per_GB"]}' >> "$RESULTS"
}

section_images() {
  local c
  for c in nginx curl; do command -v $c >/dev/null || { echo "compare: $c not installed (section images)" >&2; exit 2; }; done
  [ $MODE = run ] || { echo "compare: section images needs --gateway run" >&2; exit 2; }
  peer "$(nginx -v 2>&1 | sed 's/^nginx version: //; s|/| |')"
  images_publish
  images_start_gateway
  images_start_nginx
  say "images: gateway pid $IMAGES_GW_PID port $IMAGES_GW_PORT; nginx pid $IMAGES_NGINX_PID port $IMAGES_NGINX_PORT;" \
    "image ${IMAGES_MIB} MiB $IMAGES_PATH"
  say "images: warm-up (not counted; the gateway's first GET fills its cache): ${IMAGES_WARM} MiB each, 8 devices"
  local r n t
  for t in gateway nginx; do images_fanout $t 8 "$IMAGES_WARM" 0; done
  say "images: $IMAGES_RUNS runs x devices ($IMAGES_FLEETS) x gateway, nginx"
  for r in $(seq "$IMAGES_RUNS"); do
    for n in $IMAGES_FLEETS; do for t in gateway nginx; do images_fanout $t "$n" "$IMAGES_TOTAL"; done; done
  done
  stop "$IMAGES_GW_PID"; stop "$IMAGES_NGINX_PID"
  settings "images: ${IMAGES_MIB} MiB image, $IMAGES_RUNS interleaved runs per fleet size after ${IMAGES_WARM} MiB of warm-up;" \
    "devices x GETs each: $(for n in $IMAGES_FLEETS; do printf '%sx%s ' "$n" "$(images_gets "$n" "$IMAGES_TOTAL")"; done)(HTTP/1.1 keep-alive, TLS 1.3);" \
    "nginx: 2 workers, ssl_verify_client on, no kTLS."
}

rows_images() {
  local n
  for n in $IMAGES_FLEETS; do
    row "img_mbps_$n" nginx %.0f "image MB/s, $n device(s) at once (higher is better)"
    row "img_cpugb_$n" nginx %.2f "server CPU s per GB of image, $n device(s) (lower is better)"
  done
}
