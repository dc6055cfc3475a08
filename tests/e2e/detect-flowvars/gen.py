# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "detect-flowvars": one HTTP session whose user agent
# pcre captures into a flowvar and a pktvar, and whose response body has an entropy of
# exactly 2 bits per byte (four symbols, four of each).
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:51", "00:00:5e:00:53:52")
    req = pw.http_request("vars.example", "/vars", user_agent="khien-test/1.0")
    resp = pw.http_response(b"aaaabbbbccccdddd", content_type="text/plain")
    pw.write_pcap(path, pw.tcp_session(link, "192.0.2.51", "198.51.100.51", 49600, 80,
                                       [(req, resp)]))


if __name__ == "__main__":
    build("input.pcap")
