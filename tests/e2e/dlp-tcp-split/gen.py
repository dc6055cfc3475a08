# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dlp-tcp-split": raw TCP streams of no known protocol.
# 1. An internal host sends 25 synthetic CCCD numbers to an outside port 9999 in segments of
#    28 bytes, so most numbers are split across two segments (threshold 25: the alert needs
#    every one of them found).
# 2. An FTP active-mode data connection (from port 20 of an internal server) carries an XLSX
#    whose shared strings hold the stamp "TUYỆT MẬT".
import os

import dlp_synth
import pcapwriter as pw


def build(path):
    s = dlp_synth.Synth(9002)
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    data = ("danh sach:\n" + "".join("%s; " % s.cccd() for _ in range(25)) + "\n").encode()
    split = pw.tcp_session(link, "10.2.0.5", "203.0.113.30", 49401, 9999, [(data, b"")],
                           mss=40)
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst count="3" uniqueCount="3">'
               '<si><t>TUYỆT MẬT</t></si><si><t>Báo cáo tổng hợp</t></si>'
               '<si><t>Số liệu quý III</t></si></sst>')
    xlsx = dlp_synth.zip_file([("[Content_Types].xml", b"<Types/>"),
                               ("xl/sharedStrings.xml", strings.encode("utf-8")),
                               ("xl/worksheets/sheet1.xml", b"<worksheet/>")])
    ftp = pw.tcp_session(link, "10.2.0.9", "198.51.100.9", 20, 50000, [(xlsx, b"")],
                         start_ns=pw.T0 + 10 ** 9)
    pw.write_pcap(path, pw.merge(split, ftp))
    s.write_made(os.path.join(os.path.dirname(path), "identifiers.txt"))


if __name__ == "__main__":
    build("input.pcap")
