#!/usr/bin/env python3
"""Where the database adapter's time goes (bench/db-capture.sh with PROFILE=1).

    python3 bench/db-profile.py <work>/capture-samples.txt [<work>/capture.jfr]
    python3 bench/db-profile.py <work>/delivery-samples.txt [<work>/delivery.jfr]

1. Wall clock of the adapter's own threads, from bench/ThreadSampler.java (collapsed stacks taken every
   few ms, waiting included): the capture route's SQL consumer thread (the derived claim query, sql:ref:business-registry-outbox-enterprise) and the
   delivery route's Kafka consumer thread. Each sample is put in the first category whose marker is on
   its stack. This is what bounds a flow that runs one record at a time: its thread's time per record.
2. With a JFR recording: the JVM's CPU by thread group (jdk.ThreadCPULoad: JIT and GC threads included;
   the embedded Kafka broker runs in the same JVM) and the Java CPU samples by layer.
Coarse on purpose: it says which part dominates, not which line.
"""
import collections, re, subprocess, sys

CAPTURE = [  # (category, markers): first category with a marker anywhere on the stack wins
    ("waiting for the next poll (pollDelay, between batches; idle)", ["DelayedWorkQueue.take"]),
    ("waiting for Kafka's acknowledgements (acks=all)", ["DefaultAsyncProcessorAwaitManager.await"]),
    ("onConsume: UPDATE ... processed_at (one statement per exchange: the claimed batch)", ["DefaultSqlProcessingStrategy.commit"]),
    ("Kafka producer send() (serialise, append to batch, wake the sender)", ["org.apache.kafka.clients.producer.KafkaProducer.send"]),
    ("mapping row -> JSON, idempotency key", ["vn.gov.ndxp.adapters.mapping", "NdxpProducer.recordToJson", "NdxpProducer.idempotencyKey"]),
    ("transaction record (audit) and Micrometer event notifiers", ["vn.gov.ndxp.adapters.audit", "io.micrometer", "micrometer.eventnotifier"]),
    ("claim query (derived outbox claim) and reading its rows", ["org.postgresql", "JdbcTemplate"]),
    ("other Camel routing (JMX statistics, unit of work, interceptors)", ["org.apache.camel"]),
]
DELIVERY = [
    ("POST to the platform (stand-in in the same JVM): waiting for the answer", ["PlatformClient.exchange"]),
    ("POST to the platform: client work (token, request building)", ["PlatformClient"]),
    ("Kafka consumer poll (fetching records / waiting for new ones)", ["ConsumerNetworkClient.poll", "KafkaConsumer.poll", "Consumer.poll"]),
    ("transaction record (audit) and Micrometer event notifiers", ["vn.gov.ndxp.adapters.audit", "io.micrometer", "micrometer.eventnotifier"]),
    ("JSON parsing of the record", ["com.fasterxml.jackson"]),
    ("offset commit", ["commitSync", "commitAsync", "CommitManager"]),
    ("other Camel routing (JMX statistics, unit of work, interceptors)", ["org.apache.camel"]),
]


def wall(samples_file):
    per_thread = collections.defaultdict(collections.Counter)
    for line in open(samples_file, encoding="utf-8"):
        count, thread, state, stack = line.rstrip("\n").split("\t", 3)
        if "outbox-enterprise" in thread:
            group, cats = "capture thread (SQL consumer, derived outbox claim)", CAPTURE
        elif "KafkaConsumer[" in thread:
            group, cats = "delivery thread (Kafka consumer)", DELIVERY
        else:
            continue
        name = next((c for c, marks in cats if any(m in stack for m in marks)), None)
        if name is None:
            name = "other, running" if state == "RUNNABLE" else "other, waiting (" + state + ")"
        per_thread[group][name] += int(count)
    for group, counts in per_thread.items():
        total = sum(counts.values())
        print(f"{group}: {total} samples (wall clock)")
        for name, n in counts.most_common():
            print(f"  {100 * n / total:5.1f}%  {name}")
        print()


LAYERS = [
    ("bcrypt: Basic auth of the benchmark's own Jolokia calls", ["org.springframework.security.crypto.bcrypt"]),
    ("JWT (Nimbus: sign, verify)", ["com.nimbusds"]),
    ("platform stand-in (sandbox, the receiving side)", ["vn.gov.ndxp.adapters.sandbox"]),
    ("embedded Kafka broker", ["kafka.server", "kafka.network", "kafka.log", "kafka.cluster", "kafka.raft",
                               "org.apache.kafka.storage", "org.apache.kafka.server", "org.apache.kafka.raft",
                               "org.apache.kafka.metadata", "org.apache.kafka.controller", "org.apache.kafka.image"]),
    ("transaction log (audit records: database + Kafka)", ["vn.gov.ndxp.adapters.audit"]),
    ("PostgreSQL JDBC driver", ["org.postgresql"]),
    ("HikariCP", ["com.zaxxer"]),
    ("Kafka clients (producers, consumer)", ["org.apache.kafka.clients", "org.apache.kafka.common"]),
    ("NDXP mapping and platform client", ["vn.gov.ndxp.adapters"]),
    ("Micrometer", ["io.micrometer"]),
    ("Jackson", ["com.fasterxml"]),
    ("Camel", ["org.apache.camel"]),
    ("Spring (JDBC, MVC, Security)", ["org.springframework"]),
    ("Tomcat (platform stand-in's HTTP server)", ["org.apache.catalina", "org.apache.coyote", "org.apache.tomcat"]),
    ("Jolokia", ["org.jolokia"]),
]


def cpu(jfr_file):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ThreadCPULoad", jfr_file], capture_output=True, text=True, check=True).stdout
    threads = collections.Counter()
    for e in text.split("jdk.ThreadCPULoad")[1:]:
        load = sum(float(x) for x in re.findall(r"(?:user|system) = ([\d.]+)%", e))
        name = re.search(r'eventThread = "([^"]*)"', e).group(1)
        name = re.sub(r"\d+", "N", name.split(" - ")[-1] if name.startswith("Camel (") else name)
        threads[name] += load
    total = sum(threads.values()) or 1
    print("JVM CPU by thread group (jdk.ThreadCPULoad; JIT and GC included)")
    for name, load in threads.most_common(14):
        print(f"  {100 * load / total:5.1f}%  {name[:110]}")
    text = subprocess.run(["jfr", "print", "--stack-depth", "128", "--events", "jdk.ExecutionSample", jfr_file],
                          capture_output=True, text=True, check=True).stdout
    samples = text.split("jdk.ExecutionSample")[1:]
    layers = collections.Counter()
    for s in samples:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", s, re.M)
        layers[next((n for f in frames for n, keys in LAYERS if any(f.startswith(k) for k in keys)), "other (JDK, ...)")] += 1
    print(f"\nJava CPU samples by layer ({len(samples)} samples; first layer met from the leaf)")
    for name, n in layers.most_common():
        print(f"  {100 * n / max(1, len(samples)):5.1f}%  {name}")


if __name__ == "__main__":
    wall(sys.argv[1])
    if len(sys.argv) > 2:
        cpu(sys.argv[2])
