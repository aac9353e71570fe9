#!/usr/bin/env bash
# REST->SOAP adapter overhead: the civil-status adapter (GET /ndxp/v1/civil-status/birth-records/{id})
# against the same legacy SOAP call made directly (the baseline) and, when it is present, the X-Road REST
# adapter (the peer, ../shared/peers/xroad-rest-adapter) in front of the same legacy stand-in, in the same
# run, with the same load tool and concurrency, in alternating rounds to cancel drift. Also: the first
# seconds of load after a fresh start, GC and RSS, a 256 MB heap, and the transaction log switched off.
# Results are quoted as ratios in docs/benchmarks.md.
#
#   bench/rest-to-soap.sh              build the committed HEAD in a clone ($BUILD_DIR), then measure
#   bench/rest-to-soap.sh path/to.jar  measure an existing jar (run from $RUN_DIR, default: the jar's ../)
#
# Knobs (environment): CONC_0MS="1 8"  CONC_30MS="8 32"  WARMUP=5  SECONDS_PER_RUN=10  ROUNDS=2  PREWARM=20  NODELAY=true
#   FIRST_SECONDS=30 (adapter load right after the fresh start, 8 users; 0: skip)  INTERVAL=5 (its slices)
#   PEER=auto|0|1  PEER_DIR=$REPO/../shared/peers/xroad-rest-adapter  PEER_JAVA_OPTS="" (peer JVM options)
#   HEAP_RUNS="default 256m" (each other heap: a fresh runtime at 0 ms with -Xmx<it>, adapter at 8 users)
#   LOG_OFF=1 (a fresh runtime at 0 ms with --ndxp.audit.enabled=false, adapter at 8 users; 0: skip)
#   LOG_OFF_PAIRS=2 (fresh runtimes with the log on and off, alternated: one runtime's JIT differs from the next)
#   JVM_DEFAULTS=1 (a fresh runtime with the JVM's own JIT and GC instead of jvm.options'; 0: skip)
#   QUOTA=1 (a fresh runtime where the sandbox client limited-demo has a quota the load never reaches and
#     no field set: rounds as limited-demo (quota and purpose checked on every call) alternate with the
#     usual client (neither); 0: skip)
#   the variants above are compared with a fresh default-heap runtime given the same warm-up (heap-default)
#   DELAYS="0ms 30ms" (the main runtimes)
#   ports: PORT=28080  LEGACY_PORT=28081  PG_PORT=28433  LEGACY_DB_PORT=28432  KAFKA_PORT=28092  SFTP_PORT=28122
#          PEER_PORT=28085  PEER_ECHO_PORT=28086
#   experiments: JAVA_OPTS="" (JVM options), RUNTIME_ARGS="" (Spring arguments for the runtime)
#   PROFILE=0 (1: JFR of one extra, unrecorded adapter run at 0 ms; see bench/jfr-breakdown.py)
# Needs: java 17, curl, python3; git + maven when building. Takes about 20 minutes with the defaults.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
# 1 user: latency without queueing; 8: both cores busy; 30 ms backend: 8 and 32 users (see docs)
CONC_0MS=${CONC_0MS:-1 8}
CONC_30MS=${CONC_30MS:-8 32}
DELAYS=${DELAYS:-0ms 30ms}
WARMUP=${WARMUP:-5}
SECS=${SECONDS_PER_RUN:-10}
PREWARM=${PREWARM:-20}    # unrecorded JIT warm-up of the adapter and the peer on each runtime (direct: 5 s)
ROUNDS=${ROUNDS:-2}
FIRST_SECONDS=${FIRST_SECONDS:-30}
INTERVAL=${INTERVAL:-5}
HEAP_RUNS=${HEAP_RUNS:-default 256m}
LOG_OFF=${LOG_OFF:-1}
LOG_OFF_PAIRS=${LOG_OFF_PAIRS:-2}
JVM_DEFAULTS=${JVM_DEFAULTS:-1}
QUOTA=${QUOTA:-1}
PEER=${PEER:-auto}
PEER_DIR=${PEER_DIR:-$REPO/../shared/peers/xroad-rest-adapter}
PEER_JAVA_OPTS=${PEER_JAVA_OPTS:-}
PORT=${PORT:-28080}               # not the defaults: a developer's own sandbox may be running there
LEGACY_PORT=${LEGACY_PORT:-28081}
# the sandbox's embedded PostgreSQL (runtime, legacy database) and Kafka broker, likewise
PG_PORT=${PG_PORT:-28433}
LEGACY_DB_PORT=${LEGACY_DB_PORT:-28432}
KAFKA_PORT=${KAFKA_PORT:-28092}
SFTP_PORT=${SFTP_PORT:-28122}     # the sandbox SFTP server of file-drop adapters (default 2222)
PEER_PORT=${PEER_PORT:-28085}
PEER_ECHO_PORT=${PEER_ECHO_PORT:-28086}
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
SERVERS="$WORK/servers.jsonl"
mkdir -p "$OUT_DIR"
: > "$RUNS"; : > "$SERVERS"
SERVER_PID=
# shellcheck source=bench/lib.sh
source "$REPO/bench/lib.sh"
log "work dir (server logs): $WORK"

