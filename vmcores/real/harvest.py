#!/usr/bin/env python3
"""Split a scenario's console.log into proc/* files and scenario.txt, and check the panic.

usage: harvest.py DIR

DIR holds console.log and .host-keys (key=value lines from the host: scenario, expected_panic,
dump facts...). DIR/scenario.txt gets the host keys first, then what the guest printed:
  - "mmtest-init: key=value" lines from /init and "mmtest: key=value" lines from the module
    (the first value of a key wins; later repeats are ignored), "mmtest-kdump: key=value" from
    the kdump variants' /init (vmcores/real/kdump/init.sh) as kdump_key=value,
  - facts parsed from the kernel log: panic (text after "Kernel panic - not syncing: "),
    oops_addr, vmap_failed_size, vmalloc_error_size.
Files between "@@mmview-begin proc/NAME" and "@@mmview-end proc/NAME" go to DIR/proc/NAME, and
other captures (slab/kmalloc-512/alloc_calls) to DIR/NAME.
Exits non-zero (with the reason) when the panic is not the expected one, /init reported a
failure, or a /proc file is missing.
"""
import os
import re
import sys

PROC_FILES = ["meminfo", "vmallocinfo", "buddyinfo", "pagetypeinfo", "slabinfo", "zoneinfo",
              "iomem", "modules"]
SAFE_NAME = re.compile(r"^[a-z][a-z0-9_.-]*(/[a-z0-9_.-]+)+$")
TS = r"(?:\[\s*\d+\.\d+\]\s*)?"
KV_INIT = re.compile(r"^mmtest-init: ([a-z0-9_]+)=(.*)$")
KV_MOD = re.compile(r"^" + TS + r"mmtest: ([a-z0-9_]+)=(.*)$")
KV_KDUMP = re.compile(r"^mmtest-kdump: ([a-z0-9_-]+)=(.*)$")  # kdump/init.sh: key kdump_KEY
FACTS = [
    ("panic", re.compile(r"^" + TS + r"Kernel panic - not syncing: (.*?)\s*$")),
    ("oops_addr", re.compile(TS + r"Unable to handle kernel .* at virtual address ([0-9a-fx]+)")),
    ("vmap_failed_size", re.compile(TS + r"vmap allocation for size (\d+) failed")),
    ("vmalloc_error_size", re.compile(TS + r"vmalloc error: size (\d+)")),
]


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    d = argv[1]
    kv = {}
    with open(os.path.join(d, ".host-keys")) as f:
        for line in f:
            k, sep, v = line.rstrip("\n").partition("=")
            if sep:
                kv[k] = v
    with open(os.path.join(d, "console.log"), "rb") as f:
        lines = f.read().decode("utf-8", "replace").replace("\r", "").split("\n")

    errors = []
    procs = {}
    cur = None
    for line in lines:
        if line.startswith("@@mmview-begin "):
            cur = line.split(None, 1)[1].strip()
            procs[cur] = []
            continue
        if line.startswith("@@mmview-end "):
            cur = None
            continue
        if cur is not None:
            procs[cur].append(line)
            continue
        if line.startswith("mmtest-init: FAILED"):
            errors.append("guest: " + line)
        m = KV_INIT.match(line) or KV_MOD.match(line)
        if m and m.group(1) not in kv:
            kv[m.group(1)] = m.group(2).strip()
        m = KV_KDUMP.match(line)
        if m:
            kv.setdefault("kdump_" + m.group(1).replace("-", "_"), m.group(2).strip())
        for key, rx in FACTS:
            m = rx.search(line)
            if m and key not in kv:
                v = m.group(1)
                kv[key] = "0x" + v if key.endswith("_addr") and not v.startswith("0x") else v

    os.makedirs(os.path.join(d, "proc"), exist_ok=True)
    for name in PROC_FILES:
        body = procs.get("proc/" + name)
        if body is None:
            errors.append(f"no proc/{name} in console.log")
            continue
        with open(os.path.join(d, "proc", name), "w") as f:
            f.write("".join(line + "\n" for line in body))

    want = kv.get("expected_panic", "")
    got = kv.get("panic")
    if got is None:
        errors.append("no 'Kernel panic - not syncing' line in console.log")
    elif want and not got.startswith(want):
        errors.append(f"panic was '{got}', expected '{want}'")

    # Other captures (slab/CACHE/alloc_calls ...) go to DIR/NAME as they are.
    for name, body in procs.items():
        if name.startswith("proc/") or not SAFE_NAME.match(name) or ".." in name:
            continue
        os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
        with open(os.path.join(d, name), "w") as f:
            f.write("".join(line + "\n" for line in body))

    with open(os.path.join(d, "scenario.txt"), "w") as f:
        for k, v in kv.items():
            f.write(f"{k}={v}\n")
    if errors:
        for e in errors:
            print(f"harvest: {d}: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv)
