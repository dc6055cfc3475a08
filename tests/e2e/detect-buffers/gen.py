# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "detect-buffers": one HTTP transaction with a redirect,
# a TLS 1.2 handshake with a certificate, and DNS queries, so that the header, certificate,
# fingerprint, size and transform keywords each have something to match (or to miss).
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0e", "00:00:5e:00:53:01")
    t = pw.T0
    req = pw.http_request("WWW.Example.com:8080", "/login.php?u=YWRtaW46c2VjcmV0",
                          user_agent="khien-agent/3.0",
                          extra=["Referer: http://ref.example/", "Connection: keep-alive",
                                 "Accept-Language: en-GB", "X-Custom:  two  spaces"])
    resp = pw.http_response(b"moved", status=302, reason="Found", content_type="text/plain",
                            extra=["Location: https://www.example.com/home"])
    http = pw.tcp_session(link, "192.0.2.21", "198.51.100.21", 49300, 80, [(req, resp)],
                          start_ns=t)
    t += pw.NS_PER_S
    rnd = bytes(range(32))
    exchanges = [
        (pw.tls_client_hello("www.example.com", rnd),
         pw.tls12_server_flight(bytes(range(32, 64)), pw.TEST_CERT_DER)),
        (pw.tls12_finish(rnd, client=True), pw.tls12_finish(bytes(range(32, 64)), client=False)),
    ]
    tls = pw.tcp_session(link, "192.0.2.22", "198.51.100.22", 49301, 443, exchanges, start_ns=t)
    t += pw.NS_PER_S
    dns = []
    for i, name in enumerate(["evil.example", "a.b.evil.example", "notevil.example"]):
        dns.append(pw.dns_exchange(link, "192.0.2.23", "198.51.100.23", 40100 + i, 0x3000 + i,
                                   name, ["192.0.2.99"], start_ns=t))
        t += pw.NS_PER_S
    pw.write_pcap(path, pw.merge(http, tls, *dns))


if __name__ == "__main__":
    build("input.pcap")
