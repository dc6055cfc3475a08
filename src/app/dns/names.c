/* SPDX-License-Identifier: GPL-2.0-only */
/* Names of DNS events, record types and rcodes, spelled as Suricata 8 writes them. */
#include <stddef.h>

#include "core/compiler.h"
#include "dns.h"

const char *dns_event_name(enum dns_event ev)
{
    static const char *const names[DNS_EV_MAX] = {
        [DNS_EV_MALFORMED_DATA] = "malformed_data",
        [DNS_EV_NOT_A_REQUEST] = "not_a_request",
        [DNS_EV_NOT_A_RESPONSE] = "not_a_response",
        [DNS_EV_Z_FLAG_SET] = "z_flag_set",
        [DNS_EV_INVALID_OPCODE] = "invalid_opcode",
        [DNS_EV_NAME_TOO_LONG] = "name_too_long",
        [DNS_EV_INFINITE_LOOP] = "infinite_loop",
        [DNS_EV_TOO_MANY_LABELS] = "too_many_labels",
        [DNS_EV_INVALID_ADDITIONALS] = "invalid_additionals",
        [DNS_EV_INVALID_AUTHORITIES] = "invalid_authorities",
    };
    return (unsigned)ev < DNS_EV_MAX ? names[ev] : "unknown";
}

/* Suricata's DNSRecordType, upper-cased as its logger prints it. */
static const struct {
    uint16_t type;
    const char *name;
} type_names[] = {
    {1, "A"},      {2, "NS"},        {3, "MD"},          {4, "MF"},     {5, "CNAME"},
    {6, "SOA"},    {7, "MB"},        {8, "MG"},          {9, "MR"},     {10, "NULL"},
    {11, "WKS"},   {12, "PTR"},      {13, "HINFO"},      {14, "MINFO"}, {15, "MX"},
    {16, "TXT"},   {17, "RP"},       {18, "AFSDB"},      {19, "X25"},   {20, "ISDN"},
    {21, "RT"},    {22, "NSAP"},     {23, "NSAPPTR"},    {24, "SIG"},   {25, "KEY"},
    {26, "PX"},    {27, "GPOS"},     {28, "AAAA"},       {29, "LOC"},   {30, "NXT"},
    {33, "SRV"},   {34, "ATMA"},     {35, "NAPTR"},      {36, "KX"},    {37, "CERT"},
    {38, "A6"},    {39, "DNAME"},    {41, "OPT"},        {42, "APL"},   {43, "DS"},
    {44, "SSHFP"}, {45, "IPSECKEY"}, {46, "RRSIG"},      {47, "NSEC"},  {48, "DNSKEY"},
    {49, "DHCID"}, {50, "NSEC3"},    {51, "NSEC3PARAM"}, {52, "TLSA"},  {55, "HIP"},
    {59, "CDS"},   {60, "CDNSKEY"},  {65, "HTTPS"},      {99, "SPF"},   {249, "TKEY"},
    {250, "TSIG"}, {254, "MAILA"},   {255, "ANY"},       {256, "URI"},
};

const char *dns_type_name(uint16_t type)
{
    for (size_t i = 0; i < KH_ARRAY_LEN(type_names); i++)
        if (type_names[i].type == type)
            return type_names[i].name;
    return NULL;
}

const char *dns_rcode_name(uint16_t flags)
{
    static const char *const names[] = {
        "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE",
    };
    unsigned rc = flags & 0xf;
    return rc < KH_ARRAY_LEN(names) ? names[rc] : NULL;
}
