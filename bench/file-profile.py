#!/usr/bin/env python3
"""Where the file-drop adapter's time goes (bench/file-intake.sh with PROFILE=1).

    python3 bench/file-profile.py <work>/intake-samples.txt [<work>/intake.jfr]

1. Wall clock of the intake thread (the file consumer's thread, "file://..."), from bench/ThreadSampler.java
   (stacks every 5 ms, waiting included): each sample goes to the first category with a marker on its stack.
2. With a JFR recording: the JVM's CPU by thread (jdk.ThreadCPULoad: JIT and GC included), the Java CPU
   samples by layer (first layer met from the leaf) and the hottest leaf frames.
Coarse on purpose: it says which part dominates, not which line.
"""
import collections, re, subprocess, sys

STAGES = [  # (category, markers): first category with a marker anywhere on the stack wins
    ("SHA-256 of the whole file (before the first record)", ["FileIntake.sha256"]),
    ("checkpoint in the runtime database (one transaction per batch)", ["FileIntakeStore.checkpoint"]),
    ("receipt", ["FileIntake.write"]),
    ("POST to the platform: waiting for the answer", ["HttpClientImpl.send", "PlatformClient.exchange"]),
    ("POST to the platform: request body (batch tree -> bytes)", ["PlatformClient.bytes", "PlatformClient.send"]),
    ("POST to the platform: answer parsed into a tree", ["PlatformClient.parse"]),
    ("JSON Schema validation (networknt)", ["com.networknt"]),
    ("record -> JSON mapping (RecordLayout)", ["FileLayout.toJson", "vn.gov.ndxp.adapters.mapping"]),
    ("batch tree built, results matched", ["FileIntake$Run.deliver", "FileIntake$Run.flush"]),
    ("CSV parse and UTF-8 decode", ["CsvRecordReader", "TextReader", "CountingInputStream"]),
    ("progress (log, meters)", ["FileProgress"]),
]

LAYERS = [
    ("bcrypt: Basic auth of the benchmark's own Jolokia calls", ["org.springframework.security.crypto.bcrypt"]),
    ("JSON Schema validation (com.networknt)", ["com.networknt"]),
    ("regular expressions (java.util.regex)", ["java.util.regex"]),
    ("SHA-256 (sun.security.provider)", ["sun.security.provider"]),
    ("PostgreSQL JDBC driver", ["org.postgresql"]),
    ("JDK HTTP client", ["jdk.internal.net.http", "java.net.http"]),
    ("CSV reader, UTF-8 decoder", ["vn.gov.ndxp.adapters.files.CsvRecordReader", "vn.gov.ndxp.adapters.files.TextReader",
                                   "vn.gov.ndxp.adapters.files.CountingInputStream"]),
    ("NDXP mapping (RecordLayout) and file intake", ["vn.gov.ndxp.adapters"]),
    ("Jackson", ["com.fasterxml"]),
    ("Micrometer", ["io.micrometer"]),
    ("Camel", ["org.apache.camel"]),
    ("Spring", ["org.springframework"]),
    ("Tomcat", ["org.apache.catalina", "org.apache.coyote", "org.apache.tomcat"]),
    ("Jolokia", ["org.jolokia"]),
    ("collections, strings, dates (java.util, java.lang, java.time)", ["java.util", "java.lang", "java.time", "java.math"]),
]


def wall(samples_file):
    counts, idle = collections.Counter(), 0
    for line in open(samples_file, encoding="utf-8"):
        count, thread, state, stack = line.rstrip("\n").split("\t", 3)
        if "DelayedWorkQueue.take" in stack:  # the consumer waiting for its next poll: no file in hand
            idle += int(count)
            continue
        name = next((c for c, marks in STAGES if any(m in stack for m in marks)), None)
        if name is None:
            name = "other, running" if state == "RUNNABLE" else "other, waiting (" + state + "): " + stack.split(";")[-1]
        counts[name] += int(count)
    total = sum(counts.values()) or 1
    print(f"intake thread (file consumer): {total} samples while it had a file (wall clock, every 5 ms; {idle} more idle between polls)")
    for name, n in counts.most_common(14):
        print(f"  {100 * n / total:5.1f}%  {name}")


def cpu(jfr_file):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ThreadCPULoad", jfr_file], capture_output=True, text=True, check=True).stdout
    threads = collections.Counter()
    for e in text.split("jdk.ThreadCPULoad")[1:]:
        load = sum(float(x) for x in re.findall(r"(?:user|system) = ([\d.]+)%", e))
        name = re.search(r'eventThread = "([^"]*)"', e).group(1)
        name = re.sub(r"\d+", "N", "Camel file consumer" if "file://" in name else name)
        threads[name] += load
    total = sum(threads.values()) or 1
    print("\nJVM CPU by thread (jdk.ThreadCPULoad; JIT and GC included)")
    for name, load in threads.most_common(10):
        print(f"  {100 * load / total:5.1f}%  {name[:110]}")
    text = subprocess.run(["jfr", "print", "--stack-depth", "128", "--events", "jdk.ExecutionSample", jfr_file],
                          capture_output=True, text=True, check=True).stdout
    samples = text.split("jdk.ExecutionSample")[1:]
    layers, leaves, stages = collections.Counter(), collections.Counter(), collections.Counter()
    for s in samples:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", s, re.M)
        if "file://" in s:  # the intake thread: its CPU by stage, markers as for the wall clock
            stack = ";".join(frames)
            stages[next((c for c, marks in STAGES if any(m in stack for m in marks)), "other")] += 1
        if frames:
            leaves[frames[0]] += 1
        layers[next((n for f in frames for n, keys in LAYERS if any(f.startswith(k) for k in keys)), "other (JDK, ...)")] += 1
    n = max(1, len(samples))
    print(f"\nJava CPU samples by layer ({len(samples)} samples; first layer met from the leaf)")
    for name, c in layers.most_common():
        print(f"  {100 * c / n:5.1f}%  {name}")
    t = sum(stages.values()) or 1
    print(f"\nintake thread's Java CPU samples by stage ({sum(stages.values())} samples)")
    for name, c in stages.most_common():
        print(f"  {100 * c / t:5.1f}%  {name}")
    print("\nhottest leaf frames (all threads)")
    for name, c in leaves.most_common(15):
        print(f"  {100 * c / n:5.1f}%  {name}")


if __name__ == "__main__":
    wall(sys.argv[1])
    if len(sys.argv) > 2:
        cpu(sys.argv[2])
