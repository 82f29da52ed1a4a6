#!/usr/bin/env python3
"""Dump a panicked qemu-system-arm guest through QMP (stdlib only).

usage: qmp.py SOCKET VMCORE [--raw RAMFILE --ram-base ADDR --ram-size BYTES] [--quit]

Stops the guest so that no CPU sits in the exception vector page (0xffff0xxx: crash cannot
unwind from there), writes an ELF vmcore with dump-guest-memory (paging=false), optionally a raw
RAM image with pmemsave, and prints key=value lines (dump_pcs, dump_stop_tries) for scenario.txt.
"""
import json
import re
import socket
import sys
import time

TIMEOUT = 180  # seconds for any one QMP command (a 1 GiB dump takes a few)
STOP_TRIES = 8


class QMP:
    def __init__(self, path):
        deadline = time.time() + 10
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.settimeout(TIMEOUT)
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit(f"qmp.py: cannot connect to {path}")
                time.sleep(0.2)
        self.buf = b""
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise SystemExit("qmp.py: qemu closed the QMP socket")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise SystemExit(f"qmp.py: {name} failed: {reply['error'].get('desc')}")
            # else an asynchronous event (STOP, RESUME, DUMP_COMPLETED...): skip it

    def hmp(self, line):
        return self.cmd("human-monitor-command", **{"command-line": line})


def cpu_pcs(q):
    regs = q.hmp("info registers -a")
    return [int(pc, 16) for pc in re.findall(r"R15=([0-9a-fA-F]{8})", regs)]


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    sock, vmcore = argv[1], argv[2]
    opts = {}
    rest = argv[3:]
    while rest:
        a = rest.pop(0)
        if a == "--quit":
            opts["quit"] = True
        elif a in ("--raw", "--ram-base", "--ram-size") and rest:
            opts[a[2:]] = rest.pop(0)
        else:
            raise SystemExit(f"qmp.py: bad argument {a}")

    q = QMP(sock)
    for tries in range(1, STOP_TRIES + 1):
        q.cmd("stop")
        pcs = cpu_pcs(q)
        if not pcs:
            raise SystemExit("qmp.py: no R15 in 'info registers -a'")
        if not any((pc & 0xFFFFF000) == 0xFFFF0000 for pc in pcs):
            break
        q.cmd("cont")
        time.sleep(0.3)
    else:
        print(f"qmp.py: warning: a CPU is still in the vector page after {STOP_TRIES} tries",
              file=sys.stderr)
    print("dump_stop_tries=%d" % tries)
    print("dump_pcs=" + ",".join("0x%08x" % pc for pc in pcs))
    q.cmd("dump-guest-memory", paging=False, protocol="file:" + vmcore)
    if "raw" in opts:
        q.cmd("pmemsave", val=int(opts["ram-base"], 0), size=int(opts["ram-size"], 0),
              filename=opts["raw"])
    if opts.get("quit"):
        try:
            q.cmd("quit")
        except SystemExit:
            pass  # qemu may close the socket before replying


if __name__ == "__main__":
    main(sys.argv)
