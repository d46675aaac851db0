#!/usr/bin/env python3
"""gen_corpus.py: generates the broken-module corpus (tests/corpus/broken/*.wasm).

Run once by hand (the output is checked in; tests never run this):

    python3 tests/corpus/gen_corpus.py [--spec DIR] [--out DIR] [--count N] [--seed S]

It converts the official spec scripts with Debian wabt's `wast2json`, takes the
valid modules (`module` commands) of a modest size, and makes truncated,
bit-flipped and otherwise mutated copies. A copy is kept only if wabt's
`wasm-validate` rejects it too (custom-section errors are ignored, since custom
sections never make a module invalid), so every file is broken by an independent
judgement. MANIFEST.txt records, per file, its source, the mutation and wabt's
message. tests/unit/test_corpus.c then checks that Skiff rejects every file.
"""
import argparse
import glob
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

INTERESTING = [0x00, 0x01, 0x02, 0x05, 0x0B, 0x0C, 0x40, 0x60, 0x6F, 0x70, 0x7B, 0x7F, 0x80, 0x81, 0xFC, 0xFD, 0xFF]


def leb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def read_leb(b, i):
    v = shift = 0
    start = i
    while i < len(b) and i - start < 5:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return v, i
    return None, i


def sections(b):
    """Splits a well-formed module into (id, header_start, content_start, end) tuples."""
    out = []
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = read_leb(b, i + 1)
        if size is None or j + size > len(b):
            return None
        out.append((sid, i, j, j + size))
        i = j + size
    return out


def bodies(b, secs):
    """(start, end) of every function body's bytes (after the body size) in the code section."""
    out = []
    for sid, hs, cs, end in secs:
        if sid != 10:
            continue
        count, i = read_leb(b, cs)
        for _ in range(count or 0):
            size, j = read_leb(b, i)
            if size is None or j + size > end:
                break
            out.append((j, j + size))
            i = j + size
    return out


def mutate_body(b, rng, secs):
    """Changes instruction bytes inside one function body, keeping every size field:
    mostly gives validation errors (type mismatch, unknown index, ...)."""
    bl = [x for x in bodies(b, secs) if x[1] - x[0] >= 3]
    if not bl:
        return None
    s, e = rng.choice(bl)
    out = bytearray(b)
    i = rng.randrange(s + 1, e - 1)  # keep the locals count byte and the final end
    how = rng.choice(["set", "interesting", "flip", "swap"])
    if how == "set":
        out[i] = rng.randrange(256)
    elif how == "interesting":
        out[i] = rng.choice(INTERESTING + [0x1A, 0x20, 0x21, 0x41, 0x6A, 0x10, 0x0D])
    elif how == "flip":
        out[i] ^= 1 << rng.randrange(8)
    else:
        out[i], out[i + 1] = out[i + 1], out[i]
    return bytes(out), "body byte %d: %s (0x%02x -> 0x%02x)" % (i, how, b[i], out[i])


