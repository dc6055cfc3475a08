/* SPDX-License-Identifier: GPL-2.0-only */
/* Packet sources: capture files now (pcap and pcapng through libpcap), live capture later. */
#ifndef KH_CAPTURE_CAPTURE_H
#define KH_CAPTURE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "decode/packet.h"

/* What was read; shown in the run summary (Suricata logs no capture counters for files). */
struct capture_stats {
    uint64_t pkts;        /* packets read */
    uint64_t bytes;       /* captured bytes read */
    uint64_t files;       /* files opened */
    uint64_t file_errors; /* files that failed to open or ended in an error */
};

struct capture;

/*
 * Open a capture file, or a folder of them (regular files in name order; folders below it
 * are not entered). Errors name the path in errbuf.
 */
struct capture *capture_open_file(const char *path, char *errbuf, size_t errlen);

/*
 * Read the next packet into p's capture fields; p->data borrows libpcap's buffer and is
 * valid until the next call. Returns 1 with a packet, 0 at the end of all input, and a
 * negative enum kh_err after a file ended in error: the message (file and packet number)
 * is in capture_error(), and the next call goes on with the next file of a folder.
 */
int capture_next(struct capture *cap, struct packet *p);

const char *capture_error(const struct capture *cap);
/* The file being read, for pcap_filename in EVE. */
const char *capture_current_file(const struct capture *cap);
const struct capture_stats *capture_stats(const struct capture *cap);
void capture_close(struct capture *cap);

#endif
