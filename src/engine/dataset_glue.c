/* SPDX-License-Identifier: GPL-2.0-only */
/* The run's dataset registry: made from the datasets: section, saved at exit. */
#include "engine/dataset_glue.h"

#include "core/log.h"

struct ds_registry *engine_datasets_new(const struct conf *conf, const char *log_dir)
{
    const char *dir = NULL;
    char err[512];
    if (conf_get_str(conf, "default-data-dir", &dir) != 0 || dir == NULL || *dir == '\0')
        dir = log_dir;
    struct ds_registry *r = ds_registry_new(0, 0, dir);
    if (r == NULL) {
        kh_err("datasets: out of memory");
        return NULL;
    }
    if (ds_registry_configure(r, conf, dir, err, sizeof(err)) != 0) {
        kh_err("configuration: %s", err);
        ds_registry_free(r);
        return NULL;
    }
    return r;
}

void engine_datasets_finish(struct ds_registry *r)
{
    if (r == NULL)
        return;
    unsigned saved = ds_registry_save(r);
    struct ds_set_stats st;
    ds_registry_stats(r, &st);
    if (ds_registry_count(r) > 0)
        kh_info("datasets: %u sets, %llu entries, %llu bytes, %llu adds refused at the memcap, "
                "%llu malformed lines skipped at load, %u saved",
                ds_registry_count(r), (unsigned long long)st.entries, (unsigned long long)st.bytes,
                (unsigned long long)st.memcap_hits, (unsigned long long)st.load_errors, saved);
    ds_registry_free(r);
}
