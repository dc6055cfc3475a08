/* SPDX-License-Identifier: GPL-2.0-only */
/* Multipart upload files kept per flow for file.data / file.name inspection (capped). */
#include "uploads.h"

#include <string.h>

#include "core/alloc.h"

struct upload_file {
    uint32_t index; /* the part's index in the body */
    uint16_t name_len;
    char name[HTTP_PART_NAME_MAX];
    uint8_t *data;
    uint32_t len, cap;
};

/* One flow's upload: the files of its latest transaction with one. f NULL: free. */
struct upload_slot {
    const struct flow *f;
    uint64_t tx_id;
    uint32_t nfiles;
    struct upload_file file[ENGINE_UPLOAD_FILES];
};

struct engine_uploads {
    struct engine_uploads_stats st;
    uint64_t mem; /* bytes held by every slot's files */
    uint32_t active;
    struct upload_slot slot[ENGINE_UPLOAD_FLOWS];
    /* the view: files back to back, and the instances pointing into them */
    uint8_t *cat;
    size_t cat_cap;
    char names[ENGINE_UPLOAD_FILES * HTTP_PART_NAME_MAX];
    struct span inst[2][ENGINE_UPLOAD_FILES];
};

struct engine_uploads *engine_uploads_new(void)
{
    return kh_calloc(1, sizeof(struct engine_uploads));
}

/* Forget a slot's files, keeping their memory for the next transaction. */
static void slot_clear(struct upload_slot *s)
{
    for (uint32_t i = 0; i < s->nfiles; i++)
        s->file[i].len = 0;
    s->nfiles = 0;
}

static void slot_release(struct engine_uploads *u, struct upload_slot *s)
{
    for (uint32_t i = 0; i < ENGINE_UPLOAD_FILES; i++) {
        u->mem -= s->file[i].cap;
        kh_free(s->file[i].data);
        s->file[i] = (struct upload_file){0};
    }
    if (s->f != NULL)
        u->active--;
    s->f = NULL;
    s->nfiles = 0;
}

void engine_uploads_free(struct engine_uploads *u)
{
    if (u == NULL)
        return;
    for (uint32_t i = 0; i < ENGINE_UPLOAD_FLOWS; i++)
        slot_release(u, &u->slot[i]);
    kh_free(u->cat);
    kh_free(u);
}

const struct engine_uploads_stats *engine_uploads_stats(const struct engine_uploads *u)
{
    return &u->st;
}

static struct upload_slot *slot_find(struct engine_uploads *u, const struct flow *f)
{
    for (uint32_t i = 0; u->active && i < ENGINE_UPLOAD_FLOWS; i++)
        if (u->slot[i].f == f)
            return &u->slot[i];
    return NULL;
}

/* The flow's slot for tx_id (a new transaction starts it over); NULL when none is free. */
static struct upload_slot *slot_get(struct engine_uploads *u, const struct flow *f, uint64_t tx_id)
{
    struct upload_slot *s = slot_find(u, f);
    if (s == NULL) {
        for (uint32_t i = 0; i < ENGINE_UPLOAD_FLOWS && s == NULL; i++)
            if (u->slot[i].f == NULL)
                s = &u->slot[i];
        if (s == NULL)
            return NULL;
        s->f = f;
        s->tx_id = tx_id;
        u->active++;
    }
    if (s->tx_id != tx_id) {
        slot_clear(s);
        s->tx_id = tx_id;
    }
    return s;
}

/* The slot's file for this part: the last one, or a new one. NULL past the cap. */
static struct upload_file *file_get(struct upload_slot *s, const struct http_part *part)
{
    if (s->nfiles > 0 && s->file[s->nfiles - 1].index == part->index)
        return &s->file[s->nfiles - 1];
    if (s->nfiles == ENGINE_UPLOAD_FILES)
        return NULL;
    struct upload_file *fl = &s->file[s->nfiles++];
    fl->index = part->index;
    fl->len = 0;
    fl->name_len = part->filename_len < HTTP_PART_NAME_MAX ? part->filename_len : 0;
    memcpy(fl->name, part->filename, fl->name_len);
    return fl;
}

