/* SPDX-License-Identifier: GPL-2.0-only */
/* Error codes returned by khien's int functions: 0 on success or a negative enum kh_err. */
#ifndef KH_CORE_ERR_H
#define KH_CORE_ERR_H

enum kh_err {
    KH_OK = 0,
    KH_ENOMEM = -1,  /* an allocation or a memory cap failed */
    KH_EINVAL = -2,  /* bad argument or bad configuration value */
    KH_EIO = -3,     /* reading or writing a file failed */
    KH_ENOENT = -4,  /* a named thing (file, key) does not exist */
    KH_EFORMAT = -5, /* input is not in the expected format */
    KH_EFULL = -6,   /* a bounded container is full */
    KH_ETRUNC = -7,  /* input ended early */
};

/* A short English name for an error code, for messages. */
const char *kh_strerror(int err);

#endif
