#!/usr/bin/env python3
"""Cut a kdump file out of the virtio disk the capture kernel wrote it to.

usage: extract.py DISK OUT

The capture kernel writes each dump from the start of its own disk (vmcores/real/kdump/init.sh),
so a disk holds one file followed by the zeros of the rest of the disk; its length comes from
its own format:
  - ELF (the plain copy of /proc/vmcore): the end of the furthest program header's data;
  - kdump-compressed ("KDUMP   ", makedumpfile -c/-l/-z): the end of the furthest page's data,
    from the page descriptors that follow the header, sub header and the two bitmaps (one
    descriptor per page set in the second bitmap).
Prints "FORMAT LENGTH". Exits non-zero when the disk holds neither.
"""
import struct
import sys

CHUNK = 1 << 20
# Offset of block_size in disk_dump_header as a 32-bit makedumpfile writes it: after the
# signature, version, utsname and a struct timeval of two 32-bit longs (416), or, built with a
# 64-bit time_t (Debian trixie's armhf), of two 64-bit fields aligned to 8 (428).
HEADER_AT = (416, 428)


def elf_length(f):
    f.seek(0)
    eh = f.read(64)
    if eh[4] == 1:  # ELFCLASS32
        phoff, = struct.unpack_from("<I", eh, 28)
        phentsize, phnum = struct.unpack_from("<HH", eh, 42)
        fmt, n = "<IIIIII", 24
    else:
        phoff, = struct.unpack_from("<Q", eh, 32)
        phentsize, phnum = struct.unpack_from("<HH", eh, 54)
        fmt, n = "<IIQQQQ", 40
    end = phoff + phentsize * phnum
    for i in range(phnum):
        f.seek(phoff + i * phentsize)
        ph = struct.unpack(fmt, f.read(n))
        off, filesz = (ph[1], ph[4]) if eh[4] == 1 else (ph[2], ph[5])
        end = max(end, off + filesz)
    return end


def kdump_length(f):
    f.seek(0)
    hdr = f.read(4096)
    for at in HEADER_AT:
        block_size, sub_hdr_size, bitmap_blocks = struct.unpack_from("<iiI", hdr, at)
        if block_size in (4096, 16384, 65536) and 0 < sub_hdr_size < 1024 and bitmap_blocks \
                and bitmap_blocks % 2 == 0:
            break
    else:
        raise SystemExit("extract.py: implausible kdump header")
    half = bitmap_blocks // 2 * block_size
    f.seek((1 + sub_hdr_size) * block_size + half)
    dumped = f.read(half)
    count = sum(bin(b).count("1") for b in dumped)
    desc = (1 + sub_hdr_size + bitmap_blocks) * block_size
    end = desc + 24 * count
    f.seek(desc)
    left = count
    while left:
        n = min(left, 8192)
        data = f.read(24 * n)
        for i in range(n):
            off, size = struct.unpack_from("<QI", data, 24 * i)
            end = max(end, off + size)
        left -= n
    return end


def main(argv):
    if len(argv) != 3:
        raise SystemExit(__doc__)
    with open(argv[1], "rb") as f:
        magic = f.read(8)
        if magic[:4] == b"\x7fELF":
            kind, length = "elf", elf_length(f)
        elif magic == b"KDUMP   ":
            kind, length = "kdump", kdump_length(f)
        else:
            raise SystemExit(f"extract.py: {argv[1]}: neither ELF nor kdump-compressed")
        f.seek(0)
        with open(argv[2], "wb") as out:
            left = length
            while left:
                data = f.read(min(left, CHUNK))
                if not data:
                    raise SystemExit(f"extract.py: {argv[1]}: shorter than its {length} bytes")
                out.write(data)
                left -= len(data)
    print(kind, length)


if __name__ == "__main__":
    main(sys.argv)
