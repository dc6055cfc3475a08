# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-closing": one HTTP session per closing-state,
# ACK, timestamp or checksum trick, each to its own client port. What the server reads is
# asserted through the url the HTTP parser logs; the stream events through EVE anomaly;
# the session's last state through the flow record's tcp.state.
#   49301 a request, the client's FIN, then a second request sent after the FIN
#   49302 a request, then a FIN placed in the middle of the bytes already sent
#   49303 timestamps on both SYNs; an insertion with an older TSval (PAWS), then the real bytes
#   49304 the server's data acknowledging client bytes never sent, far past the window
#   49305 the server closes first and the client never answers: fin_wait1
#   49306 an insertion with a bad TCP checksum ahead of the real bytes (checksum auto, few
#         packets: checked)
import pcapwriter as pw

C, S = "192.0.2.30", "198.51.100.90"
RESP = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:11", "00:00:5e:00:53:12")
    t = pw.T0
    pkts = []

    def session(cp, ts=False):
        st = {"c": 1000, "s": 7000, "tc": 100, "ts": 5000}

        def opts(side, tsval):
            if not ts:
                return b""
            if tsval is None:
                st["t" + side] += 1
                tsval = st["t" + side]
            return [pw.tcp_opt_nop(), pw.tcp_opt_nop(), pw.tcp_opt_timestamp(tsval, 0)]

        def up(flags, data=b"", seq=None, ack=None, tsval=None, bad_csum=False):
            nonlocal t
            tcp = pw.tcp(C, S, cp, 80, flags, data, seq=st["c"] if seq is None else seq,
                         ack=st["s"] if ack is None else ack, options=opts("c", tsval),
                         bad_csum=bad_csum)
            pkts.append(pw.at(t, eth, pw.ipv4(C, S, pw.IPPROTO_TCP, tcp), True))
            t += pw.NS_PER_MS

        def down(flags, data=b"", seq=None, ack=None):
            nonlocal t
            tcp = pw.tcp(S, C, 80, cp, flags, data, seq=st["s"] if seq is None else seq,
                         ack=st["c"] if ack is None else ack, options=opts("s", None))
            pkts.append(pw.at(t, eth, pw.ipv4(S, C, pw.IPPROTO_TCP, tcp), False))
            t += pw.NS_PER_MS

        def handshake():
            up("S", ack=0)
            st["c"] += 1
            down("SA")
            st["s"] += 1
            up("A")

        def request(data):
            up("PA", data)
            st["c"] += len(data)
            down("A")

        def respond():
            down("PA", RESP)
            st["s"] += len(RESP)
            up("A")

        def close():
            up("FA")
            st["c"] += 1
            down("FA")
            st["s"] += 1
            up("A")

        return st, up, down, handshake, request, respond, close

    # Bytes after the client's FIN: the server never reads them.
    st, up, down, handshake, request, respond, close = session(49301)
    handshake()
    request(b"GET /before-fin HTTP/1.0\r\n\r\n")
    up("FA")
    st["c"] += 1
    up("PA", b"GET /after-fin HTTP/1.0\r\n\r\n")
    respond()
    down("FA")
    st["s"] += 1
    up("A")

    # A FIN in the middle of bytes already sent: not taken; the request stands whole.
    st, up, down, handshake, request, respond, close = session(49302)
    handshake()
    req = b"GET /fin-cannot-cut-this HTTP/1.0\r\n\r\n"
    up("PA", req)
    up("FA", seq=st["c"] + 9)
    st["c"] += len(req)
    down("A")
    respond()
    close()

    # PAWS: the segment with an older timestamp is dropped by the server, so are its bytes.
    st, up, down, handshake, request, respond, close = session(49303, ts=True)
    handshake()
    up("PA", b"GET /pa")
    st["c"] += 7
    up("PA", b"XXXXXXXXXXXXXXXXX", tsval=50)  # older than every TSval the client sent
    up("PA", b"ws-ok HTTP/1.0\r\n\r\n")
    st["c"] += len(b"ws-ok HTTP/1.0\r\n\r\n")
    down("A")
    respond()
    close()

    # The "server" answers with an ACK for 300000 client bytes never sent.
    st, up, down, handshake, request, respond, close = session(49304)
    handshake()
    request(b"GET /invalid-ack HTTP/1.0\r\n\r\n")
    down("PA", b"HTTP/1.0 404 Forged\r\n\r\n", ack=st["c"] + 300000)
    respond()
    close()

    # The server closes first; the client never answers.
    st, up, down, handshake, request, respond, close = session(49305)
    handshake()
    request(b"GET /server-closes HTTP/1.0\r\n\r\n")
    respond()
    down("FA")

    # A bad-checksum segment carrying other bytes ahead of the real ones.
    st, up, down, handshake, request, respond, close = session(49306)
    handshake()
    up("PA", b"GET /bad-csum HTTP/1.0\r\n\r\n", bad_csum=True)
    request(b"GET /good-csum HTTP/1.0\r\n\r\n")
    respond()
    close()
    pw.write_pcap(path, pkts)
