#!/usr/bin/env python3
"""profile_report.py: attributes perf samples of bench/iop_profile to the interpreter's internal ops.

usage: profile_report.py MAPFILE PERF_SCRIPT_OUTPUT BINARY [TOP]
MAPFILE: "ADDRESS NAME" per handler (runtime addresses, written by iop_profile); PERF_SCRIPT_OUTPUT: the
output of `perf script -F ip,sym,symoff`. Samples inside the dispatch function (PROFILE_FN, default
`run_guarded`, the guard-page instance Skiff uses by default; `run` is the explicit-bounds-check one) go to the handler whose
label is the closest one at or below the sample (gcc lays handlers out mostly contiguously, so this is an
approximation); others go to their symbol. 'dispatch' counts samples on the indirect jumps (`jmp *`) that
end every handler plus the first instruction of a handler (where a mispredicted jump's cost lands); 'bounds
checks' counts samples on the compare-and-branch of the memory handlers' bounds checks. Timer sampling
(cpu-clock) has skid: a stall is often charged to the instruction after it."""
import bisect
import os
import collections
import re
import subprocess
import sys


def disassemble(binary):
    """Instructions of the dispatch function: list of (static address, mnemonic, operands) and its static
    address."""
    fn = os.environ.get("PROFILE_FN", "run_guarded")
    nm = subprocess.run(["nm", binary], capture_output=True, text=True).stdout
    run_static = None
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == fn and parts[1] in "tT":
            run_static = int(parts[0], 16)
    insns = []
    if run_static is None:
        return insns, None
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "--disassemble=" + fn, binary],
                         capture_output=True, text=True).stdout
    for line in dis.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)", line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2), m.group(3)))
    return insns, run_static


def owners(insns, labels):
    """Maps each instruction address to the handler(s) that reach it before the next dispatch: a walk of the
    control flow from each handler label, stopping at indirect jumps, returns and other labels."""
    idx = {a: i for i, (a, _, _) in enumerate(insns)}
    own = collections.defaultdict(set)
    for lab, name in labels.items():
        if lab not in idx:
            continue
        todo, seen = [idx[lab]], set()
        while todo:
            i = todo.pop()
            if i in seen or i >= len(insns):
                continue
            a, mn, ops = insns[i]
            if a != lab and a in labels:
                continue
            seen.add(i)
            own[a].add(name)
            if mn.startswith("ret") or (mn.startswith("jmp") and "*" in ops):
                continue
            m = re.match(r"([0-9a-f]+)\b", ops)
            if mn.startswith("j") and m and int(m.group(1), 16) in idx:
                todo.append(idx[int(m.group(1), 16)])
            if not mn.startswith("jmp"):
                todo.append(i + 1)
    return own


def main():
    mapfile, scriptfile, binary = sys.argv[1:4]
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    handlers = []
    for line in open(mapfile):
        a, n = line.split()
        if a.startswith("0x"):  # ops without a handler in this build print (nil)
            handlers.append((int(a, 16), n))
    insns, run_static = disassemble(binary)
    ijmp = {a for a, mn, ops in insns if mn.startswith("jmp") and "*" in ops}

    total = 0
    by = collections.Counter()
    run_samples = []
    run_base = None
    for line in open(scriptfile):
        m = re.match(r"\s*([0-9a-f]+)\s+(\S+?)\+0x([0-9a-f]+)", line)
        if not m:
            m2 = re.match(r"\s*([0-9a-f]+)\s+(\S+)", line)
            if m2:
                total += 1
                by["[" + m2.group(2) + "]"] += 1
            continue
        ip, sym, off = int(m.group(1), 16), m.group(2), int(m.group(3), 16)
        total += 1
        if sym == os.environ.get("PROFILE_FN", "run_guarded"):
            run_base = ip - off
            run_samples.append(off)
        else:
            by["[" + sym + "]"] += 1
    if not total:
        print("no samples")
        return
    dispatch = 0
    bounds = 0
    if run_samples and run_static is not None:
        labels = {}
        for a, n in handlers:  # runtime label -> static address
            labels.setdefault(a - run_base + run_static, n)
        own = owners(insns, labels)
        # Bounds checks: in memory-access handlers, the compare of the end address with the memory size and
        # the conditional jump after it (timer samples land on the instruction after the stalled one too).
        memop = re.compile(r"^(LD|ST|LDX|STX|LDI|STI)_")
        chk = set()
        for k, (a, mn, ops) in enumerate(insns):
            names = own.get(a, ())
            if mn.startswith("cmp") and names and all(memop.match(n) for n in names):
                nxt = insns[k + 1] if k + 1 < len(insns) else None
                if nxt and nxt[1] in ("jb", "ja", "jae", "jbe"):
                    chk.add(a)
                    chk.add(nxt[0])
        for off in run_samples:
            a = run_static + off
            names = own.get(a)
            if a in ijmp or a in labels:
                dispatch += 1
            if a in chk:
                bounds += 1
            if not names:
                by["run:unattributed"] += 1
            elif len(names) == 1:
                by[next(iter(names))] += 1
            else:
                by["shared:" + "/".join(sorted(names)[:3]) + ("/..." if len(names) > 3 else "")] += 1
    print(f"samples {total}; in the interpreter loop {100.0 * len(run_samples) / total:.1f}%; "
          f"dispatch (indirect jump + handler entry) ~{100.0 * dispatch / total:.1f}%; "
          f"memory bounds checks (compare + branch) ~{100.0 * bounds / total:.1f}%")
    for name, n in by.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {name}")


main()
