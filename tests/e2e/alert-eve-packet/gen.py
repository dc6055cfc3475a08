# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "alert-eve-packet": a raw-IPv4 capture (link type
# 228) with one HTTP session, so that an alert's "packet" is the IP packet itself.
import pcapwriter as pw


def build(path):
    link = pw.RawLink(pw.LINKTYPE_IPV4)
    req = pw.http_request("www.example.com", "/index.html", user_agent="khien-agent/1.0")
    resp = pw.http_response(b"<html>hello</html>", content_type="text/html")
    pkts = pw.tcp_session(link, "192.0.2.21", "198.51.100.80", 49300, 80, [(req, resp)])
    pw.write_pcap(path, pkts, linktype=pw.LINKTYPE_IPV4)


if __name__ == "__main__":
    build("input.pcap")
