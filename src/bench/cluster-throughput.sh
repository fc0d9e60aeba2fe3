#!/bin/sh
# The cost of the cluster path (issue 11): the same TMS sweep trained
#   (1) by one process with 2 trainers, and
#   (2) by a run node with 1 trainer plus one worker process with 1 trainer (loopback, TCP),
# ROUNDS times, alternating. Each run's throughput is the "mean" trial-steps per second that
# `superpose status` reports for a finished sweep: trial-steps over the time some stack was
# training (from the H2 events and loss points), so JVM starts, joining and evaluation after the
# last loss point are left out. Prints both figures and their ratio per round, then the median
# ratio; the cluster path costs at most 10 % when that median is >= 0.90.
# Run from the repository after `mvn -DskipTests package`, on a quiet machine:
#   sh src/bench/cluster-throughput.sh [STEPS [ROUNDS]]      (defaults: 20000 steps, 3 rounds)
set -eu
steps=${1:-20000}
rounds=${2:-3}
jar=target/superpose.jar
test -f "$jar" || { echo "cluster-throughput: $jar is missing (run mvn -DskipTests package first)" >&2; exit 1; }
work=$(mktemp -d /tmp/superpose-cluster-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
# 8 stacks of 4 TMS instances: each trainer trains 4 of them in either mode.
cat > "$work/bench.conf" <<CONF
sweep { name = bench, experiment = tms, seeds = [0, 1, 2, 3, 4, 5, 6, 7], stack-size = 4,
        grid { "data.feature-probability" = [1, 0.3, 0.1, 0.03] } }
model { features = 20, hidden = 5 }
train { steps = $steps, batch-size = 1024, log-every = 100, checkpoint-every = 5000 }
CONF

# The mean trial-steps/s of a finished sweep: the STEPS/S cell ("12345 mean") of `status`.
throughput() {
    java -jar "$jar" status --home "$1" | awk -F '  +' 'NR == 2 { sub(/ mean$/, "", $10); print $10 }'
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores); $steps steps," \
     "8 stacks x 4 TMS 20x5, batch 1024"
ratios=""
round=1
while [ "$round" -le "$rounds" ]; do
    one="$work/one-$round"
    java -jar "$jar" run "$work/bench.conf" --home "$one" --metrics-port 0 --trainers 2 > "$one.log" 2>&1 \
        || { echo "cluster-throughput: the one-process run failed:" >&2; cat "$one.log" >&2; exit 1; }

    two="$work/two-$round"
    port=$(free_port)
    # The worker starts first and retries joining until the run node is up, so that its JVM
    # start overlaps the run node's and both trainers begin at about the same time.
    java -jar "$jar" worker --join "127.0.0.1:$port" --trainers 1 --metrics-port 0 > "$two-worker.log" 2>&1 &
    worker=$!
    java -jar "$jar" run "$work/bench.conf" --home "$two" --metrics-port 0 --trainers 1 --cluster-port "$port" --cluster-linger 0 \
        > "$two.log" 2>&1 || { echo "cluster-throughput: the run node failed:" >&2; cat "$two.log" >&2; exit 1; }
    wait "$worker" || { echo "cluster-throughput: the worker failed:" >&2; cat "$two-worker.log" >&2; exit 1; }
    grep -q "joined" "$two-worker.log" || { echo "cluster-throughput: the worker never joined" >&2; exit 1; }

    a=$(throughput "$one")
    b=$(throughput "$two")
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
    echo "round $round: one process, 2 trainers: $a trial-steps/s; run node + worker, 1 trainer each:" \
         "$b trial-steps/s; ratio $ratio"
    ratios="$ratios $ratio"
    round=$((round + 1))
done
echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{ r[NR] = $1 } END {
    m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
    printf "RESULT cluster/one-process median ratio %.3f over %d round(s) (cost %.1f %%)\n", m, NR, (1 - m) * 100 }'
