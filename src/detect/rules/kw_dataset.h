/* SPDX-License-Identifier: GPL-2.0-only */
/* The parsed dataset, datarep and iprep keywords (kw_dataset.c), matched in dsmatch.c. */
#ifndef KH_DETECT_RULES_KW_DATASET_H
#define KH_DETECT_RULES_KW_DATASET_H

#include <stdbool.h>
#include <stdint.h>

#include "detect/rules/keywords.h"

struct ds_set;
struct iprep;

enum kw_ds_cmd {
    KW_DS_SET = 0, /* add; matches when the value was not there yet (Suricata) */
    KW_DS_ISSET,
    KW_DS_ISNOTSET,
    KW_DS_UNSET, /* remove; matches when the value was there */
};

/* dataset and datarep (op/value used by datarep only). */
struct kw_dataset {
    char *context_key;  /* format json: the alert's context member, or NULL */
    struct ds_set *set; /* owned by the registry, which outlives the rule set */
    enum kw_ds_cmd cmd;
    enum kw_num_op op;
    uint64_t value;
};

enum kw_iprep_side { KW_IPREP_ANY = 0, KW_IPREP_SRC, KW_IPREP_DST, KW_IPREP_BOTH };

/* iprep:<side>,<category>,<op>,<value> (or isset/isnotset without a value). */
struct kw_iprep {
    const struct iprep *ip; /* the rule set's reputation data */
    enum kw_iprep_side side;
    uint8_t cat;
    bool isset, isnotset;
    struct kw_num num;
};

#endif
