#!/usr/bin/env bash
# End-to-end proof of the metrics: a real Prometheus (Debian's package) scrapes a real short sweep
# every second, then every `expr` of the Grafana dashboard must parse and return at least one
# series. Loopback only; Prometheus and the sweep are stopped on every exit path.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v prometheus >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
test -f target/superpose.jar || { echo "prometheus-check: target/superpose.jar is missing (run mvn package first)"; exit 1; }

work=$(mktemp -d)
prometheus_pid=""
sweep_pid=""
cleanup() {
  for pid in $sweep_pid $prometheus_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
metrics_port=$(free_port)
prometheus_port=$(free_port)

# The shipped config, with a 1 s scrape interval and this run's port.
sed -e 's/^\(\s*scrape_interval:\).*/\1 1s/' -e "s/127\.0\.0\.1:9464/127.0.0.1:${metrics_port}/" \
  config/prometheus.yml > "$work/prometheus.yml"
grep -q "127.0.0.1:${metrics_port}" "$work/prometheus.yml" || { echo "prometheus-check: superpose target not found in config/prometheus.yml"; exit 1; }

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:${prometheus_port}" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!

# Scrapes only count once Prometheus is up: start the sweep after it answers /-/ready.
python3 - "$prometheus_port" <<'PY' || { echo "prometheus-check: Prometheus did not become ready"; tail -20 "$work/prometheus.log"; exit 1; }
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/-/ready", timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY

start=$(date +%s)
# 10k steps in stacks of 6 on two trainers (~20 s here): a margin of scrapes however fast the
# machine trains, and several stacks trained and evaluated.
timeout 150 java -jar target/superpose.jar run config/sweeps/tms-intro.conf --home "$work/home" \
  --set stack-size=6 --trainers 2 --metrics-port "$metrics_port" \
  >"$work/sweep.log" 2>&1 &
sweep_pid=$!
if ! wait "$sweep_pid"; then
  sweep_pid=""
  echo "prometheus-check: the sweep failed:"; cat "$work/sweep.log"; exit 1
fi
sweep_pid=""
echo "prometheus-check: sweep finished in $(( $(date +%s) - start )) s"

if ! python3 .ci/dashboard-queries.py "http://127.0.0.1:${prometheus_port}" grafana/dashboards/superpose.json tms-intro; then
  echo "--- prometheus log (tail)"; tail -20 "$work/prometheus.log"
  exit 1
fi
