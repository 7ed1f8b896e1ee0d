#!/usr/bin/env python3
"""Checks Bazel's execution log (--execution_log_json_file) for cache_test.

  exec_log.py LOG --salt ID --hits all|none [--cas DIR]
  exec_log.py LOG --outputs-of REGEX


Every spawn in LOG must carry the platform property hcall_toolchain=ID (the
salt ./bazelw adds to every cache key), and:
  --hits all    every spawn was a remote cache hit;
  --hits none   no spawn was;
  --cas DIR     every spawn one of whose outputs is missing from DIR (the
                cache's cas/, after eviction) ran, at least one did, and
                every other spawn was a hit.
--outputs-of prints the digests of the outputs of the spawns that list an
output matching REGEX, one a line.
Prints a one-line summary, or each offending spawn. Exit status 0 if all
holds, 1 if not, 2 on bad usage or an unreadable log.
"""

import argparse
import collections
import json
import os
import re
import sys


def spawns(path):
    """Bazel 4.2.3 writes one JSON object per spawn, back to back."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    decoder = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        obj, i = decoder.raw_decode(text, i)
        yield obj


def describe(spawn):
    outputs = spawn.get("listedOutputs") or ["(no outputs)"]
    return "%s %s" % (spawn.get("mnemonic", "?"), outputs[0])


def output_digests(spawn):
    """Its outputs' digests but the empty one, which Bazel never stores."""
    return [o["digest"]["hash"] for o in spawn.get("actualOutputs", [])
            if o.get("digest", {}).get("sizeBytes", "0") != "0"]


def salt_of(spawn):
    props = spawn.get("platform", {}).get("properties", [])
    values = [p.get("value") for p in props if p.get("name") == "hcall_toolchain"]
    return values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--salt")
    parser.add_argument("--outputs-of")
    parser.add_argument("--hits", choices=["all", "none"])
    parser.add_argument("--cas")
    args = parser.parse_args()
    try:
        log = list(spawns(args.log))
    except (OSError, ValueError) as e:
        print("exec_log: cannot read %s: %s" % (args.log, e))
        return 2
    if not log:
        print("exec_log: FAIL: %s holds no spawn" % args.log)
        return 1
    if args.outputs_of:
        pattern = re.compile(args.outputs_of)
        found = [s for s in log
                 if any(pattern.search(o) for o in s.get("listedOutputs", []))]
        for d in sorted({d for s in found for d in output_digests(s)}):
            print(d)
        return 0 if found else 1
    if not args.salt:
        parser.error("--salt is required")
    bad = []
    for s in log:
        if salt_of(s) != [args.salt]:
            bad.append("salt %s, not [%s]: %s" % (salt_of(s), args.salt, describe(s)))
        hit = bool(s.get("remoteCacheHit"))
        if args.hits == "all" and not hit:
            bad.append("not a remote cache hit (runner %s): %s"
                       % (s.get("runner", "?"), describe(s)))
        if args.hits == "none" and hit:
            bad.append("a remote cache hit: %s" % describe(s))
    ran = [s for s in log if not s.get("remoteCacheHit")]
    if args.cas:
        for s in log:
            gone = [d for d in output_digests(s)
                    if not os.path.exists(os.path.join(args.cas, d))]
            if gone and s.get("remoteCacheHit"):
                bad.append("a hit although %d of its outputs were evicted: %s"
                           % (len(gone), describe(s)))
            if not gone and not s.get("remoteCacheHit"):
                bad.append("ran although its outputs are cached: %s"
                           % describe(s))
        if not ran:
            bad.append("no spawn ran after the eviction")
    runners = collections.Counter(
        "remote cache hit" if s.get("remoteCacheHit") else s.get("runner", "?")
        for s in log)
    summary = ", ".join("%d %s" % (n, r) for r, n in sorted(runners.items()))
    for b in bad:
        print("exec_log: FAIL: " + b)
    print("exec_log: %s: %d spawns (%s), salt %s"
          % ("FAIL" if bad else "ok", len(log), summary, args.salt))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
