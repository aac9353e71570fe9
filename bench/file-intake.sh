#!/usr/bin/env bash
# File-drop adapter throughput and heap: the social-insurance adapter (adapters/social-insurance/, engine
# FileIntake) takes a generated contribution CSV from its drop folder, validates and maps every record,
# POSTs them in batches to a platform stand-in and writes the receipt; against a plain-Java baseline
# measured in the same run, on the same files, against the same stand-in (bench/FileBaseline.java:
# buffered read, CSV parse, Jackson JSON, one HTTP POST per batch of the same size, sequential).
# Results are quoted in docs/benchmarks.md ("File intake").
#
#   bench/file-intake.sh              build the committed HEAD in a clone ($BUILD_DIR), then measure
#   bench/file-intake.sh path/to.jar  measure an existing jar (run from $RUN_DIR, default: the jar's ../)
#
# Steps, on one fresh sandbox runtime (fresh databases and files folder in a temporary folder):
#   generate    bench/FileGen.java: SMALL (10,000) and RECORDS (1,000,000, about 150 MB) records, all valid
#   stand-in    bench/FileSink.java in its own JVM (token + batch endpoints, counts distinct keys), so the
#               runtime's heap holds only the adapter; warmed up with SINK_WARMUP records (posted by the
#               baseline program) before anything is measured; the runtime runs with --ndxp.platform.url=<sink>
#   baseline    bench/FileBaseline.java on the same two files (the small one first, as the adapter's warm-up)
#   small file  written as .name, renamed into drop/social-insurance/; timed until its receipt; the
#               receipt and the sink's counts are checked (all accepted, all keys distinct, no duplicate)
#   large file  the same
#   baseline    again, in a fresh JVM (the figure is the mean of the two passes: the load of the shared
#               machine drifts)
#   heap        (HEAP_STEP=1) more files of the same sizes (other content: the same content would be a
#               duplicate): HEAP_SMALL_FILES small ones (one takes a fraction of a second: one is too short
#               to sample) then one large, while full GCs are forced back to back (HEAP_SAMPLE_MS apart)
#               over Jolokia: the heap after those GCs is the live heap while a file is processed (GC log,
#               between FileProgress's "started" and "processed"); not part of the throughput figures
#   profile     (PROFILE=1) one more large file with a JFR recording and a wall-clock sampler of the intake
#               thread (bench/ThreadSampler.java), summarised by bench/file-profile.py; not part of the figures
# The runtime's GC log (-Xlog:gc*) also gives the heap after the ordinary GCs of the timed steps.
#
# Knobs (environment): RECORDS=1000000  SMALL=10000  BATCH_SIZE=500 (SOCIAL_INSURANCE_BATCH_SIZE)  SINK_WARMUP=200000
#   HEAP=1g (the runtime's -Xms and -Xmx)  MAX_FILE_SECONDS=900  HEAP_STEP=1  HEAP_SAMPLE_MS=100  HEAP_SMALL_FILES=10
#   ports: PORT=38090  SINK_PORT=38180  LEGACY_PORT=38091  PG_PORT=38433  LEGACY_DB_PORT=38432  KAFKA_PORT=38092
#   experiments: JAVA_OPTS="" (more JVM options for the runtime), RUNTIME_ARGS=""
#   PROFILE=0  PROFILE_SECONDS=12  KEEP_WORK=0 (1: keep the work folder: server log, GC log, files)
# The sandbox's SFTP server and the adapter's SFTP route are off (--ndxp.sandbox.sftp.enabled=false): only
# the drop-folder route runs.
# Needs: java 17 (javac, jar, jcmd, jfr), curl, python3; git + maven when building. Takes about 6-8 minutes.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
RECORDS=${RECORDS:-1000000}
SINK_WARMUP=${SINK_WARMUP:-200000}
SMALL=${SMALL:-10000}
BATCH_SIZE=${BATCH_SIZE:-500}
HEAP=${HEAP:-1g}
MAX_FILE_SECONDS=${MAX_FILE_SECONDS:-900}
HEAP_STEP=${HEAP_STEP:-1}
HEAP_SAMPLE_MS=${HEAP_SAMPLE_MS:-100}
HEAP_SMALL_FILES=${HEAP_SMALL_FILES:-10}
PORT=${PORT:-38090}
SINK_PORT=${SINK_PORT:-38180}
LEGACY_PORT=${LEGACY_PORT:-38091}
PG_PORT=${PG_PORT:-38433}
LEGACY_DB_PORT=${LEGACY_DB_PORT:-38432}
KAFKA_PORT=${KAFKA_PORT:-38092}
JAVA_OPTS=${JAVA_OPTS:-}
RUNTIME_ARGS=${RUNTIME_ARGS:-}
PROFILE=${PROFILE:-0}
PROFILE_SECONDS=${PROFILE_SECONDS:-12}
KEEP_WORK=${KEEP_WORK:-0}
HOST=127.0.0.1
SERVICE='VN:GOV:000.00.00.G00:ndxp/records'
SERVICE_PATH=/social-insurance/contributions/batch

STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT_DIR=${OUT_DIR:-$REPO/bench/results}
WORK=$(mktemp -d /tmp/file-intake.XXXXXX)
FILES=$WORK/files
DROP=$FILES/drop/social-insurance
RECEIPTS=$FILES/receipts/social-insurance
mkdir -p "$OUT_DIR" "$WORK/gen" "$DROP" "$RECEIPTS"
STEPS="$WORK/steps.jsonl"
: > "$STEPS"
T_SCRIPT=$(date +%s)

source "$REPO/bench/lib.sh"
log "work dir (server log, GC log): $WORK"

SERVER_PID=
SINK_PID=
GC_LOOP_PID=
cleanup() {
    if [[ -n "$GC_LOOP_PID" ]]; then kill "$GC_LOOP_PID" 2>/dev/null || true; fi
    stop_server
    if [[ -n "$SINK_PID" ]]; then kill "$SINK_PID" 2>/dev/null || true; fi
    if [[ $KEEP_WORK != 1 && $PROFILE != 1 ]]; then rm -rf "$WORK"; else rm -rf "$WORK/gen" "$FILES/drop"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# --- the jar, and Jackson at the runtime's version for the tools -----------------------------------
the_jar /tmp/file-intake-src "$@"
tool_classpath com/fasterxml/jackson/core:jackson-core com/fasterxml/jackson/core:jackson-databind \
    com/fasterxml/jackson/core:jackson-annotations
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$REPO/bench/FileSink.java" "$REPO/bench/FileBaseline.java"
if [[ $PROFILE == 1 ]]; then sampler_agent; fi    # loaded into the runtime as a Java agent

# --- the files -----------------------------------------------------------------------------------
SMALL_NAME=contributions-small.csv
LARGE_NAME=contributions-large.csv
gen() {    # <name> <records> <seed> <period>
    java "$REPO/bench/FileGen.java" "$WORK/gen/$1" "$2" "$3" "$4" > "$WORK/gen/$1.json"
    log "generated $1: $(< "$WORK/gen/$1.json")"
}
gen warmup.csv "$SINK_WARMUP" 9 2026-09
gen "$SMALL_NAME" "$SMALL" 10 2026-10
gen "$LARGE_NAME" "$RECORDS" 11 2026-10
HEAP_NAMES=()
if [[ $HEAP_STEP == 1 ]]; then
    for i in $(seq "$HEAP_SMALL_FILES"); do
        gen "heap$i-$SMALL_NAME" "$SMALL" $((20 + i)) 2026-11
        HEAP_NAMES+=("heap$i-$SMALL_NAME")
    done
    gen "heap-$LARGE_NAME" "$RECORDS" 20 2026-11
    HEAP_NAMES+=("heap-$LARGE_NAME")
fi
if [[ $PROFILE == 1 ]]; then gen "profile-$LARGE_NAME" "$RECORDS" 31 2026-12; fi

# --- the platform stand-in and the runtime -------------------------------------------------------
for p in "$PORT" "$SINK_PORT" "$LEGACY_PORT" "$PG_PORT" "$LEGACY_DB_PORT" "$KAFKA_PORT"; do
    port_free "$p" || { log "port $p is in use"; exit 1; }
done
# TCP_NODELAY on the stand-in's sockets: without it each answer waited ~40 ms for a delayed ACK
java -Xmx3g -Dsun.net.httpserver.nodelay=true -cp "$WORK/classes:$CP" FileSink "$SINK_PORT" > "$WORK/sink.log" 2>&1 &
SINK_PID=$!
sink() { curl -sf "http://$HOST:$SINK_PORT/$1" -X "${2:-GET}"; }
for _ in $(seq 50); do sink count > /dev/null 2>&1 && break; sleep 0.2; done
# the stand-in's own warm-up (JIT), so that the adapter, measured first, does not pay it
java -cp "$WORK/classes:$CP" FileBaseline "http://$HOST:$SINK_PORT" "$SERVICE" "$SERVICE_PATH" "$BATCH_SIZE" "$WORK/gen/warmup.csv" > /dev/null
sink reset POST > /dev/null

LOAD_BEFORE=$(loadavg)
UPTIME_BEFORE=$(uptime)
log "starting the runtime (-Xms$HEAP -Xmx$HEAP, batch size $BATCH_SIZE)"
(cd "$RUN_DIR" && SOCIAL_INSURANCE_BATCH_SIZE=$BATCH_SIZE MALLOC_ARENA_MAX=$ARENAS exec java $RUNTIME_JVM -Xms"$HEAP" -Xmx"$HEAP" \
    -Xlog:gc*:file="$WORK/gc.log":timemillis,uptimemillis,level,tags $JAVA_OPTS -jar "$JAR" \
    --server.port="$PORT" --ndxp.sandbox.legacy-soap.port="$LEGACY_PORT" \
    --ndxp.sandbox.postgres.port="$PG_PORT" --ndxp.sandbox.legacy-db.port="$LEGACY_DB_PORT" --ndxp.sandbox.kafka.port="$KAFKA_PORT" \
    --ndxp.sandbox.postgres.data-dir="$WORK/postgres" --ndxp.sandbox.legacy-db.data-dir="$WORK/legacy-db" \
    --ndxp.sandbox.sftp.enabled=false --ndxp.platform.url="http://$HOST:$SINK_PORT" --ndxp.files.dir="$FILES" \
    $RUNTIME_ARGS > "$WORK/server.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 360); do
    grep -q 'Started NdxpAdaptersApplication' "$WORK/server.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -50 "$WORK/server.log" >&2; exit 1; }
    sleep 0.5
done
grep -q 'Started NdxpAdaptersApplication' "$WORK/server.log" || { log "the runtime did not start in 3 minutes"; exit 1; }
STARTED=$(grep -o 'Started NdxpAdaptersApplication in [0-9.]* seconds' "$WORK/server.log" | awk '{print $4}')
grep -q SANDBOX "$WORK/server.log" || { log "no SANDBOX banner: not the sandbox profile?"; exit 1; }
log "started in $STARTED s"
jolokia() { curl -sf -u operator:sandbox-operator -H 'Content-Type: application/json' -d "$1" "http://$HOST:$PORT/actuator/jolokia"; }

# drop_file <generated name> <step>: into the drop folder as the legacy system would (temporary dot name,
# then a rename), wait for the receipt and for the original in done/; one JSON line about it
drop_file() {
    local name=$1 step=$2 t_drop t_receipt t_done j0 j1 s0 s1 sinkc
    local dropped="$step-$name"
    sink reset POST > /dev/null
    j0=$(ticks "$SERVER_PID"); s0=$(ticks "$SINK_PID")
    mv "$WORK/gen/$name" "$DROP/.$dropped"
    touch "$DROP/.$dropped"    # as if just written: the readLock waits readLockMinAge (2 s) from here
    mv "$DROP/.$dropped" "$DROP/$dropped"
    t_drop=$(now)
    log "$step: dropped $dropped"
    while [[ ! -f $RECEIPTS/$dropped.receipt.json ]]; do
        sleep 0.05
        if awk "BEGIN{exit !($(now) - $t_drop > $MAX_FILE_SECONDS)}"; then log "$step: no receipt in $MAX_FILE_SECONDS s"; exit 1; fi
    done
    t_receipt=$(now)
    while [[ ! -f $DROP/done/$dropped ]]; do sleep 0.05; done
    t_done=$(now)
    j1=$(ticks "$SERVER_PID"); s1=$(ticks "$SINK_PID")
    sinkc=$(sink count)
    log "$step: receipt after $(awk "BEGIN{printf \"%.1f\", $t_receipt - $t_drop}") s; sink: $sinkc"
    echo "{\"step\":\"$step\",\"file\":\"$dropped\",\"gen\":$(< "$WORK/gen/$name.json"),\"dropEpoch\":$t_drop,\"receiptEpoch\":$t_receipt,\"doneEpoch\":$t_done,\"receipt\":$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$RECEIPTS/$dropped.receipt.json"),\"sink\":$sinkc,\"runtimeCpuTicks\":$((j1 - j0)),\"sinkCpuTicks\":$((s1 - s0)),\"loadavg\":\"$(loadavg)\"}" >> "$STEPS"
}

# --- the timed steps: baseline, adapter, baseline again (drift on the shared machine hits both) -----
run_baseline() {    # <pass> <small file> <large file>
    local s0 s1
    log "baseline ($1): the same two files, batches of $BATCH_SIZE"
    sink reset POST > /dev/null
    s0=$(ticks "$SINK_PID")
    java -Xms"$HEAP" -Xmx"$HEAP" -cp "$WORK/classes:$CP" FileBaseline "http://$HOST:$SINK_PORT" "$SERVICE" "$SERVICE_PATH" "$BATCH_SIZE" \
        "$2" "$3" > "$WORK/baseline-$1.jsonl"
    s1=$(ticks "$SINK_PID")
    while read -r l; do log "baseline ($1): $l"; done < "$WORK/baseline-$1.jsonl"
    echo "{\"step\":\"baseline\",\"pass\":\"$1\",\"files\":[$(paste -sd, "$WORK/baseline-$1.jsonl")],\"sink\":$(sink count),\"sinkCpuTicks\":$((s1 - s0)),\"loadavg\":\"$(loadavg)\"}" >> "$STEPS"
}
run_baseline before "$WORK/gen/$SMALL_NAME" "$WORK/gen/$LARGE_NAME"
drop_file "$SMALL_NAME" small
drop_file "$LARGE_NAME" large
run_baseline after "$DROP/done/small-$SMALL_NAME" "$DROP/done/large-$LARGE_NAME"

# --- heap: a full GC every HEAP_SAMPLE_MS while a file is processed ----------------------------------
if [[ $HEAP_STEP == 1 ]]; then
    ( while true; do
          jolokia '{"type":"exec","mbean":"java.lang:type=Memory","operation":"gc"}' > /dev/null || true
          sleep "$(awk "BEGIN{print $HEAP_SAMPLE_MS / 1000}")"
      done ) &
    GC_LOOP_PID=$!
    for n in "${HEAP_NAMES[@]}"; do drop_file "$n" heap; done
    kill "$GC_LOOP_PID"; wait "$GC_LOOP_PID" 2>/dev/null || true
    GC_LOOP_PID=
fi

# --- profile (PROFILE=1): not part of the figures ----------------------------------------------------
if [[ $PROFILE == 1 ]]; then
    log "profile: one more large file, JFR + wall-clock sampler of the intake thread for $PROFILE_SECONDS s"
    jcmd "$SERVER_PID" JFR.start name=intake settings=profile filename="$WORK/intake.jfr" > /dev/null
    # the sampler from 4 s after the drop (past the readLock's wait), for PROFILE_SECONDS: inside the intake
    (sleep 4; java -cp "$WORK/sampler.jar" ThreadSampler "$SERVER_PID" "$WORK/sampler.jar" "file://" "$PROFILE_SECONDS" 5 "$WORK/intake-samples.txt") &
    SAMPLER_PID=$!
    drop_file "profile-$LARGE_NAME" profile
    jcmd "$SERVER_PID" JFR.stop name=intake > /dev/null
    wait "$SAMPLER_PID"
    for _ in $(seq 30); do [[ -s $WORK/intake-samples.txt ]] && break; sleep 1; done
    python3 "$REPO/bench/file-profile.py" "$WORK/intake-samples.txt" "$WORK/intake.jfr" > "$WORK/profile.txt"
    log "profile: $WORK/profile.txt"
fi
RSS_KIB=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$SERVER_PID/status")
LOAD_AFTER=$(loadavg)
UPTIME_AFTER=$(uptime)
stop_server

# --- results file and summary ----------------------------------------------------------------------
RESULT="$OUT_DIR/file-intake-$STAMP.json"
SUMMARY="$OUT_DIR/file-intake-$STAMP.txt"
export STEPS RESULT SUMMARY STAMP COMMIT JAVA_OPTS RUNTIME_ARGS HEAP_SMALL_FILES SINK_WARMUP LOAD_BEFORE LOAD_AFTER UPTIME_BEFORE UPTIME_AFTER RECORDS SMALL \
    BATCH_SIZE HEAP HEAP_SAMPLE_MS STARTED RSS_KIB WORK T_SCRIPT PROFILE
export JAVA_VERSION=$(java -version 2>&1 | head -2 | tr '\n' ' ') MEM_KIB=$(awk '$1 == "MemTotal:" {print $2}' /proc/meminfo)
export CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo) NPROC=$(nproc) CLK_TCK=$(getconf CLK_TCK)
export TOTAL_S=$(( $(date +%s) - T_SCRIPT ))
python3 "$REPO/bench/file-intake-report.py"
log "results: $RESULT"
