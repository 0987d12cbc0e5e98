#!/usr/bin/env bash
# Runs a benchmark shape on this machine and appends its results table to bench/results.md (and prints it).
#   bash bench/run.sh [SHAPE] [SECONDS]
# SHAPE: quick (default), scale, peers, faults, replay, influx-ceiling, or one load shape
#   beds:N:sqlite|influx:batch|single[:endpoint|mosquitto|nodered][:storm|:pause]
# Installs what it needs when missing (InfluxDB, Mosquitto, Node.js from Debian; Node-RED from npm, pinned by
# bench/node-red/package-lock.json, only for the shapes that use it), builds the monitor and the bench, starts
# servers on loopback on free ports with temporary data folders (through .ci/servers.sh) and stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
shape=${1:-quick}
seconds=${2:-60}

need=()
command -v influxd >/dev/null || need+=(influxdb)
command -v mosquitto >/dev/null || need+=(mosquitto)
command -v mvn >/dev/null || need+=(maven)
case "$shape" in
  peers|*nodered*) command -v node >/dev/null || need+=(nodejs npm) ;;
esac
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

case "$shape" in
  peers|*nodered*)
    [ -x bench/node-red/node_modules/.bin/node-red ] || npm ci --prefix bench/node-red --no-audit --no-fund --loglevel=error
    ;;
esac

mvn -B -q -ntp package -DskipTests
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): bash bench/run.sh $shape $seconds"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB;"\
    "$(java -version 2>&1 | head -1); InfluxDB $(influxd version 2>/dev/null | awk '{print $2}'); $(mosquitto -h 2>/dev/null | head -1);"\
    "Node.js $(node --version 2>/dev/null || echo none)."
} >> bench/results.md
java -jar bench/target/ecmo-bench.jar "$shape" --seconds "$seconds" --repo . --out bench/results.md
