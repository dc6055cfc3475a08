# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "http-detect": two GETs on one session. The first
# is answered with a chunked gzip body whose EICAR string is split over two chunks; the
# second with a plain body named by Content-Disposition, and the client sends a cookie.
import gzip

import pcapwriter as pw

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def chunked(data, cut):
    out = b""
    for piece in (data[:cut], data[cut:]):
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    req1 = pw.http_request("Files.Example.com", "/files/a/../report.pdf?x=1",
                           user_agent="khien-agent/2.0", extra=["Accept-Encoding: gzip"])
    plain = b"header " * 40 + EICAR + b" trailer" * 40
    body = gzip.compress(plain, mtime=0)
    resp1 = (b"HTTP/1.1 200 OK\r\nServer: khien-test\r\nContent-Type: application/pdf\r\n"
             b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" +
             chunked(body, len(body) // 2))
    req2 = pw.http_request("files.example.com", "/dl", user_agent="khien-agent/2.0",
                           extra=["Cookie: session=abc"])
    resp2 = pw.http_response(b"prefix EICAR-STANDARD-ANTIVIRUS-TEST-FILE suffix",
                             content_type="text/plain",
                             extra=['Content-Disposition: attachment; filename="eicar.txt"'])
    pkts = pw.tcp_session(link, "192.0.2.13", "198.51.100.80", 49203, 80,
                          [(req1, resp1), (req2, resp2)])
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    build("input.pcap")
