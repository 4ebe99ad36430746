"""Cold start of every deployable function, as deploy/base deploys it (called by bench/coldstart).

For each path (a JVM and a packaged application) and each function, in interleaved rounds: start
the application with the function's QUARKUS_FUNQY_EXPORT and MMF_MODELS_INCLUDE, time exec -> the
first 200 to its own sample, read RSS, split the start from the service's own `startup ...` log
lines, stop it. The floor is the same application exporting fuse with no models, answering a
vector-only request.
"""
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHASE = re.compile(r"startup (\S+) (\S+) ([0-9.]+) ms")
FLOOR_REQUEST = json.dumps({"strategy": "weighted-average", "parts": [
    {"vector": [0.5, 0.5, 0.0], "space": "floor"}, {"vector": [0.0, 0.5, 0.5], "space": "floor"}]}).encode()


def functions():
    """(name, export, include, JVM options) of every Service in deploy/base, read from its YAML env.
    The JVM options are the Service's JAVA_TOOL_OPTIONS, which both paths then start with."""
    out = []
    base = os.path.join(ROOT, "deploy", "base")
    for f in sorted(os.listdir(base)):
        if not f.endswith(".yaml") or f == "kustomization.yaml":
            continue
        text = open(os.path.join(base, f)).read().split("\n---")[0]
        env = dict(re.findall(r"- name: (\S+)\s*\n\s*value: \"?([^\"\n]*)\"?", text))
        if "QUARKUS_FUNQY_EXPORT" in env:
            out.append((env["QUARKUS_FUNQY_EXPORT"], env["QUARKUS_FUNQY_EXPORT"], env.get("MMF_MODELS_INCLUDE", ""),
                        env.get("JAVA_TOOL_OPTIONS", "")))
    return out


def request_for(fn, port):
    """(url, headers, body) of the function's own sample; analyze-* get their binary CloudEvent."""
    samples = os.path.join(ROOT, "functions", fn)
    if fn.startswith("analyze-"):
        event = json.load(open(os.path.join(samples, "event-binary.json")))
        return f"http://127.0.0.1:{port}/", event["headers"], json.dumps(event["data"]).encode()
    return (f"http://127.0.0.1:{port}/{fn}", {"Content-Type": "application/json"},
            open(os.path.join(samples, "request.json"), "rb").read())


def status(url, headers, body):
    try:
        req = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def one_start(path, fn, export, include, jvm_options, port, empty_models):
    cmd, cwd = path["cmd"], path["cwd"]
    env = dict(os.environ)
    env.update({"QUARKUS_FUNQY_EXPORT": export, "QUARKUS_HTTP_PORT": str(port),
                "MMF_MODELS_DIR": empty_models if fn == "floor" else os.path.join(ROOT, "models")})
    env.pop("MMF_MODELS_INCLUDE", None)
    if include:
        env["MMF_MODELS_INCLUDE"] = include
    env.pop("JAVA_TOOL_OPTIONS", None)
    if jvm_options:
        env["JAVA_TOOL_OPTIONS"] = jvm_options
    # a pod starts from its image with an empty home: no DJL cache (~/.djl.ai) from an earlier start
    djl_cache = tempfile.mkdtemp(prefix="coldstart-djl-")
    env["DJL_CACHE_DIR"] = djl_cache
    env.pop("ENGINE_CACHE_DIR", None)
    if fn == "floor":
        url, headers, body = f"http://127.0.0.1:{port}/fuse", {"Content-Type": "application/json"}, FLOOR_REQUEST
    else:
        url, headers, body = request_for(fn, port)
    log = tempfile.NamedTemporaryFile("w+", prefix=f"coldstart-{fn}-", suffix=".log", delete=False)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    code = 0
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{path['name']} {fn}: exited {proc.returncode}; see {log.name}")
            sent = time.monotonic()
            code = status(url, headers, body)
            if code == 200:
                first = (time.monotonic() - sent) * 1000  # the request that answered: the first served
                break
            if code not in (0, 404, 503) or time.monotonic() - started > 180:
                raise RuntimeError(f"{path['name']} {fn}: answered {code}; see {log.name}")
            time.sleep(0.01)
        total = (time.monotonic() - started) * 1000
        rss = rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    phases = {}
    log.seek(0)
    for line in log:
        m = PHASE.search(line)
        if m:
            phase, ms = m.group(1), float(m.group(3))
            if phase.startswith("checksums"):
                phase = "checksums"
            if "(early-models)" in line and phase in ("tokenizer", "encoders"):
                phase = "early-" + phase  # counted in the early thread's own total
            phases[phase] = phases.get(phase, 0.0) + ms
    log.close()
    os.unlink(log.name)
    shutil.rmtree(djl_cache, ignore_errors=True)
    jvm = phases.get("jvm", float("nan"))
    tokenizer = phases.get("tokenizer", 0.0)
    warm = phases.get("encoders", 0.0) - tokenizer
    # The models load on a thread of their own beside Quarkus's start (startup.EarlyModels): "jvm" is
    # the JVM's uptime when they began, "early" that thread's wall time (config, ONNX Runtime,
    # checksums and sessions in parallel, the tokenizers, the encoders built and warmed up, ImageIO's
    # codecs: its "startup early total" line), which overlaps the framework's start; "earlywarm" the
    # encoders' part of it. "rest" is
    # what the main thread spent outside building encoders (it builds none when the early thread
    # did): the JVM, Quarkus, any wait for the early thread, and the first request. "first" is that
    # request alone: the poll that answered 200, from sending it to its answer.
    early = phases.get("early", 0.0)
    rest = total - phases.get("encoders", 0.0)
    return {"total": total, "rss": rss, "jvm": jvm, "checksums": phases.get("checksums", 0.0),
            "sessions": phases.get("session", 0.0), "early": early,
            "earlywarm": phases.get("early-encoders", 0.0), "tokenizer": tokenizer, "warmup": warm,
            "rest": rest, "first": first}


