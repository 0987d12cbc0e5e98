#!/usr/bin/env bash
# Runs a test server on loopback with its data in a given folder, in the foreground (exec), so that whoever
# starts it owns the process: .ci/run for the shared servers, integration tests for the ones they stop and
# restart. One place for how our test InfluxDB and Mosquitto are configured.
#   servers.sh influxd DIR PORT      InfluxDB 1.x HTTP API on 127.0.0.1:PORT
#   servers.sh mosquitto DIR PORT    Mosquitto on 127.0.0.1:PORT, persistent (survives its own restart)
#   servers.sh free-port             prints a free TCP port on 127.0.0.1
set -euo pipefail

# Below the kernel's ephemeral range (ip_local_port_range, 32768 up by default): a port chosen there can be taken
# by an outgoing connection before the server binds it, which the benchmark's 5,000 bed connections made happen.
free_port() {
  local p low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 21000 ] || low=32768
  for _ in $(seq 1 200); do
    p=$(( (RANDOM << 1 | RANDOM & 1) % (low - 20000) + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

case "${1:-}" in
  free-port)
    free_port
    ;;
  influxd)
    dir=$2 port=$3
    mkdir -p "$dir"
    rpc=$(free_port)
    cat > "$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$port"
  log-enabled = false
[subscriber]
  enabled = false
CONF
    exec influxd -config "$dir/influxdb.conf"
    ;;
  mosquitto)
    dir=$2 port=$3
    mkdir -p "$dir"
    cat > "$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
user root
persistence true
persistence_location $dir/
autosave_interval 1
max_queued_messages 1000000
max_inflight_messages 100
log_dest stderr
log_type error
log_type warning
log_type notice
log_type information
CONF
    exec mosquitto -c "$dir/mosquitto.conf"
    ;;
  *)
    echo "usage: servers.sh influxd|mosquitto DIR PORT | free-port" >&2
    exit 2
    ;;
esac
