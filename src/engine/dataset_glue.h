/* SPDX-License-Identifier: GPL-2.0-only */
/* The run's dataset registry: made from the datasets: section, saved at exit. */
#ifndef KH_ENGINE_DATASET_GLUE_H
#define KH_ENGINE_DATASET_GLUE_H

#include "core/conf.h"
#include "detect/dataset.h"

/*
 * The registry every rule load of the run shares (sets survive reloads). Relative save/state
 * paths (and relative load paths of the datasets: section) are under default-data-dir, else
 * the log directory. NULL after logging the error.
 */
struct ds_registry *engine_datasets_new(const struct conf *conf, const char *log_dir);
/* Write the sets with save/state, log the counters, free. */
void engine_datasets_finish(struct ds_registry *r);

#endif
