/* SPDX-License-Identifier: GPL-2.0-only */
/* Files the app layer carries (HTTP bodies and uploads, SMTP attachments): their digests. */
#ifndef KH_ENGINE_FILES_H
#define KH_ENGINE_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "output/eve/http.h"

struct flow;

/* Files hashed at once per worker; more are logged without digests (files.hash_skipped). */
#define ENGINE_FILES_SLOTS 256

/* Which file: a flow's direction, its transaction, and the file's number in it. */
struct engine_file_key {
    const struct flow *f;
    uint64_t tx_id;
    uint32_t file; /* 0: a body as the file; n + 1: multipart part n; SMTP: part index */
    uint8_t dir;
};

/* Counters, in EVE stats as files.* */
struct engine_files_stats {
    uint64_t hashed;       /* files whose digests were logged */
    uint64_t hash_skipped; /* files not hashed: every slot was busy (policy: no digests) */
    uint64_t hash_nomem;   /* digest contexts not had (policy: no digests for that file) */
};

struct engine_files;

/* hashes: EVE_FILE_* bits (force-hash). NULL when hashes is 0 or memory runs out. */
struct engine_files *engine_files_new(uint8_t hashes);
void engine_files_free(struct engine_files *ef);
const struct engine_files_stats *engine_files_stats(const struct engine_files *ef);

/*
 * Bytes of file k, in order. first: these are its first bytes (a file is hashed only from
 * its start: one whose first bytes were missed gets no digests).
 */
void engine_files_data(struct engine_files *ef, const struct engine_file_key *k, struct span data,
                       bool first);
/*
 * File k ends with size bytes: its digests into dg (empty strings when not computed; an
 * empty file has the digests of no bytes). whole false: bytes were not all seen, no
 * digests. Returns dg when it holds any digest, else NULL.
 */
const struct eve_file_digests *engine_files_close(struct engine_files *ef,
                                                  const struct engine_file_key *k, uint64_t size,
                                                  bool whole, struct eve_file_digests *dg);
/*
 * A mail attachment's decoded bytes (smtp_hooks.on_part, part->attachment): hashed, and
 * at its end (last) a fileinfo record (app_proto smtp) with its name, size and digests.
 * ef may be NULL (no digests asked for).
 */
struct smtp_part;
struct eve_output;
void engine_files_smtp(struct engine_files *ef, struct eve_output *eo, const struct app_input *in,
                       const struct smtp_part *part, struct span data, bool last);

/* The flow ends: files still open are dropped. */
void engine_files_flow_end(struct engine_files *ef, const struct flow *f);

#endif
