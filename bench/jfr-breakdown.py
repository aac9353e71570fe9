#!/usr/bin/env python3
"""Where the runtime's CPU goes, from a JFR recording (bench/rest-to-soap.sh with PROFILE=1).

    python3 bench/jfr-breakdown.py /tmp/rest-to-soap.XXXX/adapter-0ms.jfr

Each CPU sample is charged to the first category met walking its stack from the leaf towards the root,
so a factory created inside the mapper counts as "XML factory", not as "mapping"; except that all the
work of the legacy stand-in (the backend, also paid by the baseline) is counted apart. Coarse on purpose:
it says which layer dominates, not which line.
"""
import collections, re, subprocess, sys

CATEGORIES = [
    ("XML parser/transformer creation per call", ["DocumentBuilderImpl.<init>", "newDocumentBuilder", "XML11Configuration.<init>",
                                                  "TransformerFactory", "newTransformer", "XMLSecurityManager.<init>"]),
    ("JWT verification (nimbus, RSA; the cache of verified tokens)", ["com.nimbusds", "JwtVerifier", "caffeine"]),
    ("header removal by pattern (regex compiled per call)", ["PatternHelper"]),
    ("NDXP mapping JSON<->XML", ["vn.gov.ndxp.adapters.mapping", "NdxpProducer"]),
    ("CXF SOAP client", ["org.apache.cxf"]),
    ("JDK HttpClient / HttpURLConnection (CXF's transport)", ["jdk.internal.net.http", "sun.net.www.protocol.http"]),
    ("Micrometer observations", ["io.micrometer"]),
    ("Jackson", ["com.fasterxml"]),
    ("Camel routing and JMX statistics", ["org.apache.camel"]),
    ("Spring MVC, Security filters (and the async dispatch, where there is one)", ["org.springframework"]),
    ("Tomcat", ["org.apache.catalina", "org.apache.coyote", "org.apache.tomcat"]),
]

text = subprocess.run(["jfr", "print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", sys.argv[1]],
                      capture_output=True, text=True, check=True).stdout
samples = text.split("jdk.ExecutionSample")[1:]
counts = collections.Counter()
for s in samples:
    frames = re.findall(r"^\s+([\w$.<>]+)\(", s, re.M)
    if any("LegacyCivilStatusServer" in f or "sun.net.httpserver" in f for f in frames):
        counts["legacy SOAP stand-in (the backend, also in the baseline)"] += 1
        continue
    if any("vn.gov.ndxp.adapters.sandbox.SandboxPlatform" in f for f in frames):
        # the token the script fetches before each run, signed by the platform stand-in
        counts["sandbox platform stand-in (token issuing)"] += 1
        continue
    counts[next((name for f in frames for name, keys in CATEGORIES if any(k in f for k in keys)), "other (JDK, GC, ...)")] += 1
print(f"{len(samples)} CPU samples")
for name, n in counts.most_common():
    print(f"{100 * n / len(samples):5.1f}%  {name}")

# Java-code samples miss the JVM's own threads: JIT compilers and GC show up only in per-thread CPU load
text = subprocess.run(["jfr", "print", "--events", "jdk.ThreadCPULoad", sys.argv[1]], capture_output=True, text=True, check=True).stdout
threads = collections.Counter()
for e in text.split("jdk.ThreadCPULoad")[1:]:
    load = sum(float(x) for x in re.findall(r"(?:user|system) = ([\d.]+)%", e))
    threads[re.sub(r"\d+", "N", re.search(r'eventThread = "([^"]*)"', e).group(1))] += load
total = sum(threads.values()) or 1
print("\nCPU by thread group (all threads, JIT and GC included)")
for name, load in threads.most_common(10):
    print(f"{100 * load / total:5.1f}%  {name}")
