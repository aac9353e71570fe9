#!/usr/bin/env python3
"""The results of bench/file-intake.sh: reads its steps (JSON lines), the runtime's log and GC log from the
environment the script exports, writes bench/results/file-intake-<time>.json and .txt, prints the summary."""
import datetime, json, os, re

env = os.environ
work, tck = env["WORK"], int(env["CLK_TCK"])
steps = [json.loads(l) for l in open(env["STEPS"])]


def epoch(stamp):
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


# FileProgress's lines: "<time>  INFO ... : social-insurance: <file> (<n> bytes) started" / "... <file> processed: ..."
progress = {}
for line in open(f"{work}/server.log", encoding="utf-8", errors="replace"):
    m = re.match(r"^(\S+)\s+INFO .*? : social-insurance: (\S+) (?:\(\d+ bytes\) (started)|(processed): )", line)
    if m:
        progress.setdefault(m.group(2), {})[m.group(3) or m.group(4)] = epoch(m.group(1))

# GC log (-Xlog:gc*:...:timemillis,...): "[<epoch>ms][<uptime>ms][info][gc  ] GC(n) Pause ... 123M->45M(1024M) 3.4ms"
gcs = []
for line in open(f"{work}/gc.log"):
    m = re.match(r"^\[(\d+)ms\]\[\d+ms\]\[info\]\[gc\s*\] GC\(\d+\) (Pause .+?) (\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms", line)
    if m:
        gcs.append({"ms": int(m.group(1)), "kind": m.group(2).strip(), "beforeM": int(m.group(3)), "afterM": int(m.group(4)),
                    "heapM": int(m.group(5)), "pauseMs": float(m.group(6))})


def gc_window(t0, t1, kinds=None):
    sel = [g for g in gcs if t0 * 1000 <= g["ms"] <= t1 * 1000 and (kinds is None or any(k in g["kind"] for k in kinds))]
    return {"count": len(sel), "maxAfterM": max((g["afterM"] for g in sel), default=None),
            "maxBeforeM": max((g["beforeM"] for g in sel), default=None),
            "pauseMsTotal": round(sum(g["pauseMs"] for g in sel), 1)}


def intake(s):
    r, k, n = s["receipt"], s["sink"], s["receipt"]["records"]
    p = progress.get(s["file"], {})
    f = {"file": s["file"], "records": n, "bytes": s["gen"]["bytes"], "receiptStatus": r["status"], "accepted": r["accepted"],
         "rejected": r["rejected"], "sinkRecords": k["records"], "sinkDistinct": k["distinct"], "sinkDuplicates": k["duplicates"],
         "sinkBatches": k["batches"],
         "checked": r["status"] == "processed" and r["accepted"] == n == s["gen"]["records"] and r["rejected"] == 0
                    and k["distinct"] == n and k["duplicates"] == 0 and k["records"] == n,
         "dropToReceiptSeconds": round(s["receiptEpoch"] - s["dropEpoch"], 3),
         "dropToDoneSeconds": round(s["doneEpoch"] - s["dropEpoch"], 3)}
    f["recordsPerSecondDropToReceipt"] = round(n / f["dropToReceiptSeconds"], 1)
    if "started" in p and "processed" in p:
        f["dropToStartedSeconds"] = round(p["started"] - s["dropEpoch"], 3)
        f["intakeSeconds"] = round(p["processed"] - p["started"], 3)
        f["recordsPerSecondIntake"] = round(n / f["intakeSeconds"], 1) if f["intakeSeconds"] > 0 else None
    if k["firstBatchMs"]:
        f["firstToLastPlatformCallSeconds"] = round((k["lastBatchMs"] - k["firstBatchMs"]) / 1000, 3)
    f["runtimeCpuMsPerRecord"] = round(s["runtimeCpuTicks"] * 1000 / tck / n, 4)
    f["sinkCpuMsPerRecord"] = round(s["sinkCpuTicks"] * 1000 / tck / n, 4)
    f["gcDuringFile"] = gc_window(s["dropEpoch"], s["doneEpoch"])
    if "started" in p and "processed" in p:
        f["forcedFullGcWhileProcessing"] = gc_window(p["started"], p["processed"], ["System.gc"])
    f["forcedFullGcDropToDone"] = gc_window(s["dropEpoch"], s["doneEpoch"], ["System.gc"])
    f["loadavgAfter"] = s["loadavg"]
    return f


by = {}
steps_by_file = {s["file"]: s for s in steps if "file" in s}
for s in steps:
    if s["step"] == "baseline":
        by.setdefault("baseline", []).append(s)
    else:
        by.setdefault(s["step"], []).append(intake(s))
