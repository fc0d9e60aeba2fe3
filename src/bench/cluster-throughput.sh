#!/bin/sh
# The cost of the cluster path (issue 11): the same TMS sweep trained
#   (1) by one process with 2 trainers, and
#   (2) by a run node with 1 trainer plus one worker process with 1 trainer,
# printing each run's training throughput: optimiser steps of all stacks divided by the time
# from the first stack's start to the last stack's end (from the events in H2, so JVM starts
# and evaluation are left out). Run from the repository after `mvn -DskipTests package`:
#   sh src/bench/cluster-throughput.sh [STEPS]
set -eu
steps=${1:-4000}
jar=target/superpose.jar
work=$(mktemp -d /tmp/superpose-cluster-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/bench.conf" <<CONF
sweep { name = bench, experiment = tms, seeds = [0, 1, 2, 3], stack-size = 4,
        grid { "data.feature-probability" = [1, 0.3, 0.1, 0.03] } }
model { features = 20, hidden = 5 }
train { steps = $steps, batch-size = 1024, log-every = 100, checkpoint-every = 1000 }
CONF

throughput() { # HOME -> steps/s of the training window
    java -cp "target/lib/*" org.h2.tools.Shell -url "jdbc:h2:file:$1/results/superpose;ACCESS_MODE_DATA=r" \
        -user sa -sql "SELECT CAST(SUM(s.steps_total) * 1000.0 / (SELECT DATEDIFF('MILLISECOND', MIN(at), MAX(at))
            FROM events WHERE kind IN ('start', 'done')) AS DECIMAL(12, 1)) FROM stacks s" | sed -n 2p
}

java -jar "$jar" run "$work/bench.conf" --home "$work/one" --metrics-port 0 --trainers 2 > "$work/one.log" 2>&1
echo "one process, 2 trainers:         $(throughput "$work/one") steps/s"

port=25500
while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((port + 1)); done
java -jar "$jar" run "$work/bench.conf" --home "$work/two" --metrics-port 0 --trainers 1 \
    --cluster-port "$port" > "$work/run.log" 2>&1 &
run=$!
java -jar "$jar" worker --join "127.0.0.1:$port" --trainers 1 > "$work/worker.log" 2>&1 &
worker=$!
wait "$run"
wait "$worker" || true
echo "run node + worker, 1 trainer each: $(throughput "$work/two") steps/s"
