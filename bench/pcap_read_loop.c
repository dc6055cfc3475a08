/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ceiling for `make bench`: a plain libpcap read loop that touches every packet's first
 * byte and does nothing else. khien's rate is quoted as a ratio to this one.
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pcap-read-loop FILE\n");
        return 1;
    }
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(argv[1], err);
    if (p == NULL) {
        fprintf(stderr, "pcap-read-loop: %s\n", err);
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pcap_pkthdr *h;
    const u_char *data;
    uint64_t pkts = 0, bytes = 0;
    unsigned sum = 0;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
        pkts++;
        bytes += h->caplen;
        sum += h->caplen ? data[0] : 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("packets %" PRIu64 " bytes %" PRIu64 " seconds %.6f check %u\n", pkts, bytes, secs,
           sum & 1);
    pcap_close(p);
    return rc == PCAP_ERROR ? 1 : 0;
}