case $PEER in
    auto) if [[ -x $PEER_DIR/run-peer.sh ]]; then PEER=1; else PEER=0; fi ;;
    1) [[ -x $PEER_DIR/run-peer.sh ]] || { log "PEER=1 but no $PEER_DIR/run-peer.sh"; exit 1; } ;;
    0) ;;
    *) log "PEER must be auto, 0 or 1"; exit 1 ;;
esac
[[ $PEER == 1 ]] && PEER_DIR=$(realpath "$PEER_DIR")
PATHS="direct adapter"
[[ $PEER == 1 ]] && PATHS="direct adapter peer"

LOAD_PID=
PEER_PID=
ECHO_PID=
stop_peer() {
    if [[ -n $PEER_PID ]]; then
        PEER_WORK="$WORK/peer" "$PEER_DIR/run-peer.sh" stop "$PEER_PORT" 2> /dev/null || true
    fi
    PEER_PID= ECHO_PID=
}
cleanup() {
    if [[ -n "$LOAD_PID" ]]; then kill "$LOAD_PID" 2>/dev/null || true; fi
    stop_peer
    stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM    # exit runs the EXIT trap

the_jar /tmp/bench-src "$@"

# compile the load tool once rather than on every `java LoadTool.java` launch
javac -d "$WORK/loadtool" "$REPO/bench/LoadTool.java"

ADAPTER_URL="http://$HOST:$PORT/ndxp/v1/civil-status/birth-records/079199000002"
DIRECT_URL="http://$HOST:$LEGACY_PORT/legacy/civil-status"
PEER_URL="http://$HOST:$PEER_PORT/rest-adapter-service/Consumer/civil-status/birth-records/?CitizenID=079199000002"
CLIENT_HEADER="X-NDXP-Client: VN:GOV:000.00.00.H41:one-stop-office"
SOAP_ACTION='SOAPAction: "http://hotich.moj.gov.vn/ws/civil-status/v1/GetBirthRecord"'
printf '%s' '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><tns:GetBirthRecord xmlns:tns="http://hotich.moj.gov.vn/ws/civil-status/v1"><tns:CitizenID>079199000002</tns:CitizenID></tns:GetBirthRecord></soap:Body></soap:Envelope>' > "$WORK/request.xml"
EXPECTED="Nguyễn Thị Hồng Nhung"

# token [client credentials]: the sandbox client's by default
token() {
    curl -sf -u "${1:-sandbox-client:sandbox-secret}" -d grant_type=client_credentials -d resource=VN:GOV:000.00.00.G22:civil-status "http://$HOST:$PORT/sandbox/ndxp/token" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# check <name> <curl args...>: one request, status 200 and the expected name in the body (JSON escapes
# decoded), before any load
check() {
    local name=$1 status
    shift
    status=$(curl -s -o "$WORK/$name.out" -w '%{http_code}' "$@")
    # a JSON answer may escape non-ASCII letters: compare its decoded text too
    if [[ $status == 200 ]] && python3 -c '
import json, sys
b = open(sys.argv[1], encoding="utf-8").read()
try:
    d = json.dumps(json.loads(b), ensure_ascii=False)
except ValueError:
    d = ""
sys.exit(0 if sys.argv[2] in b or sys.argv[2] in d else 1)' "$WORK/$name.out" "$EXPECTED"; then
        return 0
    fi
    log "$name answer wrong ($status):"; cat "$WORK/$name.out" >&2; exit 1
}
verify() {
    check adapter -H "Authorization: Bearer $(token)" -H "$CLIENT_HEADER" "$ADAPTER_URL"
    check direct -H 'Content-Type: text/xml; charset=UTF-8' -H "$SOAP_ACTION" --data-binary @"$WORK/request.xml" "$DIRECT_URL"
}

# run <direct|adapter|peer> <concurrency> <warmup seconds> <measured seconds> [LoadTool options]: the load
# tool's JSON line goes to $WORK/run.json. In the background + wait, so that Ctrl-C stops at once.
run() {
    local args=(--concurrency "$2" --warmup-seconds "$3" --seconds "$4" --label "$1" "${@:5}")
    case $1 in
        # a fresh token per run: tokens last 5 minutes
        adapter) args+=(--url "$ADAPTER_URL" --header "Authorization: Bearer $(token)" --header "$CLIENT_HEADER") ;;
        # the client with a quota (QUOTA=1); its policy also requires a purpose
        adapter-quota) args+=(--url "$ADAPTER_URL" --header "Authorization: Bearer $(token sandbox-limited:sandbox-limited-secret)"
            --header "X-NDXP-Client: VN:GOV:000.00.00.H41:limited-demo" --header "X-NDXP-Purpose: 1.001") ;;
        direct) args+=(--url "$DIRECT_URL" --method POST --header 'Content-Type: text/xml; charset=UTF-8' --header "$SOAP_ACTION"
            --body-file "$WORK/request.xml") ;;
        peer) args+=(--url "$PEER_URL" --header 'Accept: application/json') ;;
    esac
    java -cp "$WORK/loadtool" LoadTool "${args[@]}" > "$WORK/run.json" &
    LOAD_PID=$!
    wait "$LOAD_PID"
    LOAD_PID=
}

