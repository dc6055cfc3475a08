# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e cases "stream-raw-chunks" and "stream-raw-chunks-small":
# one TCP session to port 7000 (no application protocol) whose client sends 6000 bytes in
# 60 segments of 100 bytes, each starting with "MARK", each acknowledged by the server on
# its own (1-3 handshake; segment i is packet 4 + 2i, its ACK 5 + 2i; the last segment,
# 122, is acknowledged by 123; then 124 client FIN, 125 server FIN, 126 client ACK).
# "SPLIT-MARK" straddles segments 10 and 11 (stream offsets 1094-1103).
import pcapwriter as pw


def payload():
    data = bytearray(b"".join(b"MARK" + b"." * 96 for _ in range(60)))
    data[1094:1100] = b"SPLIT-"
    return bytes(data)


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:41", "00:00:5e:00:53:42")
    pkts = pw.tcp_session(link, "192.0.2.41", "198.51.100.41", 49500, 7000,
                          [(payload(), b"")], mss=112, ack_every=1)
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    build("input.pcap")
