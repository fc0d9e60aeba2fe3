#!/usr/bin/env bash
# End-to-end proof of the metrics: a real Prometheus (Debian's package) runs the shipped
# config/prometheus.yml (only its intervals shortened to 1 s), so it finds sweeps solely through
# the file-based service discovery of /tmp/superpose-prometheus. Two short sweeps run at once in
# two homes on the default metrics port (one of them falls back to a free port): both must be
# discovered and scraped. Then every `expr` of the Grafana dashboard must parse and return at
# least one series. Loopback only; Prometheus and the sweeps are stopped on every exit path.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v prometheus >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
test -f target/superpose.jar || { echo "prometheus-check: target/superpose.jar is missing (run mvn package first)"; exit 1; }

work=$(mktemp -d)
prometheus_pid=""
sweep_pids=""
cleanup() {
  for pid in $sweep_pids $prometheus_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
prometheus_port=$(free_port)

# The shipped config with 1 s scrape and discovery intervals; its targets come only from the
# discovery files (no static target that could stand in for them).
sed -e 's/^\(\s*scrape_interval:\).*/\1 1s/' -e 's/^\(\s*refresh_interval:\).*/\1 1s/' \
  config/prometheus.yml > "$work/prometheus.yml"
grep -q "files: \['/tmp/superpose-prometheus/\*.json'\]" "$work/prometheus.yml" \
  || { echo "prometheus-check: config/prometheus.yml does not read /tmp/superpose-prometheus/*.json"; exit 1; }
if grep -q static_configs "$work/prometheus.yml"; then
  echo "prometheus-check: config/prometheus.yml has a static target; the check proves the discovery alone"; exit 1
fi

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:${prometheus_port}" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!

# Scrapes only count once Prometheus is up: start the sweeps after it answers /-/ready.
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
# Two sweeps at once, each in its own home, neither given a metrics port: 10k steps in stacks of
# 6 each (~40 s for both on a quiet 2-core machine, 245 s at a load of 18), a margin of scrapes however fast the machine trains. The second
# is tms-intro under another name, so that Prometheus tells their series apart by the sweep label,
# and runs as a cluster: its run node trains with one trainer and a worker process with another.
# The worker starts first (it retries joining until the run node is up), so both get stacks.
cluster_port=$(free_port)
timeout 600 java -jar target/superpose.jar worker --join "127.0.0.1:${cluster_port}" --trainers 1 \
  >"$work/sweep-w.log" 2>&1 &
worker=$!
timeout 600 java -jar target/superpose.jar run config/sweeps/tms-intro.conf --home "$work/home-a" \
  --set stack-size=6 >"$work/sweep-a.log" 2>&1 &
sweep_a=$!
timeout 600 java -jar target/superpose.jar run config/sweeps/tms-intro.conf --home "$work/home-b" \
  --set stack-size=6 --set sweep.name=tms-intro-b --cluster-port "$cluster_port" --cluster-linger 0 --trainers 1 \
  >"$work/sweep-b.log" 2>&1 &
sweep_b=$!
sweep_pids="$sweep_a $sweep_b $worker"
failed=""
wait "$sweep_a" || failed="$failed a"
wait "$sweep_b" || failed="$failed b"
wait "$worker" || failed="$failed w"
sweep_pids=""
if [ -n "$failed" ]; then
  for s in $failed; do echo "prometheus-check: sweep $s failed:"; cat "$work/sweep-$s.log"; done
  exit 1
fi
echo "prometheus-check: both sweeps (the second with a worker) finished in $(( $(date +%s) - start )) s"
grep -h "metrics port" "$work"/sweep-?.log || true

# Both sweeps were scraped, each at its own endpoint: with no static target, Prometheus can only
# have found them through their discovery files.
python3 - "$prometheus_port" tms-intro tms-intro-b <<'PY' || { echo "--- prometheus log (tail)"; tail -20 "$work/prometheus.log"; exit 1; }
import json, sys, urllib.parse, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
def api(path, **params):
    with urllib.request.urlopen(base + path + "?" + urllib.parse.urlencode(params), timeout=10) as r:
        return json.load(r)["data"]
instances = {}
for sweep in sys.argv[2:]:
    series = api("/api/v1/series", **{"match[]": f'superpose_sweep_progress_ratio{{sweep="{sweep}"}}', "start": "0"})
    instances[sweep] = {s["instance"] for s in series}
    if len(instances[sweep]) != 1:
        sys.exit(f"prometheus-check: sweep {sweep} was scraped from {sorted(instances[sweep])}; expected one endpoint")
a, b = (next(iter(instances[s])) for s in sys.argv[2:])
if a == b:
    sys.exit(f"prometheus-check: both sweeps were scraped at {a}")
print(f"prometheus-check: discovered and scraped tms-intro at {a} and tms-intro-b at {b}")
PY

# The per-node panel of the cluster sweep, over its whole run: both nodes trained, the worker's
# trainer scraped from the worker's own endpoint (found through its discovery file).
python3 - "$prometheus_port" "$start" grafana/dashboards/superpose.json <<'PY' || { echo "--- prometheus log (tail)"; tail -20 "$work/prometheus.log"; cat "$work/sweep-w.log"; exit 1; }
import json, sys, time, urllib.parse, urllib.request
base, start, dashboard = f"http://127.0.0.1:{sys.argv[1]}", float(sys.argv[2]), sys.argv[3]
title = "Throughput per node and device (steps/s)"
with open(dashboard) as f:
    exprs = [t["expr"] for p in json.load(f)["panels"] if p["title"] == title for t in p["targets"]]
if not exprs:
    sys.exit(f"prometheus-check: the dashboard has no panel '{title}'")
for expr in exprs:
    query = expr.replace("$__rate_interval", "4s").replace("$sweep", "tms-intro-b")
    params = {"query": query, "start": start, "end": time.time(), "step": 1}
    with urllib.request.urlopen(base + "/api/v1/query_range?" + urllib.parse.urlencode(params), timeout=10) as r:
        result = json.load(r)["data"]["result"]
    busy = {(s["metric"].get("node"), s["metric"].get("device")) for s in result
            if any(float(v) > 0 for _, v in s["values"])}
    if len({node for node, _ in busy}) < 2 or any(device != "cpu" for _, device in busy):
        sys.exit(f"prometheus-check: '{title}' for tms-intro-b shows training on {sorted(busy)};"
                 " expected the run node and the worker, device cpu")
    print(f"prometheus-check: '{title}' shows tms-intro-b training on {sorted(busy)}")
PY

if ! python3 .ci/dashboard-queries.py "http://127.0.0.1:${prometheus_port}" grafana/dashboards/superpose.json tms-intro; then
  echo "--- prometheus log (tail)"; tail -20 "$work/prometheus.log"
  exit 1
fi
