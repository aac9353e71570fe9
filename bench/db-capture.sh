#!/usr/bin/env bash
# Database adapter throughput and latency: the business-registry adapter's outbox capture
# (enterprise_change -> derived claim query -> JSON -> Kafka -> marked processed) and its delivery
# (Kafka -> platform stand-in), against a baseline measured in the same run on the same rows: plain
# JDBC + KafkaProducer (bench/DbBaseline.java). Results are quoted as ratios in docs/benchmarks.md.
#
#   bench/db-capture.sh              build the committed HEAD in a clone ($BUILD_DIR), then measure
#   bench/db-capture.sh path/to.jar  measure an existing jar (run from $RUN_DIR, default: the jar's ../)
#
# Steps, on one fresh sandbox runtime (fresh databases in a temporary folder):
#   warm-up     WARMUP_ROWS changes through capture and delivery (not recorded; checks the JSON on Kafka)
#   capture     both routes stopped over Jolokia; ROWS new enterprises in one INSERT ... generate_series
#               (the trigger writes ROWS changes); then capture started alone: time until every change is
#               processed_at and on Kafka (or MAX_PHASE_SECONDS, whichever comes first)
#   baseline 1  the same ROWS change rows, read, mapped and sent by bench/DbBaseline.java to its own topic
#   end-to-end  ROWS updates of those enterprises in one UPDATE; delivery and capture started: time until
#               every change is delivered (the delivery route sends batches to the stand-in and keeps one
#               ndxp_transaction row per record it delivered, with the receiver's answer: 202 accepted,
#               208 duplicate); lost = changes without such a row, duplicates = records the receiver got twice
#   baseline 2  the same, on these change rows
#   latency     both routes running: LATENCY_COUNT single-row commits at LATENCY_RATE/s; commit -> Kafka
#               (bench/DbLatency.java) and commit -> platform (the stand-in's receipt time of each record)
#
# Knobs (environment): ROWS=100000  MAX_PHASE_SECONDS=240 (0: no limit)  WARMUP_ROWS=3000
#   BASELINE_WARMUP_ROWS=20000  LATENCY_COUNT=200  LATENCY_RATE=20
#   ports: PORT=28090  LEGACY_PORT=28091  LEGACY_DB_PORT=25432  PG_PORT=25433  KAFKA_PORT=29092  SFTP_PORT=28122
#   experiments: JAVA_OPTS="" (JVM options), RUNTIME_ARGS="" (e.g. --business-registry.settings.pollDelay=100)
#   PROFILE=0 (1: an extra, unrecorded step at the end: PROFILE_SECONDS of capture alone, then of delivery
#              alone, each with a JFR recording and a wall-clock sampler of the route's thread
#              (bench/ThreadSampler.java), summarised by bench/db-profile.py; kept in the work folder)
#   PROFILE_SECONDS=30  PROFILE_ROWS=20000 (new changes for capture)  PROFILE_BACKLOG=40000 (records for delivery)
#   KEEP_WORK=0 (1: keep the work folder: server log, databases)
# Needs: java 17 (javac, jar, jcmd, jfr), curl, psql, python3; git + maven when building. Takes 5-7 minutes
# (up to about 13 when the adapter steps run into MAX_PHASE_SECONDS).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${ROWS:-100000}
MAX_PHASE_SECONDS=${MAX_PHASE_SECONDS:-240}
WARMUP_ROWS=${WARMUP_ROWS:-3000}
BASELINE_WARMUP_ROWS=${BASELINE_WARMUP_ROWS:-20000}
LATENCY_COUNT=${LATENCY_COUNT:-200}
LATENCY_RATE=${LATENCY_RATE:-20}
PORT=${PORT:-28090}               # not the defaults: a developer's own sandbox may be running there
LEGACY_PORT=${LEGACY_PORT:-28091}
LEGACY_DB_PORT=${LEGACY_DB_PORT:-25432}
PG_PORT=${PG_PORT:-25433}
KAFKA_PORT=${KAFKA_PORT:-29092}
SFTP_PORT=${SFTP_PORT:-28122}    # the sandbox SFTP server (file-drop adapters): not its default 2222 either
JAVA_OPTS=${JAVA_OPTS:-}
RUNTIME_ARGS=${RUNTIME_ARGS:-}
PROFILE=${PROFILE:-0}
PROFILE_SECONDS=${PROFILE_SECONDS:-30}
PROFILE_ROWS=${PROFILE_ROWS:-20000}
PROFILE_BACKLOG=${PROFILE_BACKLOG:-40000}
KEEP_WORK=${KEEP_WORK:-0}
HOST=127.0.0.1                    # loopback only, never anything else

TOPIC=ndxp.business-registry.enterprise
BASELINE_TOPIC=ndxp.bench.db-baseline
GROUP=ndxp-business-registry-delivery
CAPTURE=business-registry-capture
DELIVERY=business-registry-delivery
# tax codes of the generated enterprises: 10 digits, a prefix per step (the seed data uses 01/03/04/31/37)
WARMUP_PREFIX=87
PHASE_PREFIX=89
LATENCY_PREFIX=88
PROFILE_PREFIX=86

STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT_DIR=${OUT_DIR:-$REPO/bench/results}
WORK=$(mktemp -d /tmp/db-capture.XXXXXX)
mkdir -p "$OUT_DIR"
PHASES="$WORK/phases.jsonl"
: > "$PHASES"
T_SCRIPT=$(date +%s)

source "$REPO/bench/lib.sh"
log "work dir (server log): $WORK"

