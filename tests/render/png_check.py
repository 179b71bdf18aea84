"""Check that a PNG is of the expected size and not blank.

    png_check.py FILE WIDTH HEIGHT

Decodes the PNG with the standard library only (zlib), so it runs on any
machine with Python 3: 8-bit RGB or RGBA, not interlaced, as rsvg-convert
writes.  "Not blank" means more than 2% of the pixels differ from the
top-left pixel and the picture has at least 8 distinct colours.
"""
import struct
import sys
import zlib


def fail(msg):
    print(f"png_check: {sys.argv[1]}: {msg}")
    sys.exit(1)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        fail("no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        fail(f"unsupported PNG (depth {depth}, colour type {colour})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                row[i] = (row[i] + a) & 255
            elif kind == 2:
                row[i] = (row[i] + b) & 255
            elif kind == 3:
                row[i] = (row[i] + (a + b) // 2) & 255
            elif kind == 4:
                row[i] = (row[i] + paeth(a, b, c)) & 255
            elif kind != 0:
                fail(f"bad filter {kind} in row {y}")
        rows.append(bytes(row))
        prev = row
    return width, height, bpp, rows


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    with open(sys.argv[1], "rb") as f:
        width, height, bpp, rows = decode(f.read())
    want_w, want_h = int(sys.argv[2]), int(sys.argv[3])
    if (width, height) != (want_w, want_h):
        fail(f"size {width}x{height}, expected {want_w}x{want_h}")
    background = rows[0][:bpp]
    differ, colours = 0, set()
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + bpp]
            if px != background:
                differ += 1
            if len(colours) < 64:
                colours.add(px)
    share = differ / (width * height)
    if share < 0.02 or len(colours) < 8:
        fail(f"looks blank: {share:.1%} of pixels drawn, "
             f"{len(colours)} colours")
    print(f"ok {sys.argv[1]}: {width}x{height}, {share:.1%} drawn, "
          f"{len(colours)}{'+' if len(colours) >= 64 else ''} colours")


main()
