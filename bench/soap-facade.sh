#!/usr/bin/env bash
# SOAP facade -> NDXP REST overhead: the one-stop-office facade (LookupCitizen, POST /soap/one-stop-office)
# against calling what it calls directly: the platform's population service through the platform stand-in
# (GET /sandbox/ndxp/r1/VN:GOV:000.00.00.G12:population/citizens/{id} with a platform token), the
# baseline. Same load tool, same concurrency, alternating rounds, in one run; both the platform and the
# population stand-ins run inside the runtime's JVM, so on the direct path the runtime's CPU is theirs.
#
#   bench/soap-facade.sh              build the committed HEAD in a clone ($BUILD_DIR), then measure
#   bench/soap-facade.sh path/to.jar  measure an existing jar (run from $RUN_DIR, default: the jar's ../)
#
# Knobs (environment): CONC="1 8"  WARMUP=5  SECONDS_PER_RUN=12  ROUNDS=2  PREWARM=20
#   ports: PORT=28080  LEGACY_PORT=28081  PG_PORT=28433  LEGACY_DB_PORT=28432  KAFKA_PORT=28092  SFTP_PORT=28122
#   experiments: JAVA_OPTS="" (JVM options), RUNTIME_ARGS="" (Spring arguments for the runtime)
# Needs: java 17, curl, python3; git + maven when building. Takes about 4 minutes with the defaults.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
CONC=${CONC:-1 8}
WARMUP=${WARMUP:-5}
SECS=${SECONDS_PER_RUN:-12}
ROUNDS=${ROUNDS:-2}
PREWARM=${PREWARM:-20}
PORT=${PORT:-28080}               # not the defaults: a developer's own sandbox may be running there
LEGACY_PORT=${LEGACY_PORT:-28081}
PG_PORT=${PG_PORT:-28433}
LEGACY_DB_PORT=${LEGACY_DB_PORT:-28432}
KAFKA_PORT=${KAFKA_PORT:-28092}
SFTP_PORT=${SFTP_PORT:-28122}     # the sandbox SFTP server of file-drop adapters (default 2222)
JAVA_OPTS=${JAVA_OPTS:-}
RUNTIME_ARGS=${RUNTIME_ARGS:-}
HOST=127.0.0.1                    # loopback only, never anything else

STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT_DIR="$REPO/bench/results"
WORK=$(mktemp -d /tmp/soap-facade.XXXXXX)
RUNS="$WORK/runs.jsonl"
mkdir -p "$OUT_DIR"
: > "$RUNS"
SERVER_PID=
# shellcheck source=bench/lib.sh
source "$REPO/bench/lib.sh"
log "work dir (server log): $WORK"

