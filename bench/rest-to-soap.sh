#!/usr/bin/env bash
# REST->SOAP adapter overhead: the civil-status adapter (GET /ndxp/v1/civil-status/birth-records/{id})
# against the same legacy SOAP call made directly (the baseline), in the same run, with the same load
# tool and concurrency, alternating direct/adapter to cancel drift. Results are quoted as ratios in
# docs/benchmarks.md.
#
#   bench/rest-to-soap.sh              build the committed HEAD in a clone ($BUILD_DIR), then measure
#   bench/rest-to-soap.sh path/to.jar  measure an existing jar (run from $RUN_DIR, default: the jar's ../)
#
# Knobs (environment): CONC_0MS="1 8"  CONC_30MS="8 32"  WARMUP=5  SECONDS_PER_RUN=20  NODELAY=true
#   ports: PORT=28080  LEGACY_PORT=28081  PG_PORT=28433  LEGACY_DB_PORT=28432  KAFKA_PORT=28092
#   experiments: JAVA_OPTS="" (JVM options), RUNTIME_ARGS="" (Spring arguments for the runtime)
#   PROFILE=0 (1: JFR of one extra, unrecorded adapter run at 0 ms; see bench/jfr-breakdown.py)
# Needs: java 17, curl, python3; git + maven when building. Takes 8-10 minutes.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
# 1 user: latency without queueing; 8: both cores busy; 30 ms backend: 8 and 32 users (see docs)
CONC_0MS=${CONC_0MS:-1 8}
CONC_30MS=${CONC_30MS:-8 32}
WARMUP=${WARMUP:-5}
SECS=${SECONDS_PER_RUN:-20}
PORT=${PORT:-28080}               # not the defaults: a developer's own sandbox may be running there
LEGACY_PORT=${LEGACY_PORT:-28081}
# the sandbox's embedded PostgreSQL (runtime, legacy database) and Kafka broker, likewise
PG_PORT=${PG_PORT:-28433}
LEGACY_DB_PORT=${LEGACY_DB_PORT:-28432}
KAFKA_PORT=${KAFKA_PORT:-28092}
# The JDK HttpServer behind the sandbox's legacy stand-in leaves Nagle on: every keep-alive answer then
# waits ~40 ms for the client's delayed ACK, on both paths. Real SOAP servers set TCP_NODELAY, so we do.
NODELAY=${NODELAY:-true}
JAVA_OPTS=${JAVA_OPTS:-}
RUNTIME_ARGS=${RUNTIME_ARGS:-}
PROFILE=${PROFILE:-0}
HOST=127.0.0.1                    # loopback only, never anything else

STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT_DIR="$REPO/bench/results"
WORK=$(mktemp -d /tmp/rest-to-soap.XXXXXX)
RUNS="$WORK/runs.jsonl"
mkdir -p "$OUT_DIR"
: > "$RUNS"
echo "[$(date -u +%H:%M:%S)] work dir (server logs): $WORK" >&2

SERVER_PID=
LOAD_PID=
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        # graceful: its shutdown hooks also stop the embedded PostgreSQL processes, which -9 would orphan
        for _ in $(seq 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}
