# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "http-files-netflow": a multipart/form-data upload
# (a form field and a 300-byte file), a GET answered 206 with a Content-Range, and a file
# fetched in two ranges, over one TCP session whose client and server send with TTL 64 and 57.
import pcapwriter as pw

FILE = bytes(range(256)) + b"khien upload test " * 2 + b"12345678"  # 300 bytes
RANGE_BODY = b"r" * 501


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    body = (b"--kh1en\r\n"
            b"Content-Disposition: form-data; name=\"user\"\r\n\r\n"
            b"alice\r\n"
            b"--kh1en\r\n"
            b"Content-Disposition: form-data; name=\"doc\"; filename=\"report.bin\"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n" + FILE + b"\r\n"
            b"--kh1en--\r\n")
    upload = pw.http_request("files.example", "/upload", method="POST",
                             extra=["Content-Type: multipart/form-data; boundary=kh1en"],
                             body=body)
    ok = pw.http_response(b"stored\n", content_type="text/plain")
    get = pw.http_request("files.example", "/big.iso", extra=["Range: bytes=500-1000"])
    partial = pw.http_response(RANGE_BODY, status=206, reason="Partial Content",
                               content_type="application/octet-stream",
                               extra=["Content-Range: bytes 500-1000/146515"])
    # A 200-byte file fetched in two pieces, the second first: whole once both are seen.
    pieces = []
    for first, last in ((100, 199), (0, 99)):
        req = pw.http_request("files.example", "/two.bin",
                              extra=["Range: bytes=%d-%d" % (first, last)])
        resp = pw.http_response(b"p" * (last - first + 1), status=206,
                                reason="Partial Content",
                                content_type="application/octet-stream",
                                extra=["Content-Range: bytes %d-%d/200" % (first, last)])
        pieces.append((req, resp))
    pkts = pw.tcp_session(link, "192.0.2.10", "198.51.100.80", 49300, 80,
                          [(upload, ok), (get, partial)] + pieces)
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    build("input.pcap")
    print(len(FILE))