/* Room for n more bytes in fl within the caps; the bytes that fit. */
static size_t file_room(struct engine_uploads *u, struct upload_file *fl, size_t n)
{
    size_t want = fl->len + n < ENGINE_UPLOAD_BYTES ? fl->len + n : ENGINE_UPLOAD_BYTES;
    if (want > fl->cap) {
        size_t cap = kh_grow_cap(fl->cap, 4096, want, ENGINE_UPLOAD_BYTES);
        uint8_t *d = u->mem + (cap - fl->cap) <= ENGINE_UPLOAD_MEM
                         ? kh_reallocarray(fl->data, cap, 1)
                         : NULL;
        if (d != NULL) {
            u->mem += cap - fl->cap;
            fl->data = d;
            fl->cap = (uint32_t)cap;
        }
    }
    return fl->cap > fl->len ? (fl->cap - fl->len < n ? fl->cap - fl->len : n) : 0;
}

void engine_uploads_data(struct engine_uploads *u, const struct flow *f, uint64_t tx_id,
                         const struct http_part *part, struct span data)
{
    if (u == NULL || f == NULL || !part->has_filename)
        return;
    struct upload_slot *s = slot_get(u, f, tx_id);
    struct upload_file *fl = s != NULL ? file_get(s, part) : NULL;
    if (fl == NULL) {
        u->st.files_dropped += part->size == data.len; /* counted once, at its start */
        return;
    }
    size_t n = data.len ? file_room(u, fl, data.len) : 0;
    if (n)
        memcpy(fl->data + fl->len, data.p, n);
    fl->len += (uint32_t)n;
    u->st.bytes_dropped += data.len - n;
}

/* The view's data buffer holds at least n bytes. */
static bool cat_reserve(struct engine_uploads *u, size_t n)
{
    if (n <= u->cat_cap)
        return true;
    uint8_t *c = kh_reallocarray(u->cat, n, 1);
    if (c == NULL)
        return false;
    u->cat = c;
    u->cat_cap = n;
    return true;
}

void engine_uploads_view(struct engine_uploads *u, const struct flow *f, uint64_t tx_id,
                         struct detect_tx_input *ti)
{
    struct upload_slot *s = u != NULL ? slot_find(u, f) : NULL;
    if (s == NULL || s->tx_id != tx_id || s->nfiles == 0)
        return;
    size_t total = 0, names = 0;
    for (uint32_t i = 0; i < s->nfiles; i++)
        total += s->file[i].len;
    if (!cat_reserve(u, total ? total : 1))
        return;
    for (uint32_t i = 0, off = 0; i < s->nfiles; i++) {
        const struct upload_file *fl = &s->file[i];
        if (fl->len)
            memcpy(u->cat + off, fl->data, fl->len);
        u->inst[0][i] = (struct span){u->cat + off, fl->len};
        off += fl->len;
        memcpy(u->names + names, fl->name, fl->name_len);
        u->inst[1][i] = (struct span){(const uint8_t *)u->names + names, fl->name_len};
        names += fl->name_len;
    }
    ti->buf[DETECT_TXB_FILE_DATA] = (struct span){u->cat, total};
    ti->buf[DETECT_TXB_FILE_NAME] = (struct span){(const uint8_t *)u->names, names};
    ti->have |= DETECT_TXB_BIT(DETECT_TXB_FILE_DATA) | DETECT_TXB_BIT(DETECT_TXB_FILE_NAME);
    ti->files[0] = (struct detect_multibuf){u->inst[0], s->nfiles};
    ti->files[1] = (struct detect_multibuf){u->inst[1], s->nfiles};
}

void engine_uploads_done(struct engine_uploads *u, const struct flow *f)
{
    engine_uploads_flow_end(u, f); /* the memory goes back too: a flow uploads rarely */
}

void engine_uploads_flow_end(struct engine_uploads *u, const struct flow *f)
{
    struct upload_slot *s = u != NULL ? slot_find(u, f) : NULL;
    if (s != NULL)
        slot_release(u, s);
}
