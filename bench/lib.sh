# Shared by the benchmark scripts (source it after setting REPO, WORK, HOST and SERVER_PID=):
# logging, ports, CPU ticks, stopping the runtime and the sandbox's PostgreSQL it may leave behind,
# the jar under test, and the tools' classpath taken from that jar's own libraries.

# The runtime runs as the image runs it: the JVM options of jvm.options (a java @argfile) and the
# Dockerfile's MALLOC_ARENA_MAX; experiments add JAVA_OPTS after them (later options win).
RUNTIME_JVM="@$REPO/jvm.options"
ARENAS=$(sed -n 's/.*MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' "$REPO/Dockerfile")

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
now() { date +%s.%N; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }    # user + system CPU of a process

stop_postgres() {    # the sandbox's embedded PostgreSQL servers, if a killed runtime left them behind
    local f pm
    for f in "$WORK/legacy-db/postmaster.pid" "$WORK/postgres/postmaster.pid"; do
        [[ -f $f ]] || continue
        pm=$(head -1 "$f")
        if [[ -n $pm ]] && kill -0 "$pm" 2>/dev/null && grep -q postgres "/proc/$pm/comm" 2>/dev/null; then
            kill -INT "$pm" 2>/dev/null || true    # fast shutdown
        fi
    done
}

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            kill -9 "$SERVER_PID" 2>/dev/null || true
            stop_postgres
        fi
    fi
    SERVER_PID=
}

# await_started <server log> <seconds>: waits for the runtime ($SERVER_PID) to log its start, fails if it
# dies or takes longer, or is not the sandbox; sets START_S (Spring's "Started ... in") and PROC_S
await_started() {
    local logf=$1 started
    for _ in $(seq $(($2 * 2))); do
        grep -q 'Started NdxpAdaptersApplication' "$logf" && break
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -50 "$logf" >&2; exit 1; }
        sleep 0.5
    done
    started=$(grep -o 'Started NdxpAdaptersApplication in [0-9.]* seconds (process running for [0-9.]*)' "$logf") \
        || { log "the runtime did not start in $2 s"; exit 1; }
    grep -q SANDBOX "$logf" || { log "no SANDBOX banner: not the sandbox profile?"; exit 1; }
    START_S=$(awk '{print $4}' <<< "$started")
    PROC_S=$(tr -d ')' <<< "$started" | awk '{print $NF}')
}

# the_jar <default build dir> [jar]: sets JAR, RUN_DIR and COMMIT; without a jar, builds the committed
# HEAD in a clone (never in the shared checkout: other builds use its target/)
the_jar() {
    if [[ $# -ge 2 ]]; then
        JAR=$(realpath "$2")
        RUN_DIR=$(realpath "${RUN_DIR:-$(dirname "$JAR")/..}")
    else
        BUILD_DIR=${BUILD_DIR:-$1}
        log "building HEAD of $REPO in $BUILD_DIR"
        rm -rf "$BUILD_DIR" && git clone -q "$REPO" "$BUILD_DIR"
        (cd "$BUILD_DIR" && mvn -B -q -Dmaven.test.skip=true package)
        JAR="$BUILD_DIR/target/ndxp-adapters-0.1.0-SNAPSHOT.jar"
        RUN_DIR=$BUILD_DIR
    fi
    COMMIT=$(git -C "$RUN_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
}

# tool_classpath group/path:artifact ...: sets CP to those libraries at the runtime's own versions
# (from ~/.m2, else out of the jar)
tool_classpath() {
    local libs spec group artifact entry file version m2
    libs=$(unzip -Z1 "$JAR" 'BOOT-INF/lib/*')
    CP=
    for spec in "$@"; do
        group=${spec%%:*} artifact=${spec#*:}
        entry=$(grep -E "^BOOT-INF/lib/$artifact-[0-9][^/]*[0-9]\.jar$" <<< "$libs" | grep -v -- '-test\.jar$' | head -1)
        [[ -n $entry ]] || { log "no $artifact in $JAR"; exit 1; }
        file=$(basename "$entry")
        version=${file#"$artifact"-}; version=${version%.jar}
        m2="$HOME/.m2/repository/$group/$artifact/$version/$file"
        if [[ ! -f $m2 ]]; then
            mkdir -p "$WORK/lib" && unzip -q -o -j "$JAR" "$entry" -d "$WORK/lib"
            m2="$WORK/lib/$file"
        fi
        CP="$CP:$m2"
    done
    CP=${CP#:}
}

# the wall-clock sampler (bench/ThreadSampler.java), as a Java agent jar: $WORK/sampler.jar
sampler_agent() {
    mkdir -p "$WORK/agent"
    javac -nowarn -d "$WORK/agent" "$REPO/bench/ThreadSampler.java"
    printf 'Agent-Class: ThreadSampler\n' > "$WORK/agent.mf"
    jar cfm "$WORK/sampler.jar" "$WORK/agent.mf" -C "$WORK/agent" .
}
