"""The arbiter: when mmview and an oracle (a crash built-in, a /proc file captured before the
panic) disagree, a disagreement is not a verdict. The checks here go back to the dump's own
structures, object by object or area by area, and say who matches them:

  - a pass with a NOTE line "crash differs: WHAT; mmview right because EVIDENCE" (or "moved
    since the capture: ..." for /proc files, which the guest wrote a moment before the panic),
  - or a FAIL with the evidence when mmview is the one that does not match the structures.

It never widens a tolerance. Used by the check_* scripts (python: `import arbiter`)."""
import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.environ.get("MMVIEW_CACHE", os.path.expanduser("~/.cache/mmview"))
DUMPS = os.path.join(CACHE, "dumps")


_configs = {}


def kernel_config(dump_dir):
    """The dump's kernel configuration, {"CONFIG_X": "value"}, from the config beside its
    vmlinux (Debian's config-KREL, or the one a source build wrote): the oracle for layout and
    allocator facts, independent of mmview. A dump without one is an error, not a default."""
    cfg = os.path.join(os.path.dirname(os.path.realpath(os.path.join(dump_dir, "vmlinux"))), "config")
    if cfg not in _configs:
        with open(cfg) as f:
            _configs[cfg] = dict(l.rstrip("\n").split("=", 1) for l in f if l.startswith("CONFIG_") and "=" in l)
    return _configs[cfg]


def note(msg):
    """A disagreement decided in mmview's favour (or state that moved), printed for the record."""
    print("NOTE " + msg)


def dump_id(dump_dir):
    return os.path.relpath(os.path.realpath(dump_dir), os.path.realpath(DUMPS))


def crash_run(dump_dir, cmds):
    """Runs CMDS in one crash session on the dump (cached by run-crash): {command: output}."""
    with tempfile.NamedTemporaryFile("w", suffix=".cmd", delete=False) as f:
        f.write("\n".join(cmds) + "\n")
        name = f.name
    try:
        r = subprocess.run([os.path.join(HERE, "run-crash"), dump_id(dump_dir), name],
                           capture_output=True, text=True)
    finally:
        os.unlink(name)
    if r.returncode:
        raise RuntimeError("run-crash failed: " + r.stderr.strip()[-300:])
    out = r.stdout.strip().splitlines()[-1]
    index = {}
    for line in open(os.path.join(out, "index")):
        n, _, cmd = line.rstrip("\n").partition("\t")
        index.setdefault(cmd, n)
    return {c: open(os.path.join(out, index[c] + ".out"), errors="replace").read() for c in cmds}


# ---- SLUB: crash's per-object listing (kmem -S CACHE) --------------------------------------

SLAB_ROW = re.compile(r"^\s+([0-9a-f]{8})\s+([0-9a-f]{8})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")
OBJ_ROW = re.compile(r"^\s+(\[)?([0-9a-f]{8})\]?")


def parse_kmem_S(text):
    """crash's `kmem -S CACHE` for SLUB: every slab it lists, where (cpu N / cpu N partial /
    node N partial / node N full), its free and allocated objects; and the CPUs whose current
    slab is empty."""
    slabs, cpu_empty, where, cur = [], set(), None, None
    for line in text.splitlines():
        m = re.match(r"^CPU (\d+) SLAB:", line)
        if m:
            where = "cpu %s" % m.group(1)
            if "(empty)" in line:
                cpu_empty.add(int(m.group(1)))
            continue
        m = re.match(r"^CPU (\d+) PARTIAL:", line) or re.match(r"^NODE (\d+) (PARTIAL|FULL):", line)
        if m:
            where = ("cpu %s partial" % m.group(1)) if line.startswith("CPU") else \
                    ("node %s %s" % (m.group(1), m.group(2).lower()))
            continue
        if line.strip() == "(empty)" and where and where.startswith("cpu ") and " " not in where[4:]:
            cpu_empty.add(int(where.split()[1]))
            continue
        if line.startswith(("CPU", "KMEM_CACHE_NODE", "CACHE")):
            where = None
            continue
        m = SLAB_ROW.match(line)
        if m and where:
            cur = dict(where=where, slab=int(m.group(1), 16), base=int(m.group(2), 16),
                       total=int(m.group(4)), alloc=int(m.group(5)), free=int(m.group(6)), objs=[])
            slabs.append(cur)
            continue
        m = OBJ_ROW.match(line)
        if m and cur is not None and "FREE / [ALLOCATED]" not in line:
            cur["objs"].append((int(m.group(2), 16), bool(m.group(1))))
    return slabs, cpu_empty