LOAD_PID=
cleanup() {
    if [[ -n "$LOAD_PID" ]]; then kill "$LOAD_PID" 2>/dev/null || true; fi
    stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM    # exit runs the EXIT trap

the_jar /tmp/bench-src "$@"
javac -d "$WORK/loadtool" "$REPO/bench/LoadTool.java"

NS=http://motcua.gov.vn/ws/citizen/v1
FACADE_URL="http://$HOST:$PORT/soap/one-stop-office"
DIRECT_URL="http://$HOST:$PORT/sandbox/ndxp/r1/VN:GOV:000.00.00.G12:population/citizens/079199000002"
# the facade calls the platform as this subsystem (the sandbox client's), so the direct path does too
CLIENT_HEADER="X-NDXP-Client: VN:GOV:000.00.00.H41:one-stop-office"
SOAP_ACTION="SOAPAction: \"$NS/LookupCitizen\""
printf '%s' "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><c:LookupCitizen xmlns:c=\"$NS\"><c:CitizenID>079199000002</c:CitizenID></c:LookupCitizen></soap:Body></soap:Envelope>" > "$WORK/request.xml"
EXPECTED="Nguyễn Thị Hồng Nhung"

# a platform token of the sandbox client for the population provider (tokens last 5 minutes)
token() {
    curl -sf -u sandbox-client:sandbox-secret -d grant_type=client_credentials -d resource=VN:GOV:000.00.00.G12:population "http://$HOST:$PORT/sandbox/ndxp/token" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# check <name> <curl args...>: one request, status 200 and the expected name in the body, before any load
check() {
    local name=$1 status
    shift
    status=$(curl -s -o "$WORK/$name.out" -w '%{http_code}' "$@")
    [[ $status == 200 ]] && grep -qF "$EXPECTED" "$WORK/$name.out" && return 0
    log "$name answer wrong ($status):"; cat "$WORK/$name.out" >&2; exit 1
}

run() {
    local args=(--concurrency "$2" --warmup-seconds "$3" --seconds "$4" --label "$1")
    if [[ $1 == facade ]]; then
        args+=(--url "$FACADE_URL" --method POST --header 'Content-Type: text/xml; charset=UTF-8' --header "$SOAP_ACTION"
            --body-file "$WORK/request.xml")
    else
        args+=(--url "$DIRECT_URL" --header "Authorization: Bearer $(token)" --header "$CLIENT_HEADER" --header 'Accept: application/json')
    fi
    java -cp "$WORK/loadtool" LoadTool "${args[@]}" > "$WORK/run.json" &
    LOAD_PID=$!
    wait "$LOAD_PID"
    LOAD_PID=
}
rss_kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVER_PID/status"; }

for p in "$PORT" "$LEGACY_PORT" "$PG_PORT" "$LEGACY_DB_PORT" "$KAFKA_PORT" "$SFTP_PORT"; do
    port_free "$p" || { log "port $p is in use"; exit 1; }
done
LOAD_BEFORE=$(loadavg)
T_START=$(now)
LOGF="$WORK/server.log"
GCLOG="$WORK/gc.log"
log "starting the runtime"
# fresh sandbox databases in $WORK: a transaction log grown by earlier runs would skew it
# shellcheck disable=SC2086
(cd "$RUN_DIR" && MALLOC_ARENA_MAX=$ARENAS exec java $RUNTIME_JVM -Xlog:gc:file="$GCLOG" $JAVA_OPTS -jar "$JAR" --server.port="$PORT" \
    --ndxp.sandbox.legacy-soap.port="$LEGACY_PORT" --ndxp.sandbox.postgres.port="$PG_PORT" \
    --ndxp.sandbox.legacy-db.port="$LEGACY_DB_PORT" --ndxp.sandbox.kafka.port="$KAFKA_PORT" --ndxp.sandbox.sftp.port="$SFTP_PORT" \
    --ndxp.sandbox.postgres.data-dir="$WORK/postgres" --ndxp.sandbox.legacy-db.data-dir="$WORK/legacy-db" \
    $RUNTIME_ARGS > "$LOGF" 2>&1) &
SERVER_PID=$!
await_started "$LOGF" 120
check facade -H 'Content-Type: text/xml; charset=UTF-8' -H "$SOAP_ACTION" --data-binary @"$WORK/request.xml" "$FACADE_URL"
check direct -H "Authorization: Bearer $(token)" -H "$CLIENT_HEADER" -H 'Accept: application/json' "$DIRECT_URL"

log "warm-up"
run facade 8 0 "$PREWARM"
run direct 8 0 5
RSS_WARM=$(rss_kib VmRSS)
for C in $CONC; do
    for ROUND in $(seq "$ROUNDS"); do
        for P in direct facade; do
            log "concurrency $C, $P, round $ROUND"
            T0=$(ticks "$SERVER_PID"); W0=$(now)
            run "$P" "$C" "$WARMUP" "$SECS"
            LINE=$(< "$WORK/run.json")
            echo "${LINE%\}},\"path\":\"$P\",\"round\":$ROUND,\"serverCpuTicks\":$(($(ticks "$SERVER_PID") - T0)),\"wallSeconds\":$(awk "BEGIN{print $(now) - $W0}"),\"loadavg\":\"$(loadavg)\"}" >> "$RUNS"
        done
    done
done
SERVER="{\"startupSeconds\":$START_S,\"rssAfterWarmupKiB\":$RSS_WARM,\"rssAfterLoadKiB\":$(rss_kib VmRSS),\"rssPeakKiB\":$(rss_kib VmHWM),\"gcPauses\":$(grep -c Pause "$GCLOG" || true),\"fullGcs\":$(grep -c 'Pause Full' "$GCLOG" || true)}"
stop_server
LOAD_AFTER=$(loadavg)
TOTAL_S=$(awk "BEGIN{printf \"%.0f\", $(now) - $T_START}")

RESULT="$OUT_DIR/soap-facade-$STAMP.json"
SUMMARY="$OUT_DIR/soap-facade-$STAMP.txt"
JAVA_VERSION=$(java -version 2>&1 | head -2 | tr '\n' ' ')
export RUNS RESULT SUMMARY STAMP COMMIT JAVA_OPTS RUNTIME_ARGS JAVA_VERSION LOAD_BEFORE LOAD_AFTER WARMUP SECS ROUNDS SERVER TOTAL_S
export NPROC=$(nproc) CLK_TCK=$(getconf CLK_TCK)
python3 - <<'EOF'
import json, os
from statistics import mean
env = os.environ
runs = [json.loads(l) for l in open(env["RUNS"])]
for r in runs:
    # the runtime's CPU over the whole run (warm-up included) divided by every request of the run
    cpu_ms = r["serverCpuTicks"] * 1000 / int(env["CLK_TCK"])
    r["serverCpuMsPerRequest"] = round(cpu_ms / (r["warmupRequests"] + r["requests"] + r["errors"]), 3)
server = json.loads(env["SERVER"])
scenarios, lines = [], []
for c in dict.fromkeys(r["concurrency"] for r in runs):
    agg = {p: {m: round(mean(r[m] for r in runs if r["concurrency"] == c and r["path"] == p), 3)
               for m in ("throughput", "p50Ms", "p90Ms", "p99Ms", "maxMs", "serverCpuMsPerRequest")}
           | {"errors": sum(r["errors"] for r in runs if r["concurrency"] == c and r["path"] == p)} for p in ("direct", "facade")}
    d, f = agg["direct"], agg["facade"]
    s = {"concurrency": c, "direct": d, "facade": f, "facadeToDirectThroughput": round(f["throughput"] / d["throughput"], 3),
         "addedP50Ms": round(f["p50Ms"] - d["p50Ms"], 3),
         # the platform and population stand-ins run in the runtime: the direct path's runtime CPU is theirs
         "facadeOwnCpuMsPerRequest": round(f["serverCpuMsPerRequest"] - d["serverCpuMsPerRequest"], 3)}
    scenarios.append(s)
    lines.append(f"{c:>2} users: direct {d['throughput']:8.1f} req/s, facade {f['throughput']:7.1f} req/s, facade/direct {s['facadeToDirectThroughput']:.3f};"
                 f" p50 {d['p50Ms']:.2f} -> {f['p50Ms']:.2f} ms (added {s['addedP50Ms']:+.2f}), p99 {d['p99Ms']:.2f} -> {f['p99Ms']:.2f} ms;"
                 f" runtime CPU/request {d['serverCpuMsPerRequest']:.3f} -> {f['serverCpuMsPerRequest']:.3f} ms, facade own {s['facadeOwnCpuMsPerRequest']:.3f} ms")
    if d["errors"] or f["errors"]:
        lines.append(f"  NON-200 ANSWERS: direct {d['errors']}, facade {f['errors']}")
derived = {}
s1 = next((s for s in scenarios if s["concurrency"] == 1), None)
s8 = next((s for s in scenarios if s["concurrency"] == 8), None)
if s1 and s8 and s8["facadeOwnCpuMsPerRequest"] > 0:
    derived["facadeOwnCpu1To8"] = round(s1["facadeOwnCpuMsPerRequest"] / s8["facadeOwnCpuMsPerRequest"], 3)
    lines.append(f"facade own CPU per request, 1 user / 8 users: {derived['facadeOwnCpu1To8']:.2f}")
lines.append(f"runtime: started in {server['startupSeconds']} s, RSS {server['rssAfterWarmupKiB'] // 1024} MiB after warm-up,"
             f" {server['rssAfterLoadKiB'] // 1024} MiB after load, peak {server['rssPeakKiB'] // 1024} MiB; GC pauses {server['gcPauses']}, full GCs {server['fullGcs']}")
lines.append(f"load average before {env['LOAD_BEFORE']}, after {env['LOAD_AFTER']} ({env['NPROC']} CPUs); took {env['TOTAL_S']} s")
result = {"benchmark": "soap-facade", "date": env["STAMP"], "commit": env["COMMIT"],
          "machine": {"nproc": int(env["NPROC"]), "java": env["JAVA_VERSION"].strip(), "loadavgBefore": env["LOAD_BEFORE"], "loadavgAfter": env["LOAD_AFTER"]},
          "settings": {"warmupSeconds": float(env["WARMUP"]), "secondsPerRun": float(env["SECS"]), "rounds": int(env["ROUNDS"]),
                       "javaOpts": env["JAVA_OPTS"], "runtimeArgs": env["RUNTIME_ARGS"], "totalSeconds": int(env["TOTAL_S"])},
          "scenarios": scenarios, "derived": derived, "server": server, "runs": runs, "summary": lines}
json.dump(result, open(env["RESULT"], "w"), indent=2, ensure_ascii=False)
open(env["SUMMARY"], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
log "results: $RESULT"
rm -rf "$WORK"