small, large = by["small"][0], by["large"][0]
passes = {}
for p in by["baseline"]:
    k = p["sink"]
    f = {("small" if b["records"] == small["records"] else "large"): b for b in p["files"]}
    f["ok"] = (f["small"]["accepted"] == f["small"]["records"] == small["records"] and f["large"]["accepted"] == f["large"]["records"] == large["records"]
               and k["distinct"] == k["records"] == small["records"] + large["records"] and k["duplicates"] == 0)
    f["sink"] = k
    f["sinkCpuMsPerRecord"] = round(p["sinkCpuTicks"] * 1000 / tck / (k["records"] or 1), 4)
    passes[p["pass"]] = f
mean = lambda which: round(sum(p[which]["recordsPerSecond"] for p in passes.values()) / len(passes), 1)
bsmall_rate, blarge_rate = mean("small"), mean("large")
baseline_ok = all(p["ok"] for p in passes.values())
rate = large.get("recordsPerSecondIntake") or large["recordsPerSecondDropToReceipt"]
figures = {"small": small, "large": large,
           "baseline": {"passes": passes, "checked": baseline_ok, "smallRecordsPerSecond": bsmall_rate, "largeRecordsPerSecond": blarge_rate},
           "ratioIntake": round(rate / blarge_rate, 3),
           "ratioDropToReceipt": round(large["recordsPerSecondDropToReceipt"] / blarge_rate, 3)}
heap = {"gcLogTimedSteps": {"smallMaxAfterGcM": small["gcDuringFile"]["maxAfterM"], "largeMaxAfterGcM": large["gcDuringFile"]["maxAfterM"],
                            "smallGcs": small["gcDuringFile"]["count"], "largeGcs": large["gcDuringFile"]["count"]}}
if "heap" in by:
    hs = [f for f in by["heap"] if f["records"] == small["records"]]
    hl = [f for f in by["heap"] if f["records"] == large["records"]][0]
    a = [f["forcedFullGcWhileProcessing"] for f in hs]
    b = hl["forcedFullGcWhileProcessing"]
    small_live = max((x["maxAfterM"] for x in a if x["maxAfterM"] is not None), default=None)
    # the idle runtime's live heap: forced GCs between a drop and FileProgress "started" (readLock wait)
    idle = [g["afterM"] for f, st in ((f, steps_by_file[f["file"]]) for f in by["heap"]) for g in gcs
            if "System.gc" in g["kind"] and st["dropEpoch"] * 1000 <= g["ms"] <= (st["dropEpoch"] + f["dropToStartedSeconds"]) * 1000]
    heap["forcedGc"] = {"small": hs, "large": hl, "smallLiveM": small_live, "largeLiveM": b["maxAfterM"],
                        "smallSamples": sum(x["count"] for x in a), "largeSamples": b["count"],
                        "idleMaxM": max(idle, default=None), "idleSamples": len(idle),
                        "smallRecordsPerSecond": [f.get("recordsPerSecondIntake") for f in hs],
                        "ratio": round(b["maxAfterM"] / small_live, 3) if small_live and b["maxAfterM"] else None}
figures["heap"] = heap

lines = []
for label, f in (("small", small), ("large", large)):
    lines.append(f"adapter, {label} file: {f['records']:,} records ({f['bytes'] / 1e6:.1f} MB) receipt {f['receiptStatus']}: "
                 f"{f['accepted']:,} accepted, {f['rejected']} rejected; sink {f['sinkDistinct']:,} distinct keys, {f['sinkDuplicates']} duplicates"
                 f" in {f['sinkBatches']} batches; checked: {f['checked']}")
    lines.append(f"    drop -> receipt {f['dropToReceiptSeconds']} s = {f['recordsPerSecondDropToReceipt']:,.0f} records/s"
                 f" (drop -> FileProgress 'started' {f.get('dropToStartedSeconds')} s: poll + readLock + SHA-256 + claim);"
                 f" intake 'started' -> 'processed' {f.get('intakeSeconds')} s = {f.get('recordsPerSecondIntake') or 0:,.0f} records/s;"
                 f" first -> last platform call {f.get('firstToLastPlatformCallSeconds')} s")
    lines.append(f"    CPU per record: runtime {f['runtimeCpuMsPerRecord']} ms, sink {f['sinkCpuMsPerRecord']} ms;"
                 f" GCs during the file: {f['gcDuringFile']['count']}, max heap after GC {f['gcDuringFile']['maxAfterM']} MB,"
                 f" pauses {f['gcDuringFile']['pauseMsTotal']} ms")
