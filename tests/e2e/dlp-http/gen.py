# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dlp-http": synthetic citizens' data over HTTP.
# 1. An internal client (10.1.0.5) POSTs a CSV of 500 citizens to an outside server: an
#    upload leaving HOME_NET (alerts on the request body).
# 2. An outside client asks an internal API server (10.1.0.80) and gets 30 records back as
#    JSON: a response leaving HOME_NET (alerts on the response body, direction to_client).
# 3. An internal client downloads 50 records from outside: inbound, counted, not alerted.
# identifiers.txt lists every generated value; the case greps all outputs for them.
import json
import os

import dlp_synth
import pcapwriter as pw


def build(path):
    s = dlp_synth.Synth(9001)
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    rows = ["cccd,ho_ten,so_dien_thoai,email"]
    for i in range(500):
        rows.append("%s,%s,%s,%s" % (s.cccd(), s.name(), s.phone(), s.email(i)))
    csv = ("\n".join(rows) + "\n").encode()
    req = pw.http_request("upload.example.net", "/import", method="POST",
                          extra=["Content-Type: text/csv",
                                 'Content-Disposition: attachment; filename="dan_cu.csv"'],
                          body=csv)
    up = pw.tcp_session(link, "10.1.0.5", "203.0.113.10", 49301, 80,
                        [(req, pw.http_response(b"ok", content_type="text/plain"))])

    records = [{"cccd": s.cccd(), "ho_ten": s.name(), "sdt": s.phone(), "the": s.card()}
               for _ in range(30)]
    api = json.dumps({"data": records}, ensure_ascii=False).encode()
    leak = pw.tcp_session(link, "198.51.100.7", "10.1.0.80", 49302, 80,
                          [(pw.http_request("api.internal.example", "/v1/citizens?page=1"),
                            pw.http_response(api, content_type="application/json"))],
                          start_ns=pw.T0 + 10 ** 9)

    inbound = json.dumps([{"cccd": s.cccd(), "sdt": s.phone()} for _ in range(50)]).encode()
    down = pw.tcp_session(link, "10.1.0.6", "203.0.113.20", 49303, 80,
                          [(pw.http_request("data.example.net", "/export.json"),
                            pw.http_response(inbound, content_type="application/json"))],
                          start_ns=pw.T0 + 2 * 10 ** 9)
    pw.write_pcap(path, pw.merge(up, leak, down))
    s.write_made(os.path.join(os.path.dirname(path), "identifiers.txt"))


if __name__ == "__main__":
    build("input.pcap")
