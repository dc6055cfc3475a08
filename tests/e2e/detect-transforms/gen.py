# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "detect-transforms": one GET whose query carries a
# percent-encoded word and a base64 value, with an upper-case User-Agent; the response
# is a file named by Content-Disposition (filename, fileext).
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    req = pw.http_request("www.example.com", "/login?u=%61dmin&d=Zm9vYmFy",
                          user_agent="KHIEN-Agent/1.0")
    resp = pw.http_response(b"ok", content_type="application/pdf",
                            extra=['Content-Disposition: attachment; filename="report.PDF"'])
    pkts = pw.tcp_session(link, "192.0.2.31", "198.51.100.80", 49400, 80, [(req, resp)])
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    build("input.pcap")