def slub_counts(dump_dir, cache, crash_row, key, ours_value):
    """mmview's count KEY (inuse, objects or slabs) of CACHE differs from crash's kmem -s row:
    walk both sides slab by slab (crash's own kmem -S listing, mmview's -c CACHE -f walk) and
    decide. Returns (True, note) when mmview matches the structures, (False, evidence) if not."""
    try:
        out = crash_run(dump_dir, ["kmem -S " + cache, "mmview -j slab -c %s -f" % cache])
    except RuntimeError as e:
        return False, str(e)
    import json
    slabs, cpu_empty = parse_kmem_S(out["kmem -S " + cache])
    try:
        mm = json.loads(next(l for l in out["mmview -j slab -c %s -f" % cache].splitlines()
                             if l.startswith("{")))
    except (StopIteration, ValueError):
        return False, "mmview -j slab -c %s -f gave no JSON" % cache
    mine = {int(s["slab"], 16): s for s in mm["slabs"]}
    theirs = {s["slab"]: s for s in slabs}
    # Per slab, free objects: crash's listing counts the CPU freelist's objects as free too.
    differ = []
    for addr, s in theirs.items():
        m = mine.get(addr)
        if m is None:
            differ.append("slab %x (%s) listed by crash only" % (addr, s["where"]))
        elif m["free"] + m["free_cpu"] != s["free"] or m["objects"] != s["total"]:
            differ.append("slab %x (%s): free %d/%d by crash, %d/%d by mmview"
                          % (addr, s["where"], s["free"], s["total"], m["free"] + m["free_cpu"], m["objects"]))
    listed_free = sum(s["free"] for s in slabs)
    mm_free = mm["totals"]["objects"] - mm["totals"]["inuse"]
    crash_free = crash_row["total"] - crash_row["alloc"]
    if differ:
        return False, ("%s %s: mmview %s, kmem -s %s; crash's own per-object walk (kmem -S) differs "
                       "from mmview's slab by slab: %s" % (cache, key, ours_value, crash_row, "; ".join(differ[:5])))
    if key == "inuse" and listed_free == mm_free != crash_free:
        # Which free objects did crash's summary leave out? Its kmem -s counts a CPU's
        # cpu-partial slabs only after that CPU's current slab (get_kmem_cache_slub_data
        # `continue`s on a CPU with no cpu slab before count_cpu_partial).
        orphan = [s for s in slabs if s["where"].endswith("partial") and s["where"].startswith("cpu ")
                  and int(s["where"].split()[1]) in cpu_empty]
        orphan_free = sum(s["free"] for s in orphan)
        if orphan_free == mm_free - crash_free:
            why = ("the %d missing free objects sit on the cpu-partial list of CPU %s, which has no "
                   "current slab: crash's kmem -s (memory.c get_kmem_cache_slub_data) skips such a "
                   "CPU before count_cpu_partial" % (orphan_free, ",".join(sorted({s["where"].split()[1]
                                                                                   for s in orphan}))))
        else:
            why = "cause inside crash not identified (%d free objects unaccounted)" % (mm_free - crash_free)
        return True, ("crash differs: %s inuse %d by kmem -s, %d by mmview; mmview right because "
                      "crash's own per-object walk (kmem -S) lists %d free objects, slab by slab as "
                      "mmview does; %s" % (cache, crash_row["alloc"], ours_value, listed_free, why))
    return False, ("%s %s: mmview %s, kmem -s %s; kmem -S lists %d free, mmview %d"
                   % (cache, key, ours_value, crash_row, listed_free, mm_free))
