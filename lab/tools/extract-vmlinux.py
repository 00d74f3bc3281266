#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""extract-vmlinux.py BZIMAGE OUT: write the uncompressed ELF vmlinux held in a
bzImage.  Tries every compressed stream the image may hold (xz, zstd, gzip)
and keeps the first that decompresses to an ELF file."""
import gzip
import lzma
import subprocess
import sys

MAGICS = [(b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"\x1f\x8b\x08", "gzip")]


def decompress(kind, blob):
    if kind == "xz":
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(blob)
    if kind == "gzip":
        return gzip.GzipFile(fileobj=__import__("io").BytesIO(blob)).read()
    return subprocess.run(["zstd", "-dc"], input=blob, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, check=False).stdout


def main():
    image = open(sys.argv[1], "rb").read()
    for magic, kind in MAGICS:
        at = image.find(magic)
        while at >= 0:
            try:
                out = decompress(kind, image[at:])
            except (lzma.LZMAError, OSError, EOFError):
                out = b""
            if out[:4] == b"\x7fELF":
                open(sys.argv[2], "wb").write(out)
                return 0
            at = image.find(magic, at + 1)
    sys.stderr.write("extract-vmlinux: no ELF payload in %s\n" % sys.argv[1])
    return 1


if __name__ == "__main__":
    sys.exit(main())
