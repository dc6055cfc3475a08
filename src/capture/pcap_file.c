/* SPDX-License-Identifier: GPL-2.0-only */
/* Read pcap and pcapng files, or a folder of them in name order, through libpcap. */
#include "capture.h"

#include <dirent.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"

#define CAPTURE_MAX_FILES 1000000 /* a folder with more files than this is refused */

struct capture {
    char **files; /* paths in the order they are read */
    size_t nfiles;
    size_t next_file;      /* index of the next file to open */
    pcap_t *pcap;          /* the open file, or NULL between files */
    const char *current;   /* path of the open file */
    enum decode_link link; /* its link type */
    uint64_t file_pkts;    /* packets read from the open file */
    uint64_t pcap_cnt;     /* packets read from all files */
    struct capture_stats st;
    char err[PCAP_ERRBUF_SIZE + 512];
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(struct capture *cap, const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = kh_malloc(len);
    if (path == NULL)
        return KH_ENOMEM;
    snprintf(path, len, "%s%s%s", dir, dir[0] ? "/" : "", name);
    char **files = kh_reallocarray(cap->files, cap->nfiles + 1, sizeof(*files));
    if (files == NULL) {
        kh_free(path);
        return KH_ENOMEM;
    }
    files[cap->nfiles++] = path;
    cap->files = files;
    return KH_OK;
}

/* Collect the regular files of a folder, sorted by name. */
static int list_folder(struct capture *cap, const char *path, char *errbuf, size_t errlen)
{
    DIR *d = opendir(path);
    if (d == NULL) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return KH_EIO;
    }
    int rc = KH_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char full[4096];
        struct stat sb;
        int len = snprintf(full, sizeof(full), "%s/%s", path, de->d_name);
        if (len < 0 || (size_t)len >= sizeof(full))
            continue; /* a path longer than PATH_MAX cannot be opened anyway */
        if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (cap->nfiles >= CAPTURE_MAX_FILES) {
            snprintf(errbuf, errlen, "%s: more than %d files", path, CAPTURE_MAX_FILES);
            rc = KH_EFULL;
            break;
        }
        rc = add_file(cap, path, de->d_name);
        if (rc != KH_OK) {
            snprintf(errbuf, errlen, "%s: %s", path, kh_strerror(rc));
            break;
        }
    }
    closedir(d);
    if (rc == KH_OK && cap->nfiles == 0) {
        snprintf(errbuf, errlen, "%s: no capture files in folder", path);
        rc = KH_ENOENT;
    }
    if (rc == KH_OK)
        qsort(cap->files, cap->nfiles, sizeof(*cap->files), cmp_str);
    return rc;
}

struct capture *capture_open_file(const char *path, char *errbuf, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct capture *cap = kh_calloc(1, sizeof(*cap));
    if (cap == NULL) {
        snprintf(errbuf, errlen, "%s: out of memory", path);
        return NULL;
    }
    int rc = S_ISDIR(sb.st_mode) ? list_folder(cap, path, errbuf, errlen) : add_file(cap, "", path);
    if (rc != KH_OK) {
        if (rc == KH_ENOMEM)
            snprintf(errbuf, errlen, "%s: out of memory", path);
        capture_close(cap);
        return NULL;
    }
    return cap;
}

/* libpcap gives DLT_ values; khien's decoders take LINKTYPE_ values. */
static int link_from_dlt(int dlt, enum decode_link *out)
{
    switch (dlt) {
    case DLT_NULL:
        *out = DECODE_LINK_NULL;
        return 0;
    case DLT_EN10MB:
        *out = DECODE_LINK_ETHERNET;
        return 0;
    case DLT_RAW:
    case 14:  /* DLT_RAW on OpenBSD */
    case 101: /* LINKTYPE_RAW when libpcap passes it through */
        *out = DECODE_LINK_RAW;
        return 0;
    case DLT_LINUX_SLL:
        *out = DECODE_LINK_SLL;
        return 0;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
        *out = DECODE_LINK_SLL2;
        return 0;
#endif
    case DLT_IPV4:
        *out = DECODE_LINK_IPV4;
        return 0;
    case DLT_IPV6:
        *out = DECODE_LINK_IPV6;
        return 0;
    default:
        return -1;
    }
}

/* Open the next file in the list; 1 when one is open, 0 at the end, <0 when it failed. */
static int open_next(struct capture *cap)
{
    if (cap->next_file >= cap->nfiles)
        return 0;
    const char *path = cap->files[cap->next_file++];
    char pe[PCAP_ERRBUF_SIZE];
    pe[0] = '\0';
    cap->current = path;
    cap->file_pkts = 0;
    cap->pcap = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO, pe);
    if (cap->pcap == NULL) {
        snprintf(cap->err, sizeof(cap->err), "%s: cannot read capture: %s", path, pe);
        cap->st.file_errors++;
        return KH_EFORMAT;
    }
    int dlt = pcap_datalink(cap->pcap);
    if (link_from_dlt(dlt, &cap->link) != 0) {
        snprintf(cap->err, sizeof(cap->err), "%s: unsupported link type %d (%s)", path, dlt,
                 pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "unknown");
        pcap_close(cap->pcap);
        cap->pcap = NULL;
        cap->st.file_errors++;
        return KH_EFORMAT;
    }
    cap->st.files++;
    kh_info("reading %s", path);
    return 1;
}

int capture_next(struct capture *cap, struct packet *p)
{
    for (;;) {
        if (cap->pcap == NULL) {
            int rc = open_next(cap);
            if (rc <= 0)
                return rc;
        }
        struct pcap_pkthdr *h;
        const u_char *data;
        int rc = pcap_next_ex(cap->pcap, &h, &data);
        if (likely(rc == 1)) {
            cap->file_pkts++;
            cap->st.pkts++;
            cap->st.bytes += h->caplen;
            p->data = data;
            p->caplen = h->caplen;
            p->wirelen = h->len;
            p->ts_usec = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
            p->pcap_cnt = ++cap->pcap_cnt;
            p->link = cap->link;
            return 1;
        }
        if (rc == PCAP_ERROR) {
            /* libpcap's message says what was wrong; the record after the last good one is
             * the packet that could not be read. */
            snprintf(cap->err, sizeof(cap->err), "%s: packet %llu: %s", cap->current,
                     (unsigned long long)cap->file_pkts + 1, pcap_geterr(cap->pcap));
            cap->st.file_errors++;
        }
        pcap_close(cap->pcap);
        cap->pcap = NULL;
        if (rc == PCAP_ERROR)
            return KH_EFORMAT;
        /* PCAP_ERROR_BREAK: end of this file; go on with the next. */
    }
}

const char *capture_error(const struct capture *cap)
{
    return cap->err;
}

const char *capture_current_file(const struct capture *cap)
{
    return cap->current ? cap->current : "";
}

const struct capture_stats *capture_stats(const struct capture *cap)
{
    return &cap->st;
}

void capture_close(struct capture *cap)
{
    if (cap == NULL)
        return;
    if (cap->pcap)
        pcap_close(cap->pcap);
    for (size_t i = 0; i < cap->nfiles; i++)
        kh_free(cap->files[i]);
    kh_free(cap->files);
    kh_free(cap);
}
