# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "intel-match": one flow per matching point of the
# threat-intelligence feeds in feeds/ (flow addresses, DNS query and answer, TLS SNI, JA3,
# JA4 and certificate, HTTP host, URL and body hash), and flows that match nothing.
import pcapwriter as pw

# The response body whose SHA-256 is in feeds/hashes.txt.
PAYLOAD = b"MZ" + bytes(range(256)) * 8 + b"khien intel e2e payload\n"


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:20", "00:00:5e:00:53:01")
    t = pw.T0
    flows = []
    # 1. a C2 address (plain feed) as the server: flow.dest_ip
    flows.append(pw.tcp_session(link, "192.0.2.10", "198.51.100.23", 41001, 8080,
                                [(b"hello\n", b"ok\n")], start_ns=t))
    t += pw.NS_PER_S
    # 2. HTTP: a listed host (exact), a listed URL, a listed body hash
    req = pw.http_request("Update-Check.Example.ORG", "/dl/./tools/../payload.bin")
    flows.append(pw.tcp_session(link, "192.0.2.11", "192.0.2.200", 41002, 80,
                                [(req, pw.http_response(PAYLOAD, content_type="application/x"))],
                                start_ns=t))
    t += pw.NS_PER_S
    # 3. DNS: the query is under a "*." domain; the answer is inside a listed /24
    flows.append(pw.dns_exchange(link, "192.0.2.12", "192.0.2.53", 41003, 0x1234,
                                 "www.login-portal.example.net", ["203.0.113.50"], start_ns=t))
    t += pw.NS_PER_S
    # 4. TLS: SNI under a "*." domain, the JA3/JA4 of this hello, the certificate's SHA-1
    rnd = bytes(range(32))
    hello = pw.tls_client_hello("cdn.badcdn.example", rnd)
    flight = pw.tls12_server_flight(bytes(range(32, 64)), pw.TEST_CERT_DER)
    flows.append(pw.tcp_session(link, "192.0.2.13", "192.0.2.201", 41004, 443,
                                [(hello, flight)], start_ns=t))
    t += pw.NS_PER_S
    # 5. IPv6: the client is inside a listed /48 (flow.src_ip)
    flows.append(pw.udp_exchange(link, "2001:db8:bad::99", "2001:db8:1::1", 41005, 9999,
                                 [(b"ping", b"pong")], start_ns=t))
    t += pw.NS_PER_S
    # 6. nothing listed: a clean HTTP transaction and a clean DNS lookup
    flows.append(pw.tcp_session(link, "192.0.2.14", "192.0.2.202", 41006, 80,
                                [(pw.http_request("www.example.com", "/"),
                                  pw.http_response(b"<html>fine</html>"))], start_ns=t))
    t += pw.NS_PER_S
    flows.append(pw.dns_exchange(link, "192.0.2.15", "192.0.2.53", 41007, 0x4321,
                                 "portal.example.net", ["192.0.2.99"], start_ns=t))
    pw.write_pcap(path, pw.merge(*flows))