# cpu <pid or empty>: its CPU ticks so far (0 without a process)
cpu() { if [[ -n $1 && $1 != - ]]; then ticks "$1"; else echo 0; fi; }
# db_cpu: the CPU ticks so far of the runtime's own PostgreSQL (transaction log, outbox), a separate
# process tree the runtime's figure leaves out: the postmaster, its live backends and those it reaped
db_cpu() {
    local pm c t
    pm=$(head -1 "$WORK/postgres/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat" 2>/dev/null) || { echo 0; return; }
    for c in $(ps -o pid= --ppid "$pm"); do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
# record <scenario> <delay> <path> <round> <concurrency> <warmup> <seconds> [LoadTool options]: one run
# with the CPU of the runtime, the peer and its echo over it, appended to $RUNS
record() {
    local scenario=$1 delay=$2 path=$3 round=$4 s0 p0 e0 d0 w0 line
    log "$scenario, delay $delay, concurrency $5, $path, round $round"
    s0=$(cpu "$SERVER_PID"); p0=$(cpu "$PEER_PID"); e0=$(cpu "$ECHO_PID"); d0=$(db_cpu); w0=$(now)
    run "$path" "${@:5}"
    line=$(< "$WORK/run.json")
    echo "${line%\}},\"scenario\":\"$scenario\",\"delay\":\"$delay\",\"path\":\"$path\",\"round\":$round,\"runtime\":$RUNTIME_N,\"serverCpuTicks\":$(($(cpu "$SERVER_PID") - s0)),\"peerCpuTicks\":$(($(cpu "$PEER_PID") - p0)),\"echoCpuTicks\":$(($(cpu "$ECHO_PID") - e0)),\"dbCpuTicks\":$(($(db_cpu) - d0)),\"wallSeconds\":$(awk "BEGIN{print $(now) - $w0}"),\"loadavg\":\"$(loadavg)\"}" >> "$RUNS"
}

full_gcs() { grep -c 'Pause Full' "$GCLOG" || true; }
rss_kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVER_PID/status"; }

# start_runtime <scenario> <delay> [extra JVM option] [extra Spring argument]: a fresh runtime with fresh
# sandbox databases (a transaction log grown by earlier runs would skew it) and a GC log
start_runtime() {
    local name=$1 delay=$2 jvm=${3:-} spring=${4:-} p
    for p in "$PORT" "$LEGACY_PORT" "$PG_PORT" "$LEGACY_DB_PORT" "$KAFKA_PORT" "$SFTP_PORT" "$PEER_PORT" "$PEER_ECHO_PORT"; do
        port_free "$p" || { log "port $p is in use"; exit 1; }
    done
    rm -rf "$WORK/postgres" "$WORK/legacy-db"
    LOGF="$WORK/server-$name.log"
    GCLOG="$WORK/gc-$name.log"
    log "starting the runtime: $name (legacy delay $delay${jvm:+, $jvm}${spring:+, $spring})"
    # shellcheck disable=SC2086
    (cd "$RUN_DIR" && MALLOC_ARENA_MAX=$ARENAS exec java $RUNTIME_JVM -Dsun.net.httpserver.nodelay="$NODELAY" -XX:FlightRecorderOptions:stackdepth=256 \
        -Xlog:gc:file="$GCLOG" $JAVA_OPTS $jvm \
        -jar "$JAR" --server.port="$PORT" --ndxp.sandbox.legacy-soap.port="$LEGACY_PORT" \
        --ndxp.sandbox.legacy-soap.delay="$delay" --ndxp.sandbox.postgres.port="$PG_PORT" \
        --ndxp.sandbox.legacy-db.port="$LEGACY_DB_PORT" --ndxp.sandbox.kafka.port="$KAFKA_PORT" --ndxp.sandbox.sftp.port="$SFTP_PORT" \
        --ndxp.sandbox.postgres.data-dir="$WORK/postgres" --ndxp.sandbox.legacy-db.data-dir="$WORK/legacy-db" \
        $RUNTIME_ARGS $spring > "$LOGF" 2>&1) &
    SERVER_PID=$!
    RUNTIME_N=$((RUNTIME_N + 1))
    await_started "$LOGF" 120    # a busy 2-CPU machine took 47 to 59 s
    verify
}

# after the runtime: it calls the runtime's legacy stand-in
start_peer() {
    local pids
    log "starting the peer on $PEER_PORT (echo $PEER_ECHO_PORT)"
    mkdir -p "$WORK/peer"
    # from its own folder: a Spring Boot jar also reads ./config/application.yml, which here is ours
    pids=$(cd "$WORK/peer" && PEER_WORK="$WORK/peer" JAVA_OPTS="$PEER_JAVA_OPTS" "$PEER_DIR/run-peer.sh" "$PEER_PORT" "$DIRECT_URL" "$PEER_ECHO_PORT")
    read -r PEER_PID ECHO_PID <<< "$pids"
    check peer -H 'Accept: application/json' "$PEER_URL"
}

# end_runtime <scenario> <delay> <heap>: the memory and GC figures to $SERVERS, then stop
end_runtime() {
    local full=0
    [[ -f $GCLOG ]] && full=$(grep -c 'Pause Full' "$GCLOG" || true)
    echo "{\"scenario\":\"$1\",\"delay\":\"$2\",\"heap\":\"$3\",\"fullGcsMeasured\":$((full - FULL_WARM)),\"startupSeconds\":$START_S,\"processRunningSeconds\":$PROC_S,\"rssAfterWarmupKiB\":$RSS_WARM,\"rssAfterLoadKiB\":$(rss_kib VmRSS),\"rssPeakKiB\":$(rss_kib VmHWM),\"fullGcs\":$full,\"gcPauses\":$(grep -c 'Pause' "$GCLOG" || true)}" >> "$SERVERS"
    stop_peer
    stop_server
}

RUNTIME_N=0
LOAD_BEFORE=$(loadavg)
T_START=$(now)
for DELAY in $DELAYS; do
    start_runtime "$DELAY" "$DELAY"
    if [[ $DELAY == 0ms && $FIRST_SECONDS != 0 ]]; then
        # before any other load: how fast a fresh runtime gets going
        record first "$DELAY" adapter 1 8 0 "$FIRST_SECONDS" --interval-seconds "$INTERVAL"
    fi
    [[ $PEER == 1 ]] && start_peer
    # JIT warm-up of every path (not recorded), then the memory figure
    log "warm-up"
    run adapter 8 0 "$PREWARM"
    run direct 8 0 5
    [[ $PEER == 1 ]] && run peer 8 0 "$PREWARM"
    RSS_WARM=$(rss_kib VmRSS)
    FULL_WARM=$(full_gcs)
    if [[ $DELAY == 0ms ]]; then LEVELS=$CONC_0MS; else LEVELS=$CONC_30MS; fi
    for C in $LEVELS; do
        for ROUND in $(seq "$ROUNDS"); do
            for P in $PATHS; do
                record main "$DELAY" "$P" "$ROUND" "$C" "$WARMUP" "$SECS"
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
    end_runtime main "$DELAY" default
done

# variants of the 0 ms, 8-user adapter scenario, each on a fresh runtime warmed up with the 8-user adapter
# load the main 0 ms runtime had before its 8-user rounds (its first seconds + PREWARM)
variant() {
    local name=$1 heap=$2 jvm=$3 spring=$4 round
    start_runtime "$name" 0ms "$jvm" "$spring"
    log "warm-up"
    run adapter 8 0 $((PREWARM + FIRST_SECONDS))
    RSS_WARM=$(rss_kib VmRSS)
    FULL_WARM=$(full_gcs)
    for round in $(seq "$ROUNDS"); do
        record "$name" 0ms adapter "$round" 8 "$WARMUP" "$SECS"
    done
    end_runtime "$name" 0ms "$heap"
}
# the main runtime had more load before its 8-user rounds than a variant: variants are compared with a
# default-heap runtime warmed up as they are
VARIANTS=0
for H in $HEAP_RUNS; do [[ $H == default ]] || VARIANTS=1; done
[[ $LOG_OFF == 1 || $JVM_DEFAULTS == 1 ]] && VARIANTS=1
[[ $VARIANTS == 1 ]] && variant heap-default default "" ""
for H in $HEAP_RUNS; do
    [[ $H == default ]] || variant "heap-$H" "$H" "-Xmx$H" ""
done
if [[ $LOG_OFF == 1 ]]; then
    variant log-off default "" --ndxp.audit.enabled=false
    for _ in $(seq 2 "$LOG_OFF_PAIRS"); do
        variant heap-default default "" ""
        variant log-off default "" --ndxp.audit.enabled=false
    done
fi
[[ $JVM_DEFAULTS == 1 ]] && variant jvm-defaults default "-XX:TieredStopAtLevel=4 -XX:-UseSerialGC -XX:+UseG1GC" ""
if [[ $QUOTA == 1 ]]; then
    # the sandbox's adapters, but limited-demo's quota on birth-records is a million calls a second and
    # its answers are whole (its field set is another cost)
    rm -rf "$WORK/quota-adapters"
    cp -r "$RUN_DIR/adapters" "$WORK/quota-adapters"
    python3 - "$WORK/quota-adapters/civil-status/adapter.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
import re
assert "perMinute: 5\n" in s, "limited-demo's quota is not where the benchmark expects it"
s = s.replace("perMinute: 5\n", "perSecond: 1000000\n", 1)
s, n = re.subn(r"\n        fields: \[[^\]]*\]", "", s, count=1)
assert n == 1, "limited-demo's field set is not where the benchmark expects it"
open(p, "w", encoding="utf-8").write(s)
PY
    start_runtime quota 0ms "" "--ndxp.adapters.dir=$WORK/quota-adapters"
    log "warm-up"
    run adapter 8 0 $(((PREWARM + FIRST_SECONDS) / 2))
    run adapter-quota 8 0 $(((PREWARM + FIRST_SECONDS) / 2))
    RSS_WARM=$(rss_kib VmRSS)
    FULL_WARM=$(full_gcs)
    for round in $(seq "$ROUNDS"); do
        record quota 0ms adapter "$round" 8 "$WARMUP" "$SECS"
        record quota 0ms adapter-quota "$round" 8 "$WARMUP" "$SECS"
    done
    end_runtime quota 0ms default
fi
LOAD_AFTER=$(loadavg)
TOTAL_S=$(awk "BEGIN{printf \"%.0f\", $(now) - $T_START}")
[[ $PROFILE == 1 ]] && log "profile: $WORK/adapter-0ms.jfr (summarise with bench/jfr-breakdown.py)"

# --- results file and summary ----------------------------------------------------------------------
RESULT="$OUT_DIR/rest-to-soap-$STAMP.json"
SUMMARY="$OUT_DIR/rest-to-soap-$STAMP.txt"
JAVA_VERSION=$(java -version 2>&1 | head -2 | tr '\n' ' ')
MEM_KIB=$(awk '$1 == "MemTotal:" {print $2}' /proc/meminfo)
export RUNS SERVERS RESULT SUMMARY STAMP COMMIT NODELAY JAVA_OPTS RUNTIME_ARGS JAVA_VERSION MEM_KIB LOAD_BEFORE LOAD_AFTER WARMUP SECS
export ROUNDS FIRST_SECONDS PEER PEER_JAVA_OPTS HEAP_RUNS LOG_OFF LOG_OFF_PAIRS JVM_DEFAULTS QUOTA TOTAL_S
export NPROC=$(nproc) CLK_TCK=$(getconf CLK_TCK)
python3 - <<'EOF'
import json, os
from statistics import mean
env = os.environ
tck = int(env["CLK_TCK"])
runs = [json.loads(l) for l in open(env["RUNS"])]
for r in runs:
    # each process's CPU over the whole run (warm-up included) divided by every request of the run
    n = r["warmupRequests"] + r["requests"] + r["errors"]
    for k in ("server", "peer", "echo", "db"):
        r[k + "CpuMsPerRequest"] = round(r[k + "CpuTicks"] * 1000 / tck / n, 3) if n else 0.0
    r["serverCpuPercent"] = round(100 * r["serverCpuTicks"] / tck / r["wallSeconds"], 1)
servers = [json.loads(l) for l in open(env["SERVERS"])]
METRICS = ("throughput", "p50Ms", "p90Ms", "p99Ms", "maxMs", "serverCpuMsPerRequest", "peerCpuMsPerRequest",
           "echoCpuMsPerRequest", "dbCpuMsPerRequest", "serverCpuPercent")

def agg(rs):
    # mean of the alternating rounds; each round is kept in "runs" to show the spread
    return {m: round(mean(r[m] for r in rs), 3) for m in METRICS} | {
        "errors": sum(r["errors"] for r in rs), "requests": sum(r["requests"] for r in rs), "rounds": len(rs)}

def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None

scenarios, lines = [], []
main = [r for r in runs if r["scenario"] == "main"]
for key in dict.fromkeys((r["delay"], r["concurrency"]) for r in main):
    s = {"delay": key[0], "concurrency": key[1]}
    for p in ("direct", "adapter", "peer"):
        rs = [r for r in main if (r["delay"], r["concurrency"]) == key and r["path"] == p]
        if rs:
            s[p] = agg(rs)
    d, a, pe = s["direct"], s["adapter"], s.get("peer")
    # the legacy stand-in runs in the runtime's JVM: on the direct path the runtime's CPU is the stand-in's
    s["adapterOwnCpuMsPerRequest"] = round(a["serverCpuMsPerRequest"] - d["serverCpuMsPerRequest"], 3)
    s["adapterToDirectThroughput"] = ratio(a["throughput"], d["throughput"])
    s["addedP50Ms"] = round(a["p50Ms"] - d["p50Ms"], 3)
    s["addedP99Ms"] = round(a["p99Ms"] - d["p99Ms"], 3)
    line = (f"delay {key[0]:>4}, {key[1]:>2} users: direct {d['throughput']:8.1f} req/s, adapter {a['throughput']:7.1f} req/s"
            + (f", peer {pe['throughput']:7.1f} req/s" if pe else "")
            + f"; adapter/direct {s['adapterToDirectThroughput']:.3f}")
    if pe:
        s["adapterToPeerThroughput"] = ratio(a["throughput"], pe["throughput"])
        s["peerAddedP50Ms"] = round(pe["p50Ms"] - d["p50Ms"], 3)
        s["peerCpuMsPerRequest"] = round(pe["peerCpuMsPerRequest"] + pe["echoCpuMsPerRequest"], 3)
        line += f", adapter/peer {s['adapterToPeerThroughput']:.3f}"
    lines.append(line)
    lines.append(f"    p50 direct {d['p50Ms']:.2f}, adapter {a['p50Ms']:.2f} (added {s['addedP50Ms']:+.2f})"
                 + (f", peer {pe['p50Ms']:.2f} (added {s['peerAddedP50Ms']:+.2f})" if pe else "")
                 + f" ms; p99 direct {d['p99Ms']:.2f}, adapter {a['p99Ms']:.2f}" + (f", peer {pe['p99Ms']:.2f}" if pe else "") + " ms")
    lines.append(f"    CPU per request: runtime {d['serverCpuMsPerRequest']:.3f} (direct) -> {a['serverCpuMsPerRequest']:.3f} (adapter) ms,"
                 f" adapter own CPU per request {s['adapterOwnCpuMsPerRequest']:.3f} ms"
                 + (f"; peer JVM {pe['peerCpuMsPerRequest']:.3f} + echo {pe['echoCpuMsPerRequest']:.3f}"
                    f" (+ runtime's stand-in {pe['serverCpuMsPerRequest']:.3f}) ms" if pe else ""))
    errs = {p: s[p]["errors"] for p in ("direct", "adapter", "peer") if p in s and s[p]["errors"]}
    if errs:
        lines.append(f"    NON-200 ANSWERS: {errs}")
    scenarios.append(s)

def scen(delay, c):
    return next((s for s in scenarios if s["delay"] == delay and s["concurrency"] == c), None)

derived = {}
s1, s8 = scen("0ms", 1), scen("0ms", 8)
if s1 and s8 and s8["adapterOwnCpuMsPerRequest"] > 0:
    derived["adapterOwnCpu1To8"] = ratio(s1["adapterOwnCpuMsPerRequest"], s8["adapterOwnCpuMsPerRequest"])
    lines.append(f"adapter own CPU per request, 1 user / 8 users (0 ms): {s1['adapterOwnCpuMsPerRequest']:.3f} /"
                 f" {s8['adapterOwnCpuMsPerRequest']:.3f} = {derived['adapterOwnCpu1To8']:.2f}")

first = [r for r in runs if r["scenario"] == "first"]
if first:
    f = first[0]
    derived["firstSeconds"] = {"seconds": f["seconds"], "throughput": f["throughput"], "intervalSeconds": f.get("intervalSeconds"),
                               "intervals": f.get("intervals")}
    if s8:
        derived["firstToSteady"] = ratio(f["throughput"], s8["adapter"]["throughput"])
        lines.append(f"warm-up: first {f['seconds']:g} s = {100 * derived['firstToSteady']:.0f} % of steady"
                     f" ({f['throughput']:.1f} of {s8['adapter']['throughput']:.1f} req/s, 8 users, adapter);"
                     f" per {f.get('intervalSeconds', 0):g} s: {f.get('intervals')}")
    else:
        lines.append(f"warm-up: first {f['seconds']:g} s: {f['throughput']:.1f} req/s (no steady 8-user 0 ms figure to compare)")

def variant(name):
    rs = [r for r in runs if r["scenario"] == name]
    return agg(rs) if rs else None

def per_runtime(name):
    # each fresh runtime's mean throughput: the spread between runtimes of one variant
    ids = dict.fromkeys(r["runtime"] for r in runs if r["scenario"] == name)
    return [round(mean(r["throughput"] for r in runs if r["scenario"] == name and r["runtime"] == i), 1) for i in ids]

# variants against the default-heap runtime that had the same warm-up
base = variant("heap-default")
srv = {(x["scenario"], x["delay"]): x for x in servers}
if base:
    heaps = [(n[5:], variant(n), srv.get((n, "0ms"))) for n in dict.fromkeys(
        r["scenario"] for r in runs if r["scenario"].startswith("heap-"))]
    if len(heaps) > 1:
        derived["heap"] = []
        for h, a, sv in heaps:
            e = {"heap": h, "throughput": a["throughput"], "toDefault": ratio(a["throughput"], base["throughput"]),
                 "rssAfterWarmupKiB": sv["rssAfterWarmupKiB"], "rssAfterLoadKiB": sv["rssAfterLoadKiB"],
                 "rssPeakKiB": sv["rssPeakKiB"], "fullGcs": sv["fullGcs"], "fullGcsMeasured": sv["fullGcsMeasured"]}
            derived["heap"].append(e)
            lines.append(f"heap {h:>7}: adapter 8 users {a['throughput']:7.1f} req/s ({e['toDefault']:.3f} of default),"
                         f" RSS {sv['rssAfterWarmupKiB'] // 1024} MiB after warm-up, {sv['rssAfterLoadKiB'] // 1024} after load,"
                         f" peak {sv['rssPeakKiB'] // 1024}; full GCs {sv['fullGcsMeasured']} after warm-up ({sv['fullGcs']} in all)")
    off = variant("log-off")
    if off:
        t = derived["transactionLog"] = {
            "onThroughput": base["throughput"], "offThroughput": off["throughput"],
            "onToOffThroughput": ratio(base["throughput"], off["throughput"]),
            "onCpuMsPerRequest": base["serverCpuMsPerRequest"], "offCpuMsPerRequest": off["serverCpuMsPerRequest"],
            "onToOffCpu": ratio(base["serverCpuMsPerRequest"], off["serverCpuMsPerRequest"]),
            "onDbCpuMsPerRequest": base["dbCpuMsPerRequest"], "offDbCpuMsPerRequest": off["dbCpuMsPerRequest"],
            "onPerRuntime": per_runtime("heap-default"), "offPerRuntime": per_runtime("log-off")}
        lines.append(f"transaction log (0 ms, 8 users, adapter): throughput on {t['onThroughput']:.1f} / off {t['offThroughput']:.1f} req/s ="
                     f" {t['onToOffThroughput']:.3f}; runtime CPU per request on {t['onCpuMsPerRequest']:.3f} /"
                     f" off {t['offCpuMsPerRequest']:.3f} ms = {t['onToOffCpu']:.3f}; its PostgreSQL's CPU per request"
                     f" on {t['onDbCpuMsPerRequest']:.3f} / off {t['offDbCpuMsPerRequest']:.3f} ms; each runtime's req/s on"
                     f" {t['onPerRuntime']} / off {t['offPerRuntime']}")
    jd = variant("jvm-defaults")
    if jd:
        j = derived["jvmDefaults"] = {
            "jvmOptionsThroughput": base["throughput"], "jvmDefaultsThroughput": jd["throughput"],
            "optionsToDefaultsThroughput": ratio(base["throughput"], jd["throughput"]),
            "jvmOptionsCpuMsPerRequest": base["serverCpuMsPerRequest"], "jvmDefaultsCpuMsPerRequest": jd["serverCpuMsPerRequest"]}
        lines.append(f"jvm.options vs the JVM's own JIT and GC (0 ms, 8 users, adapter, same warm-up): {j['jvmOptionsThroughput']:.1f} /"
                     f" {j['jvmDefaultsThroughput']:.1f} req/s = {j['optionsToDefaultsThroughput']:.3f}; runtime CPU per request"
                     f" {j['jvmOptionsCpuMsPerRequest']:.3f} / {j['jvmDefaultsCpuMsPerRequest']:.3f} ms")
qrs = [r for r in runs if r["scenario"] == "quota"]
if qrs:
    qa = agg([r for r in qrs if r["path"] == "adapter"])
    qq = agg([r for r in qrs if r["path"] == "adapter-quota"])
    q = derived["quota"] = {
        "noQuotaThroughput": qa["throughput"], "quotaThroughput": qq["throughput"],
        "quotaToNoQuotaThroughput": ratio(qq["throughput"], qa["throughput"]),
        "noQuotaCpuMsPerRequest": qa["serverCpuMsPerRequest"], "quotaCpuMsPerRequest": qq["serverCpuMsPerRequest"],
        "noQuotaDbCpuMsPerRequest": qa["dbCpuMsPerRequest"], "quotaDbCpuMsPerRequest": qq["dbCpuMsPerRequest"],
        "addedCpuMsPerRequest": round(qq["serverCpuMsPerRequest"] - qa["serverCpuMsPerRequest"], 3),
        "addedDbCpuMsPerRequest": round(qq["dbCpuMsPerRequest"] - qa["dbCpuMsPerRequest"], 3),
        "rounds": [{"path": r["path"], "round": r["round"], "throughput": r["throughput"],
                    "serverCpuMsPerRequest": r["serverCpuMsPerRequest"], "dbCpuMsPerRequest": r["dbCpuMsPerRequest"]} for r in qrs]}
    lines.append(f"quota check (0 ms, 8 users, one runtime, alternating rounds): with a quota {q['quotaThroughput']:.1f} / without"
                 f" {q['noQuotaThroughput']:.1f} req/s = {q['quotaToNoQuotaThroughput']:.3f}; runtime CPU per request"
                 f" {q['quotaCpuMsPerRequest']:.3f} / {q['noQuotaCpuMsPerRequest']:.3f} ms (added {q['addedCpuMsPerRequest']:+.3f}),"
                 f" its PostgreSQL's {q['quotaDbCpuMsPerRequest']:.3f} / {q['noQuotaDbCpuMsPerRequest']:.3f} ms"
                 f" (added {q['addedDbCpuMsPerRequest']:+.3f})")
for s in servers:
    lines.append(f"runtime {s['scenario']} {s['delay']} (heap {s['heap']}): started in {s['startupSeconds']} s (process {s['processRunningSeconds']} s),"
                 f" RSS {s['rssAfterWarmupKiB'] // 1024} MiB after warm-up, {s['rssAfterLoadKiB'] // 1024} MiB after load,"
                 f" peak {s['rssPeakKiB'] // 1024} MiB; GC pauses {s['gcPauses']}, full GCs {s['fullGcs']} ({s['fullGcsMeasured']} after warm-up)")
lines.append(f"load average before {env['LOAD_BEFORE']}, after {env['LOAD_AFTER']} ({env['NPROC']} CPUs); took {env['TOTAL_S']} s")
result = {"benchmark": "rest-to-soap", "date": env["STAMP"], "commit": env["COMMIT"],
          "machine": {"nproc": int(env["NPROC"]), "memTotalKiB": int(env["MEM_KIB"]), "java": env["JAVA_VERSION"].strip(),
                      "loadavgBefore": env["LOAD_BEFORE"], "loadavgAfter": env["LOAD_AFTER"]},
          "settings": {"warmupSeconds": float(env["WARMUP"]), "secondsPerRun": float(env["SECS"]), "rounds": int(env["ROUNDS"]),
                       "firstSeconds": float(env["FIRST_SECONDS"]), "peer": env["PEER"] == "1", "peerJavaOpts": env["PEER_JAVA_OPTS"],
                       "heapRuns": env["HEAP_RUNS"], "logOff": env["LOG_OFF"] == "1", "logOffPairs": int(env["LOG_OFF_PAIRS"]), "quota": env["QUOTA"] == "1", "jvmDefaults": env["JVM_DEFAULTS"] == "1",
                       "legacyNodelay": env["NODELAY"], "javaOpts": env["JAVA_OPTS"], "runtimeArgs": env["RUNTIME_ARGS"],
                       "totalSeconds": int(env["TOTAL_S"])},
          "scenarios": scenarios, "derived": derived, "servers": servers, "runs": runs, "summary": lines}
json.dump(result, open(env["RESULT"], "w"), indent=2, ensure_ascii=False)
open(env["SUMMARY"], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
log "results: $RESULT"
[[ $PROFILE == 1 ]] || rm -rf "$WORK"    # kept only when it holds a profile
