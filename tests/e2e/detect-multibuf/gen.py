# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "detect-multibuf": one TCP session with three HTTP
# transactions: a GET with a 64-character key header (request headers as a multi-buffer)
# answered by a response whose Server header keeps odd spacing (http.header.raw), a POST
# without a body (absent) and a POST with one.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0e", "00:00:5e:00:53:01")
    key = "0123456789abcdef" * 4
    get = pw.http_request("mb.example", "/ws", user_agent="Go-http-client/1.1",
                          extra=["Connection: Upgrade", "Sec-WebSocket-Key: " + key])
    resp = (b"HTTP/1.1 200 OK\r\nServer:       Yx(1)\r\nDate: today\r\n"
            b"Content-Length: 0\r\n\r\n")
    post_empty = pw.http_request("mb.example", "/empty", method="POST")
    post_body = pw.http_request("mb.example", "/withbody", method="POST", body=b"abc=1")
    ok = pw.http_response(b"ok")
    pw.write_pcap(path, pw.tcp_session(link, "192.0.2.31", "198.51.100.31", 49400, 80,
                                       [(get, resp), (post_empty, ok), (post_body, ok)]))


if __name__ == "__main__":
    build("input.pcap")
