/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target: the rule parser (header, options, every keyword) and the rule-adjacent
 * config files (classification, reference, threshold). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "detect/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        kh_log_set_level(KH_LOG_ERROR);
        quiet = 1;
    }
    if (size > 65536)
        return 0;
    char *text = kh_malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char err[512];
    struct detect_load_opts o = {.text = text, .text_name = "fuzz.rules"};
    struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
    detect_rules_free(r);

    struct detect_classes c = {0};
    struct detect_refsys rs = {0};
    struct detect_thresholds t = {0};
    detect_classes_parse(&c, text, "fuzz", err, sizeof(err));
    detect_refsys_parse(&rs, text, "fuzz", err, sizeof(err));
    detect_thresholds_parse(&t, text, "fuzz", err, sizeof(err));
    detect_classes_fini(&c);
    detect_refsys_fini(&rs);
    detect_thresholds_fini(&t);
    kh_free(text);
    return 0;
}