cleanup() {
    if [[ -n "$LOAD_PID" ]]; then kill "$LOAD_PID" 2>/dev/null || true; fi
    stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM    # exit runs the EXIT trap

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# --- the jar -------------------------------------------------------------------------------------
if [[ $# -ge 1 ]]; then
    JAR=$(realpath "$1")
    RUN_DIR=$(realpath "${RUN_DIR:-$(dirname "$JAR")/..}")
else
    # never build in the shared checkout: other builds use its target/
    BUILD_DIR=${BUILD_DIR:-/tmp/bench-src}
    log "building HEAD of $REPO in $BUILD_DIR"
    rm -rf "$BUILD_DIR" && git clone -q "$REPO" "$BUILD_DIR"
    (cd "$BUILD_DIR" && mvn -B -q -DskipTests package)
    JAR="$BUILD_DIR/target/ndxp-adapters-0.1.0-SNAPSHOT.jar"
    RUN_DIR=$BUILD_DIR
fi
COMMIT=$(git -C "$RUN_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)

# compile the load tool once rather than on every `java LoadTool.java` launch
javac -d "$WORK/loadtool" "$REPO/bench/LoadTool.java"

ADAPTER_URL="http://$HOST:$PORT/ndxp/v1/civil-status/birth-records/079199000002"
DIRECT_URL="http://$HOST:$LEGACY_PORT/legacy/civil-status"
CLIENT_HEADER="X-NDXP-Client: VN:GOV:000.00.00.H41:one-stop-office"
SOAP_ACTION='SOAPAction: "http://hotich.moj.gov.vn/ws/civil-status/v1/GetBirthRecord"'
printf '%s' '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><tns:GetBirthRecord xmlns:tns="http://hotich.moj.gov.vn/ws/civil-status/v1"><tns:CitizenID>079199000002</tns:CitizenID></tns:GetBirthRecord></soap:Body></soap:Envelope>' > "$WORK/request.xml"
EXPECTED="Nguyễn Thị Hồng Nhung"

token() {
    curl -sf -u sandbox-client:sandbox-secret -d grant_type=client_credentials -d resource=VN:GOV:000.00.00.G22:civil-status "http://$HOST:$PORT/sandbox/ndxp/token" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# one request per path, checked for status and content, before any load
verify() {
    local tok status
    tok=$(token)
    status=$(curl -s -o "$WORK/adapter.out" -w '%{http_code}' -H "Authorization: Bearer $tok" -H "$CLIENT_HEADER" "$ADAPTER_URL")
    [[ $status == 200 ]] && grep -qF "$EXPECTED" "$WORK/adapter.out" || { log "adapter answer wrong ($status):"; cat "$WORK/adapter.out" >&2; exit 1; }
    status=$(curl -s -o "$WORK/direct.out" -w '%{http_code}' -H 'Content-Type: text/xml; charset=UTF-8' -H "$SOAP_ACTION" \
        --data-binary @"$WORK/request.xml" "$DIRECT_URL")
    [[ $status == 200 ]] && grep -qF "$EXPECTED" "$WORK/direct.out" || { log "direct answer wrong ($status):"; cat "$WORK/direct.out" >&2; exit 1; }
    echo "{\"adapterBytes\":$(wc -c < "$WORK/adapter.out"),\"directBytes\":$(wc -c < "$WORK/direct.out")}"
}

# run <direct|adapter> <concurrency> <warmup seconds> <measured seconds>: the load tool's JSON line goes
# to $WORK/run.json. In the background + wait, so that Ctrl-C stops at once rather than after the run.
run() {
    local args=(--concurrency "$2" --warmup-seconds "$3" --seconds "$4" --label "$1")
    if [[ $1 == adapter ]]; then
        # a fresh token per run: tokens last 5 minutes
        args+=(--url "$ADAPTER_URL" --header "Authorization: Bearer $(token)" --header "$CLIENT_HEADER")
    else
        args+=(--url "$DIRECT_URL" --method POST --header 'Content-Type: text/xml; charset=UTF-8' --header "$SOAP_ACTION"
            --body-file "$WORK/request.xml")
    fi
    java -cp "$WORK/loadtool" LoadTool "${args[@]}" > "$WORK/run.json" &
    LOAD_PID=$!
    wait "$LOAD_PID"
    LOAD_PID=
}

rss_kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVER_PID/status"; }
# user+system CPU of the runtime, in clock ticks: CPU per request depends far less than req/s on who
# else is using the machine
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

LOAD_BEFORE=$(loadavg)
SERVERS="$WORK/servers.jsonl"
: > "$SERVERS"

for DELAY in 0ms 30ms; do
    for p in "$PORT" "$LEGACY_PORT" "$PG_PORT" "$LEGACY_DB_PORT" "$KAFKA_PORT"; do
        port_free "$p" || { log "port $p is in use"; exit 1; }
    done
    log "starting the runtime, legacy delay $DELAY"
    # fresh sandbox databases in $WORK each time: a transaction log grown by earlier runs would skew them
    (cd "$RUN_DIR" && exec java -Dsun.net.httpserver.nodelay="$NODELAY" -XX:FlightRecorderOptions:stackdepth=256 $JAVA_OPTS \
        -jar "$JAR" --server.port="$PORT" --ndxp.sandbox.legacy-soap.port="$LEGACY_PORT" \
        --ndxp.sandbox.legacy-soap.delay="$DELAY" --ndxp.sandbox.postgres.port="$PG_PORT" \
        --ndxp.sandbox.legacy-db.port="$LEGACY_DB_PORT" --ndxp.sandbox.kafka.port="$KAFKA_PORT" \
        --ndxp.sandbox.postgres.data-dir="$WORK/postgres-$DELAY" --ndxp.sandbox.legacy-db.data-dir="$WORK/legacy-db-$DELAY" \
        $RUNTIME_ARGS > "$WORK/server-$DELAY.log" 2>&1) &
    SERVER_PID=$!
    for _ in $(seq 240); do    # up to 2 minutes: a busy 2-CPU machine took 47 s
        grep -q 'Started NdxpAdaptersApplication' "$WORK/server-$DELAY.log" && break
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -50 "$WORK/server-$DELAY.log" >&2; exit 1; }
        sleep 0.5
    done
    grep -q 'Started NdxpAdaptersApplication' "$WORK/server-$DELAY.log" || { log "the runtime did not start in 2 minutes"; exit 1; }
    STARTED=$(grep -o 'Started NdxpAdaptersApplication in [0-9.]* seconds (process running for [0-9.]*)' "$WORK/server-$DELAY.log")
    grep -q SANDBOX "$WORK/server-$DELAY.log" || { log "no SANDBOX banner: not the sandbox profile?"; exit 1; }
    START_S=$(awk '{print $4}' <<< "$STARTED")
    PROC_S=$(tr -d ')' <<< "$STARTED" | awk '{print $NF}')
    SIZES=$(verify)

    # JIT warm-up of both paths (not recorded), then the memory figure
    log "warm-up"
    run adapter 8 0 25
    run direct 8 0 5
    RSS_WARM=$(rss_kib VmRSS)

    if [[ $DELAY == 0ms ]]; then LEVELS=$CONC_0MS; else LEVELS=$CONC_30MS; fi
    for C in $LEVELS; do
        for ROUND in 1 2; do
            for P in direct adapter; do
                log "delay $DELAY, concurrency $C, $P, round $ROUND"
                T0=$(cpu_ticks); W0=$(date +%s.%N)
                run "$P" "$C" "$WARMUP" "$SECS"
                LINE=$(< "$WORK/run.json")
                T1=$(cpu_ticks); W1=$(date +%s.%N)
                echo "${LINE%\}},\"delay\":\"$DELAY\",\"path\":\"$P\",\"round\":$ROUND,\"serverCpuTicks\":$((T1 - T0)),\"wallSeconds\":$(awk "BEGIN{print $W1 - $W0}"),\"loadavg\":\"$(loadavg)\"}" >> "$RUNS"
            done
        done
    done
    if [[ $PROFILE == 1 && $DELAY == 0ms ]]; then
        # a separate, unrecorded run: the recording itself costs CPU
        log "profiling the adapter path"
        jcmd "$SERVER_PID" JFR.start name=bench settings=profile duration="${SECS}s" filename="$WORK/adapter-0ms.jfr" > /dev/null
        run adapter 8 0 "$SECS"
        sleep 2
    fi
    echo "{\"delay\":\"$DELAY\",\"startupSeconds\":$START_S,\"processRunningSeconds\":$PROC_S,\"rssAfterWarmupKiB\":$RSS_WARM,\"rssAfterLoadKiB\":$(rss_kib VmRSS),\"rssPeakKiB\":$(rss_kib VmHWM),\"responses\":$SIZES}" >> "$SERVERS"
    stop_server
done
LOAD_AFTER=$(loadavg)
[[ $PROFILE == 1 ]] && log "profile: $WORK/adapter-0ms.jfr (summarise with bench/jfr-breakdown.py)"

# --- results file and summary ----------------------------------------------------------------------
RESULT="$OUT_DIR/rest-to-soap-$STAMP.json"
SUMMARY="$OUT_DIR/rest-to-soap-$STAMP.txt"
JAVA_VERSION=$(java -version 2>&1 | head -2 | tr '\n' ' ')
MEM_KIB=$(awk '$1 == "MemTotal:" {print $2}' /proc/meminfo)
export RUNS SERVERS RESULT SUMMARY STAMP COMMIT NODELAY JAVA_OPTS RUNTIME_ARGS JAVA_VERSION MEM_KIB LOAD_BEFORE LOAD_AFTER WARMUP SECS
export NPROC=$(nproc) CLK_TCK=$(getconf CLK_TCK)
python3 - <<'EOF'
import json, os
from statistics import mean
runs = [json.loads(l) for l in open(os.environ["RUNS"])]
for r in runs:
    # the server's CPU over the whole run (warm-up included) divided by every request of the run
    cpu_ms = r["serverCpuTicks"] * 1000 / int(os.environ["CLK_TCK"])
    r["serverCpuMsPerRequest"] = round(cpu_ms / (r["warmupRequests"] + r["requests"] + r["errors"]), 3)
    r["serverCpuPercent"] = round(100 * cpu_ms / 1000 / r["wallSeconds"], 1)
servers = [json.loads(l) for l in open(os.environ["SERVERS"])]
scenarios, lines = [], []
for key in dict.fromkeys((r["delay"], r["concurrency"]) for r in runs):
    sel = {p: [r for r in runs if (r["delay"], r["concurrency"]) == key and r["path"] == p] for p in ("direct", "adapter")}
    # mean of the two alternating rounds; each round is kept in "runs" to show the spread
    agg = {p: {m: round(mean(r[m] for r in rs), 3)
               for m in ("throughput", "p50Ms", "p90Ms", "p99Ms", "maxMs", "serverCpuMsPerRequest", "serverCpuPercent")}
           | {"errors": sum(r["errors"] for r in rs), "requests": sum(r["requests"] for r in rs)} for p, rs in sel.items()}
    d, a = agg["direct"], agg["adapter"]
    s = {"delay": key[0], "concurrency": key[1], "direct": d, "adapter": a,
         "throughputRatio": round(a["throughput"] / d["throughput"], 3),
         "addedP50Ms": round(a["p50Ms"] - d["p50Ms"], 3), "addedP99Ms": round(a["p99Ms"] - d["p99Ms"], 3)}
    scenarios.append(s)
    lines.append(f"delay {key[0]:>4}, {key[1]:>2} users: direct {d['throughput']:8.1f} req/s, adapter {a['throughput']:7.1f} req/s,"
                 f" ratio {s['throughputRatio']:.3f}; p50 {d['p50Ms']:.2f} -> {a['p50Ms']:.2f} ms (+{s['addedP50Ms']:.2f}),"
                 f" p99 {d['p99Ms']:.2f} -> {a['p99Ms']:.2f} ms (+{s['addedP99Ms']:.2f});"
                 f" server CPU/request {d['serverCpuMsPerRequest']:.3f} -> {a['serverCpuMsPerRequest']:.3f} ms")
    if d["errors"] or a["errors"]:
        lines.append(f"  NON-200 ANSWERS: direct {d['errors']}, adapter {a['errors']}")
for s in servers:
    lines.append(f"delay {s['delay']:>4}: started in {s['startupSeconds']} s (process {s['processRunningSeconds']} s),"
                 f" RSS {s['rssAfterWarmupKiB'] // 1024} MiB after warm-up, {s['rssAfterLoadKiB'] // 1024} MiB after load,"
                 f" peak {s['rssPeakKiB'] // 1024} MiB")
lines.append(f"load average before {os.environ['LOAD_BEFORE']}, after {os.environ['LOAD_AFTER']} ({os.environ['NPROC']} CPUs)")
env = os.environ
result = {"benchmark": "rest-to-soap", "date": env["STAMP"], "commit": env["COMMIT"],
          "machine": {"nproc": int(env["NPROC"]), "memTotalKiB": int(env["MEM_KIB"]), "java": env["JAVA_VERSION"].strip(),
                      "loadavgBefore": env["LOAD_BEFORE"], "loadavgAfter": env["LOAD_AFTER"]},
          "settings": {"warmupSeconds": float(env["WARMUP"]), "secondsPerRun": float(env["SECS"]), "rounds": 2,
                       "legacyNodelay": env["NODELAY"], "javaOpts": env["JAVA_OPTS"], "runtimeArgs": env["RUNTIME_ARGS"]},
          "scenarios": scenarios, "servers": servers, "runs": runs, "summary": lines}
json.dump(result, open(env["RESULT"], "w"), indent=2, ensure_ascii=False)
open(env["SUMMARY"], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
log "results: $RESULT"
[[ $PROFILE == 1 ]] || rm -rf "$WORK"    # kept only when it holds a profile
