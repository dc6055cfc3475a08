# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "http-pipelining": two requests sent back to back in
# one segment, then both answers in one segment: a Content-Length body and a chunked one
# with a chunk extension and a trailer; then a HEAD whose answer has a length but no body.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0b", "00:00:5e:00:53:01")
    requests = (pw.http_request("pipe.example", "/first") +
                pw.http_request("pipe.example", "/second"))
    responses = (pw.http_response(b"first body\n") +
                 b"HTTP/1.1 404 Not Found\r\nServer: khien-test\r\n"
                 b"Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"5\r\nnot f\r\n5;note=x\r\nound\n\r\n0\r\nX-Checksum: 1\r\n\r\n")
    head = pw.http_request("pipe.example", "/third", method="HEAD")
    head_answer = (b"HTTP/1.1 200 OK\r\nServer: khien-test\r\nContent-Type: text/html\r\n"
                   b"Content-Length: 1234\r\n\r\n")
    pkts = pw.tcp_session(link, "192.0.2.11", "198.51.100.80", 49201, 80,
                          [(requests, responses), (head, head_answer)])
    pw.write_pcap(path, pkts)