def mutate(b, rng):
    """Returns (mutated bytes, description)."""
    n = len(b)
    if n <= 9:
        return b + bytes([rng.randrange(256)]), "append a byte"
    secs = sections(b) or []
    if rng.random() < 0.45:
        r = mutate_body(b, rng, secs)
        if r:
            return r
    kind = rng.choice(["truncate", "bitflip", "byte", "interesting", "delete", "insert", "secsize", "secid",
                       "secswap", "secdup", "bitflip2", "overlong"])
    if kind == "truncate":
        cut = rng.randrange(8, n) if n > 8 else 0
        return b[:cut], "truncate at %d" % cut
    if kind in ("bitflip", "bitflip2"):
        out = bytearray(b)
        desc = []
        for _ in range(1 if kind == "bitflip" else 2):
            i = rng.randrange(8, n) if n > 8 else 0
            bit = rng.randrange(8)
            out[i] ^= 1 << bit
            desc.append("%d.%d" % (i, bit))
        return bytes(out), "flip bit " + ",".join(desc)
    if kind in ("byte", "interesting"):
        out = bytearray(b)
        i = rng.randrange(8, n) if n > 8 else 0
        out[i] = rng.randrange(256) if kind == "byte" else rng.choice(INTERESTING)
        return bytes(out), "set byte %d to 0x%02x" % (i, out[i])
    if kind == "delete":
        i = rng.randrange(8, n) if n > 8 else 0
        k = rng.randint(1, 4)
        return b[:i] + b[i + k:], "delete %d bytes at %d" % (k, i)
    if kind == "insert":
        i = rng.randrange(8, n + 1) if n > 8 else 0
        ins = bytes(rng.choice(INTERESTING + [rng.randrange(256)]) for _ in range(rng.randint(1, 3)))
        return b[:i] + ins + b[i:], "insert %s at %d" % (ins.hex(), i)
    if not secs:
        return b[:n // 2], "truncate at %d" % (n // 2)
    sid, hs, cs, end = rng.choice(secs)
    if kind == "secsize":
        size = end - cs
        new = max(0, size + rng.choice([-2, -1, 1, 2, 100]))
        return b[:hs + 1] + leb(new) + b[cs:], "section %d at %d: size %d -> %d" % (sid, hs, size, new)
    if kind == "secid":
        new = rng.choice([x for x in range(14) if x != sid])
        return b[:hs] + bytes([new]) + b[hs + 1:], "section %d at %d: id -> %d" % (sid, hs, new)
    if kind == "secdup":
        return b[:end] + b[hs:end] + b[end:], "duplicate section %d at %d" % (sid, hs)
    if kind == "secswap":
        if len(secs) < 2:
            return b[:-1], "truncate last byte"
        a, c = sorted(rng.sample(range(len(secs)), 2))
        sa, sc = secs[a], secs[c]
        blob_a, blob_c = b[sa[1]:sa[3]], b[sc[1]:sc[3]]
        return (b[:sa[1]] + blob_c + b[sa[3]:sc[1]] + blob_a + b[sc[3]:],
                "swap sections %d and %d" % (sa[0], sc[0]))
    # overlong: re-encode the first count of a section's content with too many bytes
    v, j = read_leb(b, cs)
    if v is None:
        return b[:cs], "truncate at %d" % cs
    over = bytearray(leb(v))
    over[-1] |= 0x80
    over += b"\x80" * rng.randint(1, 5) + b"\x00"
    body = b[:cs] + bytes(over) + b[j:end]
    new_size = len(body) - cs
    return (b[:hs + 1] + leb(new_size) + body[cs:] + b[end:],
            "section %d at %d: count %d as %d-byte LEB" % (sid, hs, v, len(over)))


def wabt_rejects(data, tmp):
    path = os.path.join(tmp, "m.wasm")
    with open(path, "wb") as f:
        f.write(data)
    r = subprocess.run(["wasm-validate", "--ignore-custom-section-errors", path], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    msg = (r.stderr or r.stdout).replace(path + ":", "").strip().splitlines()
    return msg[0].strip() if msg else "rejected"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", default="/work/shared/spec-testsuite/wasm-2.0")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "broken"))
    ap.add_argument("--count", type=int, default=320)
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--max-size", type=int, default=2048)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="skiff-corpus-")
    try:
        # 1. valid source modules from the spec scripts
        sources = []
        for wast in sorted(glob.glob(os.path.join(args.spec, "*.wast"))):
            name = os.path.splitext(os.path.basename(wast))[0]
            d = os.path.join(tmp, name)
            os.makedirs(d)
            r = subprocess.run(["wast2json", wast, "-o", os.path.join(d, name + ".json")], capture_output=True)
            if r.returncode != 0:
                continue
            with open(os.path.join(d, name + ".json")) as f:
                cmds = json.load(f)["commands"]
            mods = []
            for c in cmds:
                if c["type"] == "module" and c.get("filename", "").endswith(".wasm"):
                    with open(os.path.join(d, c["filename"]), "rb") as f:
                        data = f.read()
                    if 16 <= len(data) <= args.max_size and wabt_rejects(data, tmp) is None:
                        mods.append(("%s:%d" % (name, c["line"]), data))
            rng.shuffle(mods)
            sources.extend(mods[:3])  # a few per script, for variety
        if not sources:
            sys.exit("no source modules")
        # 2. mutants that wabt rejects
        if os.path.isdir(args.out):
            shutil.rmtree(args.out)
        os.makedirs(args.out)
        seen = set()
        manifest = []
        tries = 0
        while len(manifest) < args.count and tries < args.count * 50:
            tries += 1
            src, data = rng.choice(sources)
            mutant, desc = mutate(data, rng)
            h = hashlib.sha1(mutant).hexdigest()
            if h in seen or mutant == data:
                continue
            seen.add(h)
            msg = wabt_rejects(mutant, tmp)
            if msg is None:
                continue
            fname = "%03d-%s.wasm" % (len(manifest), src.split(":")[0])
            with open(os.path.join(args.out, fname), "wb") as f:
                f.write(mutant)
            manifest.append("%s\t%s\t%s\t%s" % (fname, src, desc, msg.replace("\t", " ")))
        with open(os.path.join(args.out, "MANIFEST.txt"), "w") as f:
            f.write("# file\tsource (script:line)\tmutation\twasm-validate message\n")
            f.write("\n".join(manifest) + "\n")
        print("%d broken modules from %d sources (%d tries)" % (len(manifest), len(sources), tries))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
