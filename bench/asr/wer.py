#!/usr/bin/env python3
"""WER of pocketsphinx's hypotheses (lines "file<TAB>text") against the list (lines "path<TAB>transcript")."""
import re, sys
def words(t): return re.sub(r"[^a-z' ]", " ", t.lower()).split()
def dist(r, h):
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(prev + (r[i-1] != h[j-1]), d[j] + 1, d[j-1] + 1)
            prev, d[j] = d[j], cur
    return d[len(h)]
refs = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1]) if l.strip())
hyps = dict(l.rstrip("\n").split("\t", 1) if "\t" in l else (l.strip(), "") for l in open(sys.argv[2]) if l.strip())
e = n = 0
for path, ref in refs.items():
    r = words(ref); e += dist(r, words(hyps.get(path, ""))); n += len(r)
print(f"pocketsphinx WER {e/n:.3f} ({n} reference words)")
