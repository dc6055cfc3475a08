/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target: the YAML configuration loader and the engine's reading of the tree. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/conf.h"
#include "core/log.h"
#include "engine/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        kh_log_set_level(KH_LOG_ERROR);
        quiet = 1;
    }
    char *text = kh_malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct conf *conf = conf_new();
    char err[256];
    if (conf != NULL && conf_load_string(conf, text, "fuzz", err, sizeof(err)) == 0) {
        struct engine_config cfg;
        engine_config_check_keys(conf);
        if (engine_config_load(&cfg, conf, err, sizeof(err)) == 0)
            engine_config_fini(&cfg);
    }
    conf_free(conf);
    kh_free(text);
    return 0;
}
