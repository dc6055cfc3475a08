# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "http-get-gzip": one GET answered with a gzip body
# (Content-Encoding: gzip, Content-Length of the compressed bytes) over a whole TCP session.
import gzip

import pcapwriter as pw

BODY = b"<html><body>" + b"khien gzip test page. " * 200 + b"</body></html>"


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    request = pw.http_request("www.example.com", "/docs/../index.html?lang=vi",
                              user_agent="Mozilla/5.0 (khien e2e)",
                              extra=["Referer: http://www.example.com/start",
                                     "Accept-Encoding: gzip"])
    body = gzip.compress(BODY, mtime=0)
    response = pw.http_response(body, content_type="text/html; charset=utf-8",
                                extra=["Content-Encoding: gzip"])
    pkts = pw.tcp_session(link, "192.0.2.10", "198.51.100.80", 49200, 80,
                          [(request, response)])
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    build("input.pcap")
    print(len(gzip.compress(BODY, mtime=0)))