def med(values):
    return statistics.median(values)


def main():
    runs = int(sys.argv[1])
    paths = json.loads(sys.argv[2])
    only = set(sys.argv[3].split(",")) if len(sys.argv) > 3 and sys.argv[3] else None
    fns = [("floor", "fuse", "", "")] + [f for f in functions() if only is None or f[0] in only]
    empty = tempfile.mkdtemp(prefix="coldstart-no-models-")
    results = {(p["name"], f[0]): [] for p in paths for f in fns}
    port = 18400
    deadline = time.monotonic() + float(os.environ.get("COLDSTART_MAX_SECONDS", "inf"))
    done = 0
    for r in range(runs):
        if time.monotonic() > deadline or os.path.exists(os.path.join(ROOT, "target", "coldstart", "stop")):
            print(f"  stopped (COLDSTART_MAX_SECONDS or target/coldstart/stop): {done} of {runs} rounds", flush=True)
            break
        done += 1
        for p in paths:
            for fn, export, include, jvm_options in fns:
                port += 1
                res = one_start(p, fn, export, include, jvm_options, port, empty)
                results[(p["name"], fn)].append(res)
                print(f"  run {r + 1}/{runs} {p['name']:9s} {fn:16s} {res['total']:7.0f} ms  RSS {res['rss']:5.0f} MiB",
                      flush=True)
    results = {k: v[:done] for k, v in results.items()}
    print(f"\n{done} start(s) of each function on each path, interleaved")
    for fn, _, _, jvm_options in fns:
        if jvm_options:
            print(f"{fn} starts with JAVA_TOOL_OPTIONS={jvm_options} on both paths, as its Service in deploy/base")
    cols = ["jvm", "checksums", "sessions", "early", "earlywarm", "tokenizer", "warmup", "rest", "first"]
    print()
    print("| path | function | first 200 ms (median) | spread (min-max) | × floor | RSS MiB | models begin (JVM uptime) "
          "| checksums | sessions | early thread (beside the start) | of which encoders and warm-up | tokenizer (main) "
          "| warm-up (main) | rest | of which the first request |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in paths:
        floor = med([x["total"] for x in results[(p["name"], "floor")]])
        for fn, _, _, _ in fns:
            xs = results[(p["name"], fn)]
            t = [x["total"] for x in xs]
            print(f"| {p['name']} | {fn} | {med(t):.0f} | {min(t):.0f}-{max(t):.0f} | {med(t) / floor:.2f} "
                  f"| {med([x['rss'] for x in xs]):.0f} | "
                  + " | ".join(f"{med([x[c] for x in xs]):.0f}" for c in cols) + " |")
    print()
    base = paths[0]["name"]
    floor = med([x["total"] for x in results[(base, "floor")]])
    for fn, target in (("encode-text", 1.1), ("read-text", 1.3)):
        if (base, fn) in results:
            ratio = med([x["total"] for x in results[(base, fn)]]) / floor
            print(f"- {base} {fn} / floor: {ratio:.2f} (target <= {target}): {'met' if ratio <= target else 'MISSED'}")
    for p in paths[1:]:
        for fn, _, _, _ in fns:
            a = med([x["total"] for x in results[(p["name"], fn)]])
            b = med([x["total"] for x in results[(base, fn)]])
            print(f"- {p['name']} / {base} {fn}: {a / b:.2f} ({a:.0f} / {b:.0f} ms; target <= 0.5): "
                  f"{'met' if a / b <= 0.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
