/* SPDX-License-Identifier: GPL-2.0-only */
/* File digests for EVE fileinfo (force-hash): a capped table of files being hashed. */
#include "files.h"

#include <openssl/evp.h>
#include <string.h>

#include "app/smtp/smtp.h"
#include "core/alloc.h"
#include "core/hex.h"

enum { FH_MD5 = 0, FH_SHA1, FH_SHA256, FH_MAX };

/* A file being hashed; f NULL: the slot is free. */
struct file_slot {
    struct engine_file_key k;
    EVP_MD_CTX *md[FH_MAX];
};

struct engine_files {
    uint8_t hashes; /* EVE_FILE_* */
    uint32_t active;
    struct engine_files_stats st;
    struct file_slot slot[ENGINE_FILES_SLOTS];
};

static const EVP_MD *fh_md(int i)
{
    return i == FH_MD5 ? EVP_md5() : i == FH_SHA1 ? EVP_sha1() : EVP_sha256();
}

static bool fh_wanted(const struct engine_files *ef, int i)
{
    static const uint8_t bit[FH_MAX] = {EVE_FILE_MD5, EVE_FILE_SHA1, EVE_FILE_SHA256};
    return (ef->hashes & bit[i]) != 0;
}

struct engine_files *engine_files_new(uint8_t hashes)
{
    if (hashes == 0)
        return NULL;
    struct engine_files *ef = kh_calloc(1, sizeof(*ef));
    if (ef != NULL)
        ef->hashes = hashes;
    return ef;
}

static void slot_release(struct engine_files *ef, struct file_slot *s)
{
    for (int i = 0; i < FH_MAX; i++) {
        EVP_MD_CTX_free(s->md[i]);
        s->md[i] = NULL;
    }
    if (s->k.f != NULL)
        ef->active--;
    s->k.f = NULL;
}

void engine_files_free(struct engine_files *ef)
{
    if (ef == NULL)
        return;
    for (uint32_t i = 0; i < ENGINE_FILES_SLOTS; i++)
        slot_release(ef, &ef->slot[i]);
    kh_free(ef);
}

const struct engine_files_stats *engine_files_stats(const struct engine_files *ef)
{
    return &ef->st;
}

static bool key_eq(const struct engine_file_key *a, const struct engine_file_key *b)
{
    return a->f == b->f && a->tx_id == b->tx_id && a->file == b->file && a->dir == b->dir;
}

static struct file_slot *slot_find(struct engine_files *ef, const struct engine_file_key *k)
{
    if (ef->active == 0)
        return NULL;
    for (uint32_t i = 0; i < ENGINE_FILES_SLOTS; i++)
        if (ef->slot[i].k.f != NULL && key_eq(&ef->slot[i].k, k))
            return &ef->slot[i];
    return NULL;
}

/* A free slot with a context per wanted digest; NULL at the cap or without memory. */
static struct file_slot *slot_open(struct engine_files *ef, const struct engine_file_key *k)
{
    struct file_slot *s = NULL;
    for (uint32_t i = 0; i < ENGINE_FILES_SLOTS && s == NULL; i++)
        if (ef->slot[i].k.f == NULL)
            s = &ef->slot[i];
    if (s == NULL) {
        ef->st.hash_skipped++;
        return NULL;
    }
    for (int i = 0; i < FH_MAX; i++) {
        if (!fh_wanted(ef, i))
            continue;
        if ((s->md[i] = EVP_MD_CTX_new()) == NULL ||
            EVP_DigestInit_ex(s->md[i], fh_md(i), NULL) != 1) {
            ef->st.hash_nomem++;
            slot_release(ef, s);
            return NULL;
        }
    }
    s->k = *k;
    ef->active++;
    return s;
}

void engine_files_data(struct engine_files *ef, const struct engine_file_key *k, struct span data,
                       bool first)
{
    if (ef == NULL || k->f == NULL)
        return;
    struct file_slot *s = slot_find(ef, k);
    if (s != NULL && first) /* the same key again (a reused transaction id): start over */
        slot_release(ef, s);
    if (first)
        s = slot_open(ef, k);
    if (s == NULL || data.len == 0)
        return;
    for (int i = 0; i < FH_MAX; i++)
        if (s->md[i] != NULL && EVP_DigestUpdate(s->md[i], data.p, data.len) != 1) {
            ef->st.hash_nomem++;
            slot_release(ef, s);
            return;
        }
}

const struct eve_file_digests *engine_files_close(struct engine_files *ef,
                                                  const struct engine_file_key *k, uint64_t size,
                                                  bool whole, struct eve_file_digests *dg)
{
    memset(dg, 0, sizeof(*dg));
    if (ef == NULL)
        return NULL;
    struct file_slot *s = slot_find(ef, k);
    if (s == NULL && size == 0 && whole) /* an empty file: the digests of no bytes */
        s = slot_open(ef, k);
    if (s == NULL)
        return NULL;
    char *text[FH_MAX] = {dg->md5, dg->sha1, dg->sha256};
    bool any = false;
    for (int i = 0; i < FH_MAX && whole; i++) {
        uint8_t d[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        if (s->md[i] == NULL || EVP_DigestFinal_ex(s->md[i], d, &n) != 1)
            continue;
        kh_hex_encode(d, n, text[i]);
        any = true;
    }
    slot_release(ef, s);
    ef->st.hashed += any;
    return any ? dg : NULL;
}

void engine_files_flow_end(struct engine_files *ef, const struct flow *f)
{
    for (uint32_t i = 0; ef != NULL && ef->active && i < ENGINE_FILES_SLOTS; i++)
        if (ef->slot[i].k.f == f)
            slot_release(ef, &ef->slot[i]);
}

void engine_files_smtp(struct engine_files *ef, struct eve_output *eo, const struct app_input *in,
                       const struct smtp_part *part, struct span data, bool last)
{
    struct engine_file_key k = {.f = in->f, .tx_id = part->tx_id, .file = part->index};
    if (data.len)
        engine_files_data(ef, &k, data, part->size == data.len);
    if (!last)
        return;
    struct eve_file_digests dg;
    struct eve_file file = {.name = {(const uint8_t *)part->name, part->name_len},
                            .size = part->size,
                            .no_range = true,
                            .dg = engine_files_close(ef, &k, part->size, true, &dg)};
    eve_log_app_file(eo, in, "smtp", &file, part->tx_id);
}
