# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "tls-cert-keywords": a TLS 1.2 handshake whose server
# sends a two-certificate chain: a leaf built here (subjectAltNames www.khien.example and
# mail.khien.example, valid 2001-01-01 to 2010-01-01, so expired at the capture's 2024
# time) and pcapwriter's TEST_CERT_DER as its "CA". ALPN: client h2, http/1.1; server
# http/1.1. The leaf is never verified, so its signature is filler.
import struct

import pcapwriter as pw


def tlv(tag, content):
    """One DER TLV with a definite length."""
    n = len(content)
    if n < 0x80:
        head = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + head + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def name(country, cn):
    """C=<country>, CN=<cn>."""
    c = tlv(0x31, seq(tlv(0x06, b"\x55\x04\x06"), tlv(0x13, country.encode())))
    n = tlv(0x31, seq(tlv(0x06, b"\x55\x04\x03"), tlv(0x0C, cn.encode())))
    return seq(c, n)


def leaf_cert():
    ecdsa_sha256 = seq(tlv(0x06, bytes.fromhex("2a8648ce3d040302")))
    spki = seq(seq(tlv(0x06, bytes.fromhex("2a8648ce3d0201")),
                   tlv(0x06, bytes.fromhex("2a8648ce3d030107"))),
               tlv(0x03, b"\x00\x04" + bytes(range(64))))
    sans = seq(tlv(0x82, b"www.khien.example"), tlv(0x82, b"mail.khien.example"))
    san_ext = seq(tlv(0x06, b"\x55\x1d\x11"), tlv(0x04, sans))
    tbs = seq(tlv(0xA0, tlv(0x02, b"\x02")),             # v3
              tlv(0x02, b"\x01\x02"),                     # serial 01:02
              ecdsa_sha256,
              name("VN", "Khien Test"),                   # issuer
              seq(tlv(0x17, b"010101000000Z"), tlv(0x17, b"100101000000Z")),
              name("VN", "www.khien.example"),            # subject
              spki,
              tlv(0xA3, seq(san_ext)))
    return seq(tbs, ecdsa_sha256, tlv(0x03, b"\x00" + seq(tlv(0x02, b"\x01"), tlv(0x02, b"\x01"))))


def server_flight(random32, certs):
    exts = pw._tls_ext(0xFF01, b"\x00")
    alpn = b"http/1.1"
    exts += pw._tls_ext(16, struct.pack("!HB", len(alpn) + 1, len(alpn)) + alpn)
    hello = struct.pack("!H", 0x0303) + random32 + b"\x00" + struct.pack("!HB", 0xC02F, 0) + \
        struct.pack("!H", len(exts)) + exts
    chain = b"".join(struct.pack("!I", len(c))[1:] + c for c in certs)
    msgs = pw.tls_handshake(2, hello) + \
        pw.tls_handshake(11, struct.pack("!I", len(chain))[1:] + chain) + pw.tls_handshake(14, b"")
    return pw.tls_record(22, msgs)


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    rnd, srnd = bytes(range(32)), bytes(range(32, 64))
    exchanges = [
        (pw.tls_client_hello("www.khien.example", rnd),
         server_flight(srnd, [leaf_cert(), pw.TEST_CERT_DER])),
        (pw.tls12_finish(rnd, client=True), pw.tls12_finish(srnd, client=False)),
        (pw.tls_app_data(bytes(100)), pw.tls_app_data(bytes(300))),
    ]
    pkts = pw.tcp_session(link, "192.168.1.20", "203.0.113.7", 50100, 443, exchanges)
    pw.write_pcap(path, pkts)
