#!/usr/bin/env python3
"""CPU samples of a JFR recording summed by thread role and by stage of a text request.

Java-state samples (jdk.ExecutionSample, every 10 ms per thread in the 'profile' settings) count
wherever they are; native-state samples (jdk.NativeMethodSample, every 20 ms, so weighted twice)
count only in the native code that computes (the model run, the tokenizer, socket writes), since a
thread parked or waiting in epoll is sampled in native state too. Each sample goes to the first
stage its stack matches, leaf first. Usage: profile-split.py recording.jfr
"""
import collections
import json
import subprocess
import sys

STAGES = [  # (stage, substrings of "class.method"), matched leaf first
    ("model run (ONNX Runtime)", ["ai.onnxruntime.OrtSession.run", "OrtSession.run"]),
    ("tokenise", ["ai.djl.huggingface.tokenizers", "dev.multimodal.text.TextTokenizer"]),
    ("JSON write", ["JsonGenerator", "jackson.databind.ser", "ObjectMapper.writeValue", "ObjectWriter",
                    "SchubfachFloat", "jackson.core.io.schubfach", "jackson.core.io.NumberOutput"]),
    ("JSON parse", ["JsonParser", "jackson.databind.deser", "ObjectMapper.readValue", "ObjectReader",
                    "ReaderBasedJsonParser", "UTF8StreamJsonParser", "dev.multimodal.http.StrictJson"]),
    ("pool + normalise", ["dev.multimodal.text.BertBatchRunner", "dev.multimodal.runtime.Vectors"]),
    ("batcher + futures", ["dev.multimodal.runtime.", "java.util.concurrent.CompletableFuture",
                           "java.util.concurrent.LinkedBlockingQueue", "io.smallrye.mutiny"]),
    ("use case + edge checks", ["dev.multimodal."]),
    ("HTTP (Vert.x, Netty, RESTEasy, Funqy)", ["io.netty", "io.vertx", "io.quarkus", "org.jboss.resteasy",
                                               "sun.nio.ch"]),
]
COUNTED_NATIVE = ["OrtSession.run", "ai.djl.huggingface.tokenizers", "SocketDispatcher.write",
                  "IOUtil.write", "FileDispatcherImpl.write"]


def role(thread):
    if thread.startswith("vert.x-eventloop"):
        return "event loop"
    if thread.startswith("executor-thread"):
        return "worker pool"
    if thread.startswith("batcher-"):
        return "batcher worker"
    if "GC" in thread or "G1" in thread or thread.startswith("C1") or thread.startswith("C2"):
        return "JVM (GC, JIT)"
    return "other: " + thread.rstrip("0123456789-")


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    for f in stack.get("frames", []):
        m = f["method"]
        yield m["type"]["name"].replace("/", ".") + "." + m["name"]


def stage(names):
    for name in names:
        for label, keys in STAGES:
            if any(k in name for k in keys):
                return label
    return "other (" + (names[0] if names else "no stack") + ")"


def main(path):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    by_role = collections.Counter()
    by_stage = collections.Counter()
    by_role_stage = collections.Counter()
    for e in events:
        names = list(frames(e))
        native = e["type"] == "jdk.NativeMethodSample"
        if native and not any(k in n for n in names for k in COUNTED_NATIVE):
            continue
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        weight = 2 if native else 1
        r, s = role(thread), stage(names)
        if r == "JVM (GC, JIT)":
            s = "JVM"
        by_role[r] += weight
        by_stage[s] += weight
        by_role_stage[(r, s)] += weight
    total = sum(by_stage.values()) or 1
    print(f"{total} weighted samples")
    print("| stage | share |")
    print("|---|---:|")
    for s, n in by_stage.most_common(14):
        print(f"| {s} | {100.0 * n / total:.1f}% |")
    print("| thread role | share | its top stages |")
    print("|---|---:|---|")
    for r, n in by_role.most_common(8):
        tops = sorted(((c, s) for (rr, s), c in by_role_stage.items() if rr == r), reverse=True)[:3]
        detail = ", ".join(f"{s} {100.0 * c / total:.1f}%" for c, s in tops)
        print(f"| {r} | {100.0 * n / total:.1f}% | {detail} |")


if __name__ == "__main__":
    main(sys.argv[1])
