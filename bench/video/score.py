#!/usr/bin/env python3
"""Scores bench/video's results: on-screen text CER, shot precision and recall within 0.5 s of the
true cuts, transcript WER, wall time; the service (service.json) and the peer (peer-CLIP/) alike.
Usage: score.py OUT CLIP..."""
import json, os, re, sys

TOLERANCE = 0.5


def distance(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[len(b)]


def norm(text):
    return re.sub(r"\s+", " ", text.upper()).strip()


def cer(truth, candidates):
    """The best of the shot's whole text and each of its lines: a headline is one line among others."""
    truth = norm(truth)
    return min(distance(norm(c), truth) for c in candidates + [""]) / len(truth)


def matched(found, truth):
    free = list(truth)
    hits = 0
    for t in found:
        near = [c for c in free if abs(c - t) <= TOLERANCE]
        if near:
            free.remove(min(near, key=lambda c: abs(c - t)))
            hits += 1
    return hits


def main(out, clips):
    service = {c["clip"]: c for c in json.load(open(os.path.join(out, "service.json")))["clips"]}
    rss = json.load(open(os.path.join(out, "service.json")))["peakRssKb"]
    totals = {k: [0, 0, 0, 0.0, 0.0, 0, 0] for k in ("service", "peer")}  # hits, found, true, cer sum, wall, texts, -
    print("clip                  who      cuts found/true/hit  text CER  WER    wall s")
    for clip in clips:
        truth = [l.split(" ", 1) for l in open(os.path.join(out, clip + ".truth")).read().splitlines()]
        cuts = [float(v) for k, v in truth if k == "cut"]
        texts = [v.split(" ", 2) for k, v in truth if k == "text"]
        speech = next((v for k, v in truth if k == "speech"), None)
        s = service[clip + ".mp4"]
        shots = s["shots"]
        peer_dir = os.path.join(out, "peer-" + clip)
        times = [float(t) for t in open(os.path.join(peer_dir, "times")).read().split()]
        frames = sorted(f for f in os.listdir(peer_dir) if f.endswith(".txt"))
        peer_texts = [open(os.path.join(peer_dir, f)).read() for f in frames]
        rows = {
            "service": (
                [x["start"] for x in shots if x["cut"]],
                lambda m: next(([x["text"]] + x["text"].splitlines() + x["lines"] for x in shots if x["start"] <= m < x["end"]), [""]),
                s["transcript"],
                s["wall"],
            ),
            "peer": (
                times[1:],
                lambda m: next(([t] + t.splitlines() for t, when in reversed(list(zip(peer_texts, times))) if when <= m), [""]),
                open(os.path.join(peer_dir, "transcript")).read(),
                float(open(os.path.join(peer_dir, "wall")).read()),
            ),
        }
        for who, (found, text_at, transcript, wall) in rows.items():
            hits = matched(found, cuts)
            errors = [cer(t[2], text_at((float(t[0]) + float(t[1])) / 2)) for t in texts]
            wer = ""
            if speech:
                ref = speech.lower().split()
                wer = "%.3f" % (distance(ref, re.sub(r"[^a-z' ]", " ", transcript.lower()).split()) / len(ref))
            tot = totals[who]
            tot[0] += hits; tot[1] += len(found); tot[2] += len(cuts); tot[3] += sum(errors); tot[4] += wall; tot[5] += len(errors)
            print("%-21s %-8s %4d/%d/%d %14.3f  %-6s %7.2f" % (clip, who, len(found), len(cuts), hits,
                                                               sum(errors) / max(1, len(errors)), wer, wall))
    print()
    for who, (hits, found, true, cer_sum, wall, n, _) in totals.items():
        print("%-8s shots precision %.3f recall %.3f (±%.1f s), on-screen text CER %.3f, wall %.1f s" % (
            who, hits / found if found else 1.0, hits / true if true else 1.0, TOLERANCE, cer_sum / n, wall))
    print("service peak RSS %.0f MB (the bench JVM, models loaded)" % (rss / 1024))


main(sys.argv[1], sys.argv[2:])
