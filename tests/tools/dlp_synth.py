# SPDX-License-Identifier: GPL-2.0-only
"""Synthetic personal data for the DLP tests: never real people's data.

Numbers follow the documented formats (data/dlp/*.txt, /work/shared/design/VN-DATA.md) so
that the detectors accept them, but are drawn from a seeded generator: names come from a
short fixed list, e-mail domains are reserved example domains (RFC 2606), card numbers use
test issuer prefixes. Every generator records what it made in ``made`` so a test can check
that no output holds any of them (the ``identifiers.txt`` a case writes).
"""
import random
import zlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "dlp")


def _table(name):
    out = []
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                out.append(int(line.split()[0]))
    return out


PROVINCES = _table("provinces.txt")
PREFIXES = _table("mobile_prefixes.txt")
FAMILY = ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do"]
GIVEN = ["An", "Binh", "Chi", "Dung", "Giang", "Hoa", "Khanh", "Lan", "Minh", "Nam", "Phuong",
         "Quang", "Thu", "Tuan", "Van", "Yen"]


def luhn_complete(prefix_digits, length):
    """prefix + random digits + the Luhn check digit, length digits in all."""
    rng = random.Random(prefix_digits)
    body = prefix_digits
    while len(body) < length - 1:
        body += str(rng.randrange(10))
    total = 0
    for i, ch in enumerate(reversed(body)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return body + str((10 - total % 10) % 10)


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        v = int(ch)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


class Synth:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.made = []   # every identifier generated, as written

    def name(self):
        r = self.rng
        return "%s %s %s" % (r.choice(FAMILY), r.choice(GIVEN), r.choice(GIVEN))

    def cccd(self):
        r = self.rng
        year = r.randrange(1950, 2011)
        century = (0 if year < 2000 else 2) + r.randrange(2)   # gender
        v = "%03d%d%02d%06d" % (r.choice(PROVINCES), century, year % 100, r.randrange(10 ** 6))
        self.made.append(v)
        return v

    def phone(self):
        r = self.rng
        v = "0%02d%07d" % (r.choice(PREFIXES), r.randrange(10 ** 7))
        self.made.append(v)
        self.made.append("84" + v[1:])
        return v

    def email(self, i):
        v = "nguoidung%d.%d@example.vn" % (i, self.rng.randrange(1000))
        self.made.append(v)
        return v

    def card(self):
        prefix = "4%05d" % self.rng.randrange(10 ** 5)
        v = luhn_complete(prefix + "%04d" % self.rng.randrange(10 ** 4), 16)
        self.made.append(v)
        return v

    def write_made(self, path):
        with open(path, "w") as f:
            for v in sorted(set(self.made)):
                f.write(v + "\n")


def zip_file(members):
    """A zip archive (deflated members, sizes in a data descriptor, as Word writes them)."""
    out = b""
    central = b""
    for name, data in members:
        nb = name.encode()
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        comp = co.compress(data) + co.flush()
        crc = zlib.crc32(data) & 0xFFFFFFFF
        offset = len(out)
        out += (b"PK\x03\x04" + (20).to_bytes(2, "little") + (8).to_bytes(2, "little") +
                (8).to_bytes(2, "little") + b"\x00" * 4 + b"\x00" * 12 +
                len(nb).to_bytes(2, "little") + b"\x00\x00" + nb + comp)
        out += (b"PK\x07\x08" + crc.to_bytes(4, "little") + len(comp).to_bytes(4, "little") +
                len(data).to_bytes(4, "little"))
        central += (b"PK\x01\x02" + (20).to_bytes(2, "little") + (20).to_bytes(2, "little") +
                    (8).to_bytes(2, "little") + (8).to_bytes(2, "little") + b"\x00" * 4 +
                    crc.to_bytes(4, "little") + len(comp).to_bytes(4, "little") +
                    len(data).to_bytes(4, "little") + len(nb).to_bytes(2, "little") +
                    b"\x00" * 8 + b"\x00" * 4 + offset.to_bytes(4, "little") + nb)
    end = (b"PK\x05\x06" + b"\x00" * 4 + len(members).to_bytes(2, "little") * 2 +
           len(central).to_bytes(4, "little") + len(out).to_bytes(4, "little") + b"\x00\x00")
    return out + central + end


def docx(paragraphs):
    """A minimal DOCX: one w:p per paragraph, one text run each."""
    body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % p
                   for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body>%s</w:body></w:document>' % body)
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
             '.org/package/2006/content-types"><Override PartName="/word/document.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>')
    return zip_file([("[Content_Types].xml", types.encode()),
                     ("word/document.xml", doc.encode("utf-8"))])


def pdf(lines):
    """A one-page PDF whose content stream (FlateDecode) shows each line as a text run."""
    ops = "BT /F1 14 Tf 72 760 Td 16 TL\n" + "".join("(%s) '\n" % ln for ln in lines) + "ET\n"
    stream = zlib.compress(ops.encode("latin-1"))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream +
        b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out
