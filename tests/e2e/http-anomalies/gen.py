# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "http-anomalies": a chunked POST with a chunk
# extension, answered with a repeated header; then an HTTP/1.1 request without Host.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0c", "00:00:5e:00:53:01")
    post = (b"POST /upload HTTP/1.1\r\nHost: up.example\r\nUser-Agent: khien-test/1.0\r\n"
            b"Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"4;name=value\r\ndata\r\n0\r\n\r\n")
    answer = (b"HTTP/1.1 200 OK\r\nServer: khien-test\r\nSet-Cookie: a=1\r\n"
              b"Set-Cookie: b=2\r\nContent-Length: 2\r\n\r\nok")
    nohost = b"GET /nohost HTTP/1.1\r\nUser-Agent: khien-test/1.0\r\n\r\n"
    answer2 = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
    pkts = pw.tcp_session(link, "192.0.2.12", "198.51.100.80", 49202, 80,
                          [(post, answer), (nohost, answer2)])
    pw.write_pcap(path, pkts)