SERVER_PID=
TOOL_PID=
cleanup() {
    if [[ -n "$TOOL_PID" ]]; then kill "$TOOL_PID" 2>/dev/null || true; fi
    stop_server
    if [[ $KEEP_WORK != 1 && $PROFILE != 1 ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM    # exit runs the EXIT trap


# --- the jar, and the tools with the runtime's client versions ------------------------------------
the_jar /tmp/db-capture-src "$@"
tool_classpath org/apache/kafka:kafka-clients org/postgresql:postgresql org/slf4j:slf4j-api \
    com/fasterxml/jackson/core:jackson-core com/fasterxml/jackson/core:jackson-databind \
    com/fasterxml/jackson/core:jackson-annotations
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$REPO/bench/KafkaCount.java" "$REPO/bench/DbBaseline.java" "$REPO/bench/DbLatency.java"
tool() { java -cp "$WORK/classes:$CP" "$@" 2>> "$WORK/tools.err"; }
if [[ $PROFILE == 1 ]]; then sampler_agent; fi    # loaded into the runtime as a Java agent

# --- the runtime ---------------------------------------------------------------------------------
for p in "$PORT" "$LEGACY_PORT" "$PG_PORT" "$LEGACY_DB_PORT" "$KAFKA_PORT" "$SFTP_PORT"; do
    port_free "$p" || { log "port $p is in use"; exit 1; }
done
LOAD_BEFORE=$(loadavg)
UPTIME_BEFORE=$(uptime)
log "starting the runtime"
(cd "$RUN_DIR" && MALLOC_ARENA_MAX=$ARENAS exec java $RUNTIME_JVM $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --ndxp.sandbox.legacy-soap.port="$LEGACY_PORT" \
    --ndxp.sandbox.postgres.port="$PG_PORT" --ndxp.sandbox.legacy-db.port="$LEGACY_DB_PORT" --ndxp.sandbox.kafka.port="$KAFKA_PORT" --ndxp.sandbox.sftp.port="$SFTP_PORT" \
    --ndxp.sandbox.postgres.data-dir="$WORK/postgres" --ndxp.sandbox.legacy-db.data-dir="$WORK/legacy-db" \
    $RUNTIME_ARGS > "$WORK/server.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 360); do    # up to 3 minutes: a busy 2-CPU machine took 80 s
    grep -q 'Started NdxpAdaptersApplication' "$WORK/server.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -50 "$WORK/server.log" >&2; exit 1; }
    sleep 0.5
done
grep -q 'Started NdxpAdaptersApplication' "$WORK/server.log" || { log "the runtime did not start in 3 minutes"; exit 1; }
STARTED=$(grep -o 'Started NdxpAdaptersApplication in [0-9.]* seconds' "$WORK/server.log" | awk '{print $4}')
grep -q SANDBOX "$WORK/server.log" || { log "no SANDBOX banner: not the sandbox profile?"; exit 1; }
# the embedded broker does not always take ndxp.sandbox.kafka.port: its log line says where it is
BROKER=$(grep -o 'SANDBOX embedded Kafka broker on [^ ]*' "$WORK/server.log" | awk '{print $NF}' | head -1)
[[ -n $BROKER ]] || { log "no Kafka broker line in the server log"; exit 1; }
BOOTSTRAP="$HOST:${BROKER##*:}"
log "started in $STARTED s; Kafka broker $BROKER (used as $BOOTSTRAP)"

lsql() { PGPASSWORD=postgres psql -X -h "$HOST" -p "$LEGACY_DB_PORT" -U postgres -d business_registry -v ON_ERROR_STOP=1 -Atq -c "$1"; }
nsql() { PGPASSWORD=postgres psql -X -h "$HOST" -p "$PG_PORT" -U postgres -d ndxp -v ON_ERROR_STOP=1 -Atq -c "$1"; }
jolokia() { curl -sf -u operator:sandbox-operator -H 'Content-Type: application/json' -d "$1" "http://$HOST:$PORT/actuator/jolokia"; }
route_mbean() { echo "org.apache.camel:context=ndxp-adapters,type=routes,name=\\\"$1\\\""; }
route() {    # route <id> start|stop: over Jolokia, as an operator would in Hawtio
    local out
    out=$(jolokia "{\"type\":\"exec\",\"mbean\":\"$(route_mbean "$1")\",\"operation\":\"$2()\"}") || true
    grep -q '"status":200' <<< "$out" || { log "Jolokia $2 of $1 failed: $out"; exit 1; }
}
route_attr() {
    jolokia "{\"type\":\"read\",\"mbean\":\"$(route_mbean "$1")\",\"attribute\":\"$2\"}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])'
}
jmx_snapshot() {    # the adapter's routes: exchanges and processing time (processors' MBeans stop counting after a
                    # route is restarted over JMX, so only routes are used)
    jolokia '{"type":"read","mbean":"org.apache.camel:context=ndxp-adapters,type=routes,*","attribute":["RouteId","ExchangesCompleted","ExchangesFailed","TotalProcessingTime"]}' > "$1"
}
jvm_ticks() { ticks "$SERVER_PID"; }
pg_ticks() {    # a PostgreSQL server: postmaster (with its reaped children) + live backends
    local pm
    pm=$(head -1 "$1/postmaster.pid")
    { cat "/proc/$pm/stat"; for c in $(ps -o pid= --ppid "$pm"); do cat "/proc/$c/stat" 2>/dev/null || true; done; } \
        | awk '{s += $14 + $15 + $16 + $17} END {print s}'
}
kafka_end() { tool KafkaCount "$BOOTSTRAP" end "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["end"])'; }
pending() { lsql "SELECT count(*) FROM enterprise_change WHERE processed_at IS NULL AND id BETWEEN $1 AND $2"; }
delivered_since() {
    nsql "SELECT count(*) FROM ndxp_transaction WHERE adapter = 'business-registry' AND route_id = '$DELIVERY'
          AND status = 'success' AND request_in >= to_timestamp($1)"
}

# ROWS new enterprises with tax codes <prefix><8 digits>, values as varied as the seed data's
generate_sql() {
    cat <<EOF
INSERT INTO enterprise (tax_code, name, short_name, address, province_code, legal_representative, charter_capital, registered_on, status)
SELECT '$1' || lpad(i::text, 8, '0'),
       (ARRAY['Công ty TNHH ', 'Công ty Cổ phần ', 'Doanh nghiệp tư nhân ', 'Hợp tác xã '])[1 + i % 4]
           || (ARRAY['Thương mại', 'Xây dựng', 'Dịch vụ', 'Công nghệ', 'Vận tải', 'Thực phẩm', 'Du lịch', 'Đầu tư'])[1 + i % 8] || ' '
           || (ARRAY['Hoàng Long', 'Phú Thịnh', 'Minh Anh', 'Sao Việt', 'Hồng Hà', 'Thành Đạt', 'An Phát', 'Đại Nam', 'Bình Minh', 'Trường Sơn'])[1 + (i / 8) % 10]
           || ' ' || i,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'DN' || i END,
       'Số ' || (i % 200 + 1) || ' đường '
           || (ARRAY['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Điện Biên Phủ', 'Hùng Vương'])[1 + i % 7] || ', '
           || (ARRAY['Quận Hoàn Kiếm, Hà Nội', 'Quận 1, Thành phố Hồ Chí Minh', 'Quận Hải Châu, Đà Nẵng', 'Thành phố Huế, Thừa Thiên Huế',
                     'Thành phố Hải Phòng', 'Thành phố Cần Thơ'])[1 + i % 6],
       (ARRAY[1, 79, 48, 46, 31, 92])[1 + i % 6],
       (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'])[1 + i % 8] || ' '
           || (ARRAY['Văn', 'Thị', 'Minh', 'Đức', 'Thu', 'Quốc'])[1 + i % 6] || ' '
           || (ARRAY['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hạnh', 'Khánh', 'Linh', 'Phương', 'Tuấn'])[1 + i % 10],
       (i % 50 + 1) * 100000000.00,
       date '2005-01-01' + (i * 37 % 6500),
       CASE WHEN i % 97 = 0 THEN 'DISSOLVED' WHEN i % 29 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END
  FROM generate_series(1, $2) AS i
EOF
}

# changes made while capture was stopped: <sql> -> "<first id> <last id> <count> <seconds>"
make_changes() {
    local before t0 t1 range
    before=$(lsql "SELECT coalesce(max(id), 0) FROM enterprise_change")
    t0=$(now)
    lsql "$1" > /dev/null
    t1=$(now)
    range=$(lsql "SELECT min(id) || ' ' || max(id) || ' ' || count(*) FROM enterprise_change WHERE id > $before")
    echo "$range $(awk "BEGIN{printf \"%.3f\", $t1 - $t0}")"
}

# changes of a stopped phase that were not processed: marked, so the next step starts from a clean state
skip_leftovers() {
    lsql "UPDATE enterprise_change SET processed_at = clock_timestamp(), claimed_by = 'bench:skipped'
           WHERE processed_at IS NULL AND id BETWEEN $1 AND $2" > /dev/null
}

# the transaction log writes records in batches off the exchanges' path: wait until it has caught up
settle_transaction_log() {
    local last=-1 cur
    for _ in $(seq 30); do
        cur=$(nsql "SELECT count(*) FROM ndxp_transaction")
        [[ $cur == "$last" ]] && return
        last=$cur
        sleep 1
    done
}

capture_stats() {    # <first id> <last id>: per-batch breakdown of the capture, from the outbox's own timestamps
    lsql "
WITH r AS (
    SELECT id, claimed_by, claimed_at, processed_at FROM enterprise_change
     WHERE id BETWEEN $1 AND $2 AND processed_at IS NOT NULL AND claimed_by IS DISTINCT FROM 'bench:skipped'),
g AS (    -- a batch: one claim (claimed_by names each claim since 760f771; before, a gap of 200 ms between claims)
    SELECT *, sum(CASE WHEN prev IS NULL OR claimed_at - prev > interval '200 milliseconds'
                            OR claimed_by IS DISTINCT FROM prev_by THEN 1 ELSE 0 END)
                  OVER (ORDER BY claimed_at, id) AS b
      FROM (SELECT *, lag(claimed_at) OVER (ORDER BY claimed_at, id) AS prev,
                   lag(claimed_by) OVER (ORDER BY claimed_at, id) AS prev_by FROM r) x),
bt AS (SELECT b, count(*) AS n, min(claimed_at) AS c0, min(processed_at) AS p0, max(processed_at) AS p1 FROM g GROUP BY b),
bl AS (SELECT *, lead(c0) OVER (ORDER BY b) AS next_c0 FROM bt)
SELECT json_build_object(
    'processed', (SELECT count(*) FROM r),
    'firstClaimEpoch', (SELECT extract(epoch FROM min(claimed_at)) FROM r),
    'lastProcessedEpoch', (SELECT extract(epoch FROM max(processed_at)) FROM r),
    'batches', (SELECT count(*) FROM bl),
    'meanBatchRows', (SELECT round(avg(n), 1) FROM bl),
    'meanClaimToFirstRowMs', (SELECT round(avg(extract(epoch FROM p0 - c0)) * 1000, 1) FROM bl),
    'meanBatchMs', (SELECT round(avg(extract(epoch FROM p1 - c0)) * 1000, 1) FROM bl),
    'msPerRowInBatch', (SELECT round(sum(extract(epoch FROM p1 - p0)) * 1000 / nullif(sum(n - 1), 0), 3) FROM bl),
    'meanGapToNextClaimMs', (SELECT round(avg(extract(epoch FROM next_c0 - p1)) * 1000, 1) FROM bl WHERE next_c0 IS NOT NULL),
    'busySeconds', (SELECT round(sum(extract(epoch FROM p1 - c0)), 3) FROM bl),
    'gapSeconds', (SELECT round(coalesce(sum(extract(epoch FROM next_c0 - p1)), 0), 3) FROM bl WHERE next_c0 IS NOT NULL))"
}

delivery_stats() {    # <epoch>: delivery transaction records since then
    nsql "
SELECT json_build_object(
    'delivered', count(*) FILTER (WHERE status = 'success'),
    'distinctTransactionIds', count(DISTINCT transaction_id) FILTER (WHERE status = 'success'),
    'failed', count(*) FILTER (WHERE status <> 'success'),
    'answeredDuplicate', count(*) FILTER (WHERE status = 'success' AND http_status = 208),
    'firstRequestEpoch', extract(epoch FROM min(request_in)),
    'lastResponseEpoch', extract(epoch FROM max(response_out) FILTER (WHERE status = 'success')),
    'meanExchangeMs', round(avg(extract(epoch FROM response_out - request_in)) * 1000, 2))
  FROM ndxp_transaction WHERE adapter = 'business-registry' AND route_id = '$DELIVERY' AND request_in >= to_timestamp($1)"
}

# run_phase <name> <with delivery 0|1> <first id> <last id>: start the route(s), wait until done or the
# time limit, stop them, and write one JSON line with what happened
run_phase() {
    local name=$1 with_delivery=$2 a=$3 b=$4 n=$(($4 - $3 + 1))
    local e0 e1 t0 t_done j0 j1 lp0 lp1 np0 np1 capped=false left done_count=0
    e0=$(kafka_end "$TOPIC")
    jmx_snapshot "$WORK/jmx-$name-before.json"
    j0=$(jvm_ticks); lp0=$(pg_ticks "$WORK/legacy-db"); np0=$(pg_ticks "$WORK/postgres")
    t0=$(now)
    if [[ $with_delivery == 1 ]]; then route "$DELIVERY" start; fi
    route "$CAPTURE" start
    log "$name: started, $n changes"
    while true; do
        sleep 1
        if [[ $with_delivery == 1 ]]; then
            done_count=$(delivered_since "$t0")
            [[ $done_count -ge $n ]] && break
        else
            left=$(pending "$a" "$b")
            done_count=$((n - left))
            [[ $left == 0 ]] && break
        fi
        if [[ $MAX_PHASE_SECONDS != 0 ]] && awk "BEGIN{exit !($(now) - $t0 > $MAX_PHASE_SECONDS)}"; then
            capped=true
            log "$name: time limit ($MAX_PHASE_SECONDS s) reached at $done_count of $n"
            break
        fi
        if (( SECONDS % 15 == 0 )); then log "$name: $done_count of $n"; fi
    done
    t_done=$(now)
    j1=$(jvm_ticks); lp1=$(pg_ticks "$WORK/legacy-db"); np1=$(pg_ticks "$WORK/postgres")
    jmx_snapshot "$WORK/jmx-$name-after.json"
    route "$CAPTURE" stop
    if [[ $with_delivery == 1 ]]; then route "$DELIVERY" stop; fi
    settle_transaction_log
    e1=$(kafka_end "$TOPIC")
    local cap del='null' dl
    cap=$(capture_stats "$a" "$b")
    if [[ $with_delivery == 1 ]]; then del=$(delivery_stats "$t0"); fi
    dl=$(nsql "SELECT count(*) FROM ndxp_dead_letter")
    skip_leftovers "$a" "$b"
    log "$name: done in $(awk "BEGIN{printf \"%.1f\", $t_done - $t0}") s"
    echo "{\"phase\":\"$name\",\"withDelivery\":$with_delivery,\"changes\":$n,\"firstId\":$a,\"lastId\":$b,\"startEpoch\":$t0,\"detectedDoneEpoch\":$t_done,\"capped\":$capped,\"kafkaRecords\":$((e1 - e0)),\"capture\":$cap,\"delivery\":$del,\"deadLettersTotal\":$dl,\"runtimeCpuTicks\":$((j1 - j0)),\"legacyPgCpuTicks\":$((lp1 - lp0)),\"runtimePgCpuTicks\":$((np1 - np0)),\"loadavg\":\"$(loadavg)\"}" >> "$PHASES"
}

run_baseline() {    # <name> <first id> <last id>
    local j0 j1 lp0 lp1 out
    j0=$(jvm_ticks); lp0=$(pg_ticks "$WORK/legacy-db")
    tool DbBaseline --jdbc "jdbc:postgresql://$HOST:$LEGACY_DB_PORT/business_registry" --user postgres --password postgres \
        --bootstrap "$BOOTSTRAP" --topic "$BASELINE_TOPIC" --like-topic "$TOPIC" --from-id "$2" --to-id "$3" \
        --fetch 1000 --mark true --warmup-rows "$BASELINE_WARMUP_ROWS" > "$WORK/baseline.json" &
    TOOL_PID=$!
    wait "$TOOL_PID"
    TOOL_PID=
    j1=$(jvm_ticks); lp1=$(pg_ticks "$WORK/legacy-db")
    out=$(< "$WORK/baseline.json")
    log "$1: $(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rows"], "rows in", d["seconds"], "s:", round(d["rowsPerSecond"]), "rows/s")' <<< "$out")"
    echo "{\"phase\":\"$1\",\"firstId\":$2,\"lastId\":$3,\"baseline\":$out,\"runtimeCpuTicks\":$((j1 - j0)),\"legacyPgCpuTicks\":$((lp1 - lp0)),\"loadavg\":\"$(loadavg)\"}" >> "$PHASES"
}

POLL_DELAY=$(route_attr "$CAPTURE" EndpointUri | grep -o '[?&]delay=[0-9]*' | cut -d= -f2)
log "capture poll delay: ${POLL_DELAY} ms"

# --- warm-up: through capture and delivery, not recorded; checks one record on Kafka -------------
log "warm-up: $WARMUP_ROWS changes through capture and delivery"
T_WARM=$(now)
lsql "$(generate_sql "$WARMUP_PREFIX" "$WARMUP_ROWS")" > /dev/null
for _ in $(seq 600); do
    [[ $(delivered_since "$T_WARM") -ge $WARMUP_ROWS ]] && break
    sleep 1
done
[[ $(delivered_since "$T_WARM") -ge $WARMUP_ROWS ]] || { log "warm-up changes were not all delivered in 10 minutes"; exit 1; }
LAST=$(tool KafkaCount "$BOOTSTRAP" last "$TOPIC")
python3 - "$LAST" "$WARMUP_PREFIX" <<'EOF' || { log "unexpected record on Kafka: $LAST"; exit 1; }
import json, sys
last = json.loads(sys.argv[1]); v = json.loads(last["value"])
assert last["key"].startswith(sys.argv[2]) and v["taxCode"] == last["key"], last
assert v["name"] and v["address"] and v["status"] in ("ACTIVE", "SUSPENDED", "DISSOLVED") and isinstance(v["changeId"], int), v
assert "X-NDXP-Transaction-Id" in last["headers"], last
EOF
printf '%s\n' "$LAST" > "$WORK/sample-record.json"
route "$DELIVERY" stop
route "$CAPTURE" stop

# --- capture alone -------------------------------------------------------------------------------
log "capture: inserting $ROWS enterprises in one statement (capture stopped)"
read -r A B N GEN_S <<< "$(make_changes "$(generate_sql "$PHASE_PREFIX" "$ROWS")")"
[[ $N == "$ROWS" ]] || { log "expected $ROWS changes, the trigger wrote $N"; exit 1; }
log "capture: changes $A..$B written in $GEN_S s"
run_phase capture 0 "$A" "$B"
run_baseline baseline-capture "$A" "$B"

# --- capture and delivery ------------------------------------------------------------------------
# the delivery group (no member now) skips what the capture-only step put on Kafka
tool KafkaCount "$BOOTSTRAP" reset-group "$GROUP" "$TOPIC" > /dev/null
log "end-to-end: updating the $ROWS enterprises in one statement (both routes stopped)"
read -r A2 B2 N2 GEN2_S <<< "$(make_changes "UPDATE enterprise SET address = address || ' (đổi trụ sở)', updated_at = clock_timestamp()
                                            WHERE tax_code LIKE '$PHASE_PREFIX%'")"
[[ $N2 == "$ROWS" ]] || { log "expected $ROWS changes, the trigger wrote $N2"; exit 1; }
run_phase end-to-end 1 "$A2" "$B2"
RECEIVED_OK=$(curl -sf "http://$HOST:$PORT/sandbox/ndxp/received?adapter=business-registry" | python3 -c '
import json, sys
r = json.load(sys.stdin)[-1]
print(str(r["status"] in (200, 201, 202) and r["body"]["taxCode"].startswith(sys.argv[1]) and r["body"]["address"].endswith("(đổi trụ sở)")).lower())' "$PHASE_PREFIX")
run_baseline baseline-end-to-end "$A2" "$B2"

# --- commit -> Kafka latency, both routes running ------------------------------------------------
tool KafkaCount "$BOOTSTRAP" reset-group "$GROUP" "$TOPIC" > /dev/null
route "$DELIVERY" start
route "$CAPTURE" start
sleep 3    # the SQL consumer's first poll comes after its initial delay
log "latency: $LATENCY_COUNT single-row commits at $LATENCY_RATE/s"
J0=$(jvm_ticks)
tool DbLatency --jdbc "jdbc:postgresql://$HOST:$LEGACY_DB_PORT/business_registry" --user postgres --password postgres \
    --bootstrap "$BOOTSTRAP" --topic "$TOPIC" --count "$LATENCY_COUNT" --rate "$LATENCY_RATE" --key-prefix "$LATENCY_PREFIX" \
    --commits-out "$WORK/latency-commits.txt" > "$WORK/latency.json" &
TOOL_PID=$!
wait "$TOOL_PID"
TOOL_PID=
J1=$(jvm_ticks)
# commit -> platform: the stand-in's receipt time of each latency change (its last 10,000 records are kept)
for _ in $(seq 30); do
    curl -sf "http://$HOST:$PORT/sandbox/ndxp/received?adapter=business-registry" > "$WORK/latency-received.json"
    python3 - "$WORK/latency-commits.txt" "$WORK/latency-received.json" > "$WORK/latency-platform.json" <<'PY'
import json, sys
from datetime import datetime
commits = dict((k, int(t)) for k, t in (l.split() for l in open(sys.argv[1]) if l.strip()))
seen = {}
dups = 0
for r in json.load(open(sys.argv[2])):
    k = (r.get("body") or {}).get("taxCode")
    if k in commits and r["status"] in (200, 201, 202, 208):
        if k in seen or r["status"] == 208:
            dups += 1
        at = datetime.fromisoformat(r["receivedAt"].replace("Z", "+00:00")).timestamp() * 1000
        seen.setdefault(k, at - commits[k])
v = sorted(seen.values())
def pct(p):
    return round(v[max(0, -(-len(v) * p // 100) - 1)], 1) if v else None
print(json.dumps({"n": len(v), "missing": len(commits) - len(v), "duplicates": dups, "p50": pct(50), "p90": pct(90),
                  "p99": pct(99), "max": round(v[-1], 1) if v else None}))
PY
    [[ $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["missing"])' "$WORK/latency-platform.json") == 0 ]] && break
    sleep 1
done
echo "{\"phase\":\"latency\",\"latency\":$(< "$WORK/latency.json"),\"commitToPlatformMs\":$(< "$WORK/latency-platform.json"),\"runtimeCpuTicks\":$((J1 - J0)),\"loadavg\":\"$(loadavg)\"}" >> "$PHASES"
route "$CAPTURE" stop
route "$DELIVERY" stop
RSS_KIB=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$SERVER_PID/status")
LOAD_AFTER=$(loadavg)
UPTIME_AFTER=$(uptime)

# --- profile (PROFILE=1): not part of the figures above ------------------------------------------
# profile_route <name> <route> <thread name part>: the route alone for PROFILE_SECONDS, with JFR and the sampler
profile_route() {
    jcmd "$SERVER_PID" JFR.start name="$1" settings=profile filename="$WORK/$1.jfr" > /dev/null
    java -cp "$WORK/sampler.jar" ThreadSampler "$SERVER_PID" "$WORK/sampler.jar" "$3" "$PROFILE_SECONDS" 5 "$WORK/$1-samples.txt"
    route "$2" start
    sleep "$PROFILE_SECONDS"
    route "$2" stop
    jcmd "$SERVER_PID" JFR.stop name="$1" > /dev/null
    for _ in $(seq 30); do [[ -s $WORK/$1-samples.txt ]] && break; sleep 1; done
}
if [[ $PROFILE == 1 ]]; then
    # delivery alone needs a backlog that lasts: rewind its group into the records of the steps above
    tool KafkaCount "$BOOTSTRAP" reset-group "$GROUP" "$TOPIC" "$PROFILE_BACKLOG" > /dev/null
    lsql "$(generate_sql "$PROFILE_PREFIX" "$PROFILE_ROWS")" > /dev/null
    log "profile: capture alone for $PROFILE_SECONDS s, then delivery alone for $PROFILE_SECONDS s"
    profile_route capture "$CAPTURE" "outbox-enterprise"
    profile_route delivery "$DELIVERY" "KafkaConsumer["
    { python3 "$REPO/bench/db-profile.py" "$WORK/capture-samples.txt" "$WORK/capture.jfr"
      echo "--- delivery alone"
      python3 "$REPO/bench/db-profile.py" "$WORK/delivery-samples.txt" "$WORK/delivery.jfr"; } > "$WORK/profile.txt"
    log "profile: $WORK/profile.txt (recordings and samples beside it)"
fi
stop_server

# --- results file and summary ----------------------------------------------------------------------
RESULT="$OUT_DIR/db-capture-$STAMP.json"
SUMMARY="$OUT_DIR/db-capture-$STAMP.txt"
JAVA_VERSION=$(java -version 2>&1 | head -2 | tr '\n' ' ')
MEM_KIB=$(awk '$1 == "MemTotal:" {print $2}' /proc/meminfo)
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
export PHASES RESULT SUMMARY STAMP COMMIT JAVA_OPTS RUNTIME_ARGS JAVA_VERSION MEM_KIB CPU_MODEL LOAD_BEFORE LOAD_AFTER UPTIME_BEFORE \
    UPTIME_AFTER ROWS MAX_PHASE_SECONDS WARMUP_ROWS BASELINE_WARMUP_ROWS LATENCY_COUNT LATENCY_RATE POLL_DELAY STARTED RSS_KIB \
    GEN_S GEN2_S RECEIVED_OK WORK T_SCRIPT PROFILE
export NPROC=$(nproc) CLK_TCK=$(getconf CLK_TCK) TOTAL_S=$(( $(date +%s) - T_SCRIPT ))
python3 - <<'EOF'
import glob, json, os
env = os.environ
tck = int(env["CLK_TCK"])
phases = {p["phase"]: p for p in (json.loads(l) for l in open(env["PHASES"]))}

def jmx_delta(name):
    """Per route of the adapter: exchanges and mean Camel processing time (ms) during a phase."""
    def load(which):
        d = json.load(open(f"{env['WORK']}/jmx-{name}-{which}.json"))
        return {v["RouteId"]: v for v in d["value"].values()}
    before, after = load("before"), load("after")
    rows = {}
    for k, a in after.items():
        b = before.get(k, {})
        n = a["ExchangesCompleted"] - b.get("ExchangesCompleted", 0)
        t = a["TotalProcessingTime"] - b.get("TotalProcessingTime", 0)
        if n > 0 and k.startswith("business-registry"):
            rows[k] = {"exchanges": n, "failed": a["ExchangesFailed"] - b.get("ExchangesFailed", 0),
                       "totalMs": t, "meanMs": round(t / n, 4)}
    return rows

lines, figures = [], {}
cap, base1 = phases["capture"], phases["baseline-capture"]["baseline"]
e2e, base2 = phases["end-to-end"], phases["baseline-end-to-end"]["baseline"]
lat = phases["latency"]["latency"]
lat["commitToPlatformMs"] = phases["latency"]["commitToPlatformMs"]

def capture_figures(p):
    c = p["capture"]
    done = c["processed"]
    from_start = done / (c["lastProcessedEpoch"] - p["startEpoch"]) if done else 0
    from_claim = done / (c["lastProcessedEpoch"] - c["firstClaimEpoch"]) if done else 0
    busy = done / c["busySeconds"] if c.get("busySeconds") else 0
    return {"processed": done, "of": p["changes"], "complete": done == p["changes"], "onKafka": p["kafkaRecords"],
            "seconds": round(c["lastProcessedEpoch"] - p["startEpoch"], 3) if done else None,
            "rowsPerSecond": round(from_start, 1), "rowsPerSecondFromFirstClaim": round(from_claim, 1),
            "rowsPerSecondWhileBusy": round(busy, 1),
            "runtimeCpuMsPerRow": round(p["runtimeCpuTicks"] * 1000 / tck / done, 3) if done else None,
            "legacyPgCpuMsPerRow": round(p["legacyPgCpuTicks"] * 1000 / tck / done, 3) if done else None,
            "runtimePgCpuMsPerRow": round(p["runtimePgCpuTicks"] * 1000 / tck / done, 3) if done else None}

fc = capture_figures(cap)
fe = capture_figures(e2e)
d = e2e["delivery"]
fe["delivered"] = d["delivered"]
fe["deliveredDistinct"] = d["distinctTransactionIds"]
fe["deliveryFailed"] = d["failed"]
fe["lost"] = e2e["changes"] - d["distinctTransactionIds"]
fe["duplicatesAtReceiver"] = d["answeredDuplicate"] + (d["delivered"] - d["distinctTransactionIds"])
fe["deliveredSeconds"] = round(d["lastResponseEpoch"] - e2e["startEpoch"], 3) if d["delivered"] else None
fe["deliveredPerSecond"] = round(d["delivered"] / (d["lastResponseEpoch"] - e2e["startEpoch"]), 1) if d["delivered"] else 0
fe["runtimeCpuMsPerDelivered"] = round(e2e["runtimeCpuTicks"] * 1000 / tck / d["delivered"], 3) if d["delivered"] else None
for f, b, p in ((fc, base1, phases["baseline-capture"]), (fe, base2, phases["baseline-end-to-end"])):
    f["baselineRowsPerSecond"] = b["rowsPerSecond"]
    f["baselineCpuMsPerRow"] = b["cpuMsPerRow"]
    f["runtimeCpuMsPerRowDuringBaseline"] = round(p["runtimeCpuTicks"] * 1000 / tck / b["rows"], 4)
    f["baselineLegacyPgCpuMsPerRow"] = round(p["legacyPgCpuTicks"] * 1000 / tck / b["rows"], 4)
fc["ratioToBaseline"] = round(fc["rowsPerSecond"] / base1["rowsPerSecond"], 4)
fe["ratioToBaseline"] = round(fe["deliveredPerSecond"] / base2["rowsPerSecond"], 4)
poll = int(env["POLL_DELAY"])
figures = {"captureOnly": fc, "captureAndDelivery": fe, "latency": lat, "pollDelayMs": poll,
           "latencyTargetMs": poll + 200}

def line_capture(label, f, phase):
    c = phase["capture"]
    s = (f"{label}: {f['processed']:,} of {f['of']:,} changes processed"
         + ("" if f["complete"] else f" (time limit {env['MAX_PHASE_SECONDS']} s; all {f['of']:,} would take about"
                                         f" {f['of'] / f['rowsPerSecond']:,.0f} s at this rate)")
         + f" in {f['seconds']} s = {f['rowsPerSecond']:,.0f} rows/s ({f['onKafka']:,} records on Kafka);"
         f" baseline {f['baselineRowsPerSecond']:,.0f} rows/s; ratio {f['rowsPerSecond'] / f['baselineRowsPerSecond']:.3f}")
    s += (f"\n    batches: {c['batches']} of {c['meanBatchRows']} rows, {c['meanBatchMs']} ms each (claim query to first row"
          f" {c['meanClaimToFirstRowMs']} ms, then {c['msPerRowInBatch']} ms per row), {c['meanGapToNextClaimMs']} ms to the next claim;"
          f" busy {c['busySeconds']} s, waiting {c['gapSeconds']} s; {f['rowsPerSecondWhileBusy']:,.0f} rows/s while busy")
    r = jmx_delta(phase["phase"])
    s += "\n    Camel's route timer, per exchange: " + ", ".join(f"{k} {v['meanMs']} ms ({v['exchanges']:,})" for k, v in r.items())
    s += (f"\n    CPU per row: runtime JVM {f['runtimeCpuMsPerRow']} ms (Kafka broker included), legacy PostgreSQL"
          f" {f['legacyPgCpuMsPerRow']} ms, runtime PostgreSQL {f['runtimePgCpuMsPerRow']} ms; baseline: its JVM {f['baselineCpuMsPerRow']} ms"
          f" + runtime JVM (broker) {f['runtimeCpuMsPerRowDuringBaseline']} ms, legacy PostgreSQL {f['baselineLegacyPgCpuMsPerRow']} ms")
    return s

lines.append(line_capture("capture -> Kafka", fc, cap))
lines.append(line_capture("capture -> Kafka with delivery on", fe, e2e))
lines.append(f"capture -> Kafka -> delivery: {fe['delivered']:,} of {fe['of']:,} delivered ({fe['deliveredDistinct']:,} distinct,"
             f" {fe['deliveryFailed']} failed) in {fe['deliveredSeconds']} s = {fe['deliveredPerSecond']:,.0f} rows/s;"
             f" baseline (capture only) {fe['baselineRowsPerSecond']:,.0f} rows/s; ratio {fe['ratioToBaseline']:.3f};"
             f" runtime CPU {fe['runtimeCpuMsPerDelivered']} ms per delivered row; last received record checked: {env['RECEIVED_OK']}")
for k in ("commitToReceivedMs", "commitToKafkaTimestampMs", "changedToProcessedMs"):
    v = lat[k]
    lines.append(f"latency {k}: p50 {v.get('p50')} p90 {v.get('p90')} p99 {v.get('p99')} max {v.get('max')} ms (n={v['n']})")
cp = lat["commitToPlatformMs"]
lines.append(f"latency commitToPlatformMs: p50 {cp['p50']} p90 {cp['p90']} p99 {cp['p99']} max {cp['max']} ms (n={cp['n']},"
             f" {cp['missing']} missing, {cp['duplicates']} duplicates at the receiver)")
lines.append(f"latency: {lat['received']} of {lat['count']} received, {lat['missing']} missing, {lat['duplicates']} duplicates;"
             f" target p99 <= poll delay {poll} + 200 = {poll + 200} ms")
lines.append(f"targets: capture -> Kafka >= 0.5 x baseline: {fc['ratioToBaseline']:.3f} {'met' if fc['ratioToBaseline'] >= 0.5 else 'MISSED'};"
             f" >= 5,000 rows/s: {fc['rowsPerSecond']:,.0f} {'met' if fc['rowsPerSecond'] >= 5000 else 'MISSED'};"
             f" p99 commit -> Kafka <= {poll + 200} ms: {lat['commitToReceivedMs'].get('p99')}"
             f" {'met' if (lat['commitToReceivedMs'].get('p99') or 1e9) <= poll + 200 else 'MISSED'}")
lines.append(f"targets end to end (issue 11): delivered >= 5,000 rows/s: {fe['deliveredPerSecond']:,.0f}"
             f" {'met' if fe['deliveredPerSecond'] >= 5000 else 'MISSED'}; lost {fe['lost']}, duplicates at the receiver"
             f" {fe['duplicatesAtReceiver']} {'met' if fe['lost'] == 0 and fe['duplicatesAtReceiver'] == 0 else 'MISSED'};"
             f" p99 commit -> platform <= 2000 ms: {cp['p99']} {'met' if (cp['p99'] or 1e9) <= 2000 else 'MISSED'}")
lines.append(f"runtime started in {env['STARTED']} s, peak RSS {int(env['RSS_KIB']) // 1024} MiB; dead letters {e2e['deadLettersTotal']};"
             f" load average before {env['LOAD_BEFORE']}, after {env['LOAD_AFTER']} ({env['NPROC']} CPUs); whole run {env['TOTAL_S']} s")
result = {"benchmark": "db-capture", "date": env["STAMP"], "commit": env["COMMIT"],
          "machine": {"nproc": int(env["NPROC"]), "cpu": env["CPU_MODEL"], "memTotalKiB": int(env["MEM_KIB"]),
                      "java": env["JAVA_VERSION"].strip(), "loadavgBefore": env["LOAD_BEFORE"], "loadavgAfter": env["LOAD_AFTER"],
                      "uptimeBefore": env["UPTIME_BEFORE"].strip(), "uptimeAfter": env["UPTIME_AFTER"].strip()},
          "settings": {"rows": int(env["ROWS"]), "maxPhaseSeconds": int(env["MAX_PHASE_SECONDS"]), "warmupRows": int(env["WARMUP_ROWS"]),
                       "baselineWarmupRows": int(env["BASELINE_WARMUP_ROWS"]), "latencyCount": int(env["LATENCY_COUNT"]),
                       "latencyRate": float(env["LATENCY_RATE"]), "pollDelayMs": poll, "javaOpts": env["JAVA_OPTS"],
                       "runtimeArgs": env["RUNTIME_ARGS"], "insertSeconds": float(env["GEN_S"]), "updateSeconds": float(env["GEN2_S"])},
          "runtime": {"startupSeconds": float(env["STARTED"]), "peakRssKiB": int(env["RSS_KIB"]), "clockTicksPerSecond": tck},
          "figures": figures, "camelRoutes": {"capture": jmx_delta("capture"), "end-to-end": jmx_delta("end-to-end")},
          "phases": list(phases.values()), "wholeRunSeconds": int(env["TOTAL_S"]), "summary": lines}
if env["PROFILE"] == "1":
    result["profile"] = open(f"{env['WORK']}/profile.txt").read().splitlines()
json.dump(result, open(env["RESULT"], "w"), indent=2, ensure_ascii=False)
open(env["SUMMARY"], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
log "results: $RESULT"
