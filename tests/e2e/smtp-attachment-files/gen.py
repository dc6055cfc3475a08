# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "smtp-attachment-files": one mail with a text part,
# a quoted-printable attachment whose last line is a soft break before the boundary, and
# a base64 attachment.
import base64

import pcapwriter as pw

PATCH = b"--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-int a = 1;\n+int a = 2;\n void f(void)\n"
BLOB = bytes(range(200))


def qp(data):
    """Quoted-printable as mail clients write patches: every LF as =0A and a soft break."""
    out = b""
    for line in data.split(b"\n")[:-1]:
        out += line.replace(b"=", b"=3D") + b"=0A=\r\n"
    return out


def message():
    b64 = base64.encodebytes(BLOB).replace(b"\n", b"\r\n")
    return (b"Subject: patch\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"==b2\"\r\n\r\n"
            b"--==b2\r\nContent-Type: text/plain\r\n\r\nhere it is\r\n"
            b"--==b2\r\nContent-Type: text/x-patch; name=\"fix.patch\"\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n"
            b"Content-Disposition: attachment; filename=\"fix.patch\"\r\n\r\n"
            + qp(PATCH) + b"\r\n"
            b"--==b2\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=\"blob.bin\"\r\n\r\n"
            + b64 + b"--==b2--\r\n.\r\n")


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0f", "00:00:5e:00:53:01")
    pkts = pw.tcp_session(link, "192.0.2.43", "198.51.100.43", 49510, 25, [
        (b"EHLO client.example\r\n", b"250-mx.example\r\n250 8BITMIME\r\n"),
        (b"MAIL FROM:<x@client.example>\r\n", b"250 OK\r\n"),
        (b"RCPT TO:<y@mx.example>\r\n", b"250 OK\r\n"),
        (b"DATA\r\n", b"354 go ahead\r\n"),
        (message(), b"250 queued\r\n"),
        (b"QUIT\r\n", b"221 bye\r\n")])
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    import hashlib
    for name, data in (("fix.patch", PATCH), ("blob.bin", BLOB)):
        print(name, len(data), hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest())
