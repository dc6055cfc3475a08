# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-evasion-patterns": one HTTP session per
# insertion/evasion trick, each to its own client port; what the server reads is asserted
# through the url the HTTP parser logs and the stream-matched rules.
#   49201 the request in one-byte segments
#   49202 the request, acknowledged, then sent again with other bytes
#   49203 a segment far outside the receive window, then the real request
#   49204 a SYN carrying a request (no Fast Open), then the real request after the handshake
#   49205 an RST with a sequence number outside the window in the middle of the request
import pcapwriter as pw

C, S = "192.0.2.10", "198.51.100.80"
RESP = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    t = pw.T0
    pkts = []

    def session(cp, server_window=65535):
        """Packet writers for one session and its sequence numbers."""
        st = {"c": 1000, "s": 7000}

        def up(flags, data=b"", seq=None, ack=None):
            nonlocal t
            tcp = pw.tcp(C, S, cp, 80, flags, data, seq=st["c"] if seq is None else seq,
                         ack=st["s"] if ack is None else ack, window=65535)
            pkts.append(pw.at(t, eth, pw.ipv4(C, S, pw.IPPROTO_TCP, tcp), True))
            t += pw.NS_PER_MS

        def down(flags, data=b"", seq=None, ack=None):
            nonlocal t
            tcp = pw.tcp(S, C, 80, cp, flags, data, seq=st["s"] if seq is None else seq,
                         ack=st["c"] if ack is None else ack, window=server_window)
            pkts.append(pw.at(t, eth, pw.ipv4(S, C, pw.IPPROTO_TCP, tcp), False))
            t += pw.NS_PER_MS

        def handshake(syn_data=b""):
            up("S", syn_data, ack=0)
            st["c"] += 1
            down("SA")
            st["s"] += 1
            up("A")

        def request(data, chunk=None):
            chunk = chunk or len(data)
            for i in range(0, len(data), chunk):
                up("PA", data[i:i + chunk], seq=st["c"] + i)
            st["c"] += len(data)
            down("A")

        def respond_and_close():
            down("PA", RESP)
            st["s"] += len(RESP)
            up("A")
            up("FA")
            st["c"] += 1
            down("FA")
            st["s"] += 1
            up("A")

        return st, up, down, handshake, request, respond_and_close

    # One-byte segments.
    st, up, down, handshake, request, close = session(49201)
    handshake()
    request(b"GET /one-byte-at-a-time HTTP/1.0\r\n\r\n", chunk=1)
    close()

    # Retransmission of acknowledged bytes with other content.
    st, up, down, handshake, request, close = session(49202)
    handshake()
    good = b"GET /good HTTP/1.0\r\n\r\n"
    request(good)
    up("PA", b"GET /evil HTTP/1.0\r\n\r\n", seq=st["c"] - len(good))
    close()

    # A segment 100000 bytes ahead of a 4096-byte window.
    st, up, down, handshake, request, close = session(49203, server_window=4096)
    handshake()
    up("PA", b"GET /outside-window HTTP/1.0\r\n\r\n", seq=st["c"] + 100000)
    request(b"GET /inside-window HTTP/1.0\r\n\r\n")
    close()

    # Data on a SYN without a Fast Open cookie: the server acknowledges only the SYN.
    st, up, down, handshake, request, close = session(49204)
    handshake(syn_data=b"GET /syn-data HTTP/1.0\r\n\r\n")
    request(b"GET /after-handshake HTTP/1.0\r\n\r\n")
    close()

    # An RST "from the server" whose sequence number is far outside the window.
    st, up, down, handshake, request, close = session(49205)
    handshake()
    up("PA", b"GET /survives")
    st["c"] += len(b"GET /survives")
    down("R", seq=st["s"] + 3000000, ack=0)
    request(b"-the-rst HTTP/1.0\r\n\r\n")
    close()
    pw.write_pcap(path, pkts)
