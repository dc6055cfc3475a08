# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "tls-resume-split": two TLS 1.2 flows.
# 1. A full handshake carried in 40-byte TCP segments, with the server's handshake messages
#    re-framed into 30-byte records, so messages span records and records span segments.
# 2. An abbreviated handshake: the server echoes the client's session id, sends no
#    certificate, and both sides change cipher spec (session resumption).
import pcapwriter as pw


def reframe(record, size):
    """The handshake messages of one record, cut into records of ``size`` bytes."""
    msgs = record[5:]
    return b"".join(pw.tls_record(22, msgs[i:i + size]) for i in range(0, len(msgs), size))


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    rnd_c, rnd_s = bytes(range(1, 33)), bytes(range(33, 65))
    split = [
        (pw.tls_client_hello("split.example.com", rnd_c),
         reframe(pw.tls12_server_flight(rnd_s, pw.TEST_CERT_DER), 30)),
        (pw.tls12_finish(rnd_c, client=True), pw.tls12_finish(rnd_s, client=False)),
    ]
    first = pw.tcp_session(link, "192.168.7.2", "192.168.7.1", 40001, 443, split, mss=52)
    sid = bytes(range(0xA0, 0xC0))
    resumed = [
        (pw.tls_client_hello("resume.example.com", rnd_c, session_id=sid),
         pw.tls_record(22, pw.tls_handshake(2, b"\x03\x03" + rnd_s + bytes([32]) + sid +
                                            b"\xc0\x2f\x00\x00\x00")) +
         pw.tls12_finish(rnd_s, client=False)),
        (pw.tls12_finish(rnd_c, client=False), pw.tls_app_data(bytes(64))),
    ]
    second = pw.tcp_session(link, "192.168.7.2", "192.168.7.1", 40002, 443, resumed,
                            start_ns=first[-1].ts + pw.NS_PER_S)
    pw.write_pcap(path, pw.merge(first, second))