for name, p in passes.items():
    for label in ("small", "large"):
        b = p[label]
        lines.append(f"baseline ({name} the adapter), {label} file: {b['records']:,} records in {b['seconds']} s = {b['recordsPerSecond']:,.0f}"
                     f" records/s, {b['accepted']:,} accepted; CPU {b['cpuMsPerRecord']} ms per record (its JVM)")
    lines.append(f"    sink: {p['sink']['distinct']:,} distinct keys, {p['sink']['duplicates']} duplicates; checked: {p['ok']};"
                 f" sink CPU {p['sinkCpuMsPerRecord']} ms per record")
lines.append(f"baseline, mean of the passes: small {bsmall_rate:,.0f}, large {blarge_rate:,.0f} records/s")
lines.append(f"ratio adapter / baseline, large file: {figures['ratioIntake']} (intake time), {figures['ratioDropToReceipt']} (drop -> receipt)")
h = heap.get("forcedGc")
if h:
    lines.append(f"heap (full GCs forced {env['HEAP_SAMPLE_MS']} ms apart): live heap while processing {len(h['small'])} small files"
                 f" {h['smallLiveM']} MB ({h['smallSamples']} samples), the large file {h['largeLiveM']} MB ({h['largeSamples']} samples);"
                 f" ratio {h['ratio']}; idle (readLock waits) {h['idleMaxM']} MB ({h['idleSamples']} samples);"
                 f" the large file at {h['large']['recordsPerSecondIntake'] or 0:,.0f} records/s under the forced GCs")
g = heap["gcLogTimedSteps"]
lines.append(f"heap after the ordinary GCs of the timed steps: small {g['smallMaxAfterGcM']} MB ({g['smallGcs']} GCs),"
             f" large {g['largeMaxAfterGcM']} MB ({g['largeGcs']} GCs)")
met = lambda ok: "met" if ok else "MISSED"
lines.append(f"targets: >= 0.5 x baseline: {figures['ratioIntake']} {met(figures['ratioIntake'] >= 0.5)}"
             f" (drop -> receipt {figures['ratioDropToReceipt']} {met(figures['ratioDropToReceipt'] >= 0.5)});"
             f" >= 10,000 records/s: {rate:,.0f} {met(rate >= 10000)} (drop -> receipt {large['recordsPerSecondDropToReceipt']:,.0f}"
             f" {met(large['recordsPerSecondDropToReceipt'] >= 10000)});"
             + (f" heap 1M <= 1.2 x 10k: {h['ratio']} {met(h['ratio'] is not None and h['ratio'] <= 1.2)}" if h else ""))
lines.append(f"runtime -Xms{env['HEAP']} -Xmx{env['HEAP']}, batch size {env['BATCH_SIZE']}, started in {env['STARTED']} s,"
             f" peak RSS {int(env['RSS_KIB']) // 1024} MiB; load average before {env['LOAD_BEFORE']}, after {env['LOAD_AFTER']}"
             f" ({env['NPROC']} CPUs); commit {env['COMMIT']}; whole run {env['TOTAL_S']} s")

result = {"benchmark": "file-intake", "date": env["STAMP"], "commit": env["COMMIT"],
          "machine": {"nproc": int(env["NPROC"]), "cpu": env["CPU_MODEL"], "memTotalKiB": int(env["MEM_KIB"]),
                      "java": env["JAVA_VERSION"].strip(), "loadavgBefore": env["LOAD_BEFORE"], "loadavgAfter": env["LOAD_AFTER"],
                      "uptimeBefore": env["UPTIME_BEFORE"].strip(), "uptimeAfter": env["UPTIME_AFTER"].strip()},
          "settings": {"records": int(env["RECORDS"]), "small": int(env["SMALL"]), "batchSize": int(env["BATCH_SIZE"]), "heap": env["HEAP"],
                       "heapSampleMs": int(env["HEAP_SAMPLE_MS"]), "heapSmallFiles": int(env["HEAP_SMALL_FILES"]),
                       "sinkWarmup": int(env["SINK_WARMUP"]), "javaOpts": env["JAVA_OPTS"], "runtimeArgs": env["RUNTIME_ARGS"]},
          "runtime": {"startupSeconds": float(env["STARTED"]), "peakRssKiB": int(env["RSS_KIB"])},
          "figures": figures, "steps": steps, "wholeRunSeconds": int(env["TOTAL_S"]), "summary": lines}
if env["PROFILE"] == "1" and os.path.exists(f"{work}/profile.txt"):
    result["profile"] = open(f"{work}/profile.txt").read().splitlines()
    lines.append("profile (extra file, not in the figures above):")
    lines += ["    " + l for l in result["profile"]]
json.dump(result, open(env["RESULT"], "w"), indent=2, ensure_ascii=False)
open(env["SUMMARY"], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
