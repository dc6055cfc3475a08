/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DLP tables, compiled in from the documented data files in data/dlp/ (the dlp_tables
 * test reads those files and checks these tables hold exactly the same entries).
 */
#include "tables.h"

#include <string.h>

/* data/dlp/provinces.txt: Circular 07/2016/TT-BCA Appendix 1. */
const uint16_t dlp_provinces[] = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
};
const size_t dlp_nprovinces = sizeof(dlp_provinces) / sizeof(dlp_provinces[0]);

/* data/dlp/mobile_prefixes.txt: the two digits after 0 / +84. */
const uint8_t dlp_mobile_prefixes[] = {
    32, 33, 34, 35, 36, 37, 38, 39, 86, 96, 97, 98, 81, 82, 83, 84, 85,
    88, 91, 94, 70, 76, 77, 78, 79, 89, 90, 93, 56, 58, 92, 59, 99,
};
const size_t dlp_nmobile_prefixes = sizeof(dlp_mobile_prefixes) / sizeof(dlp_mobile_prefixes[0]);

/* data/dlp/context.txt: words, ASCII letters in lower case (the window is folded so). */
const struct dlp_context_word dlp_context_words[] = {
    {DLP_CMND, "cmnd", sizeof("cmnd") - 1},
    {DLP_CMND, "cmtnd", sizeof("cmtnd") - 1},
    {DLP_CMND, "chứng minh", sizeof("chứng minh") - 1},
    {DLP_CMND, "chỨng minh", sizeof("chỨng minh") - 1},
    {DLP_CMND, "chung minh", sizeof("chung minh") - 1},
    {DLP_CMND, "identity card", sizeof("identity card") - 1},
    {DLP_CMND, "id card", sizeof("id card") - 1},
    {DLP_CMND, "id no", sizeof("id no") - 1},
    {DLP_PASSPORT, "hộ chiếu", sizeof("hộ chiếu") - 1},
    {DLP_PASSPORT, "hỘ chiẾu", sizeof("hỘ chiẾu") - 1},
    {DLP_PASSPORT, "ho chieu", sizeof("ho chieu") - 1},
    {DLP_PASSPORT, "passport", sizeof("passport") - 1},
    {DLP_TAX, "mst", sizeof("mst") - 1},
    {DLP_TAX, "mã số thuế", sizeof("mã số thuế") - 1},
    {DLP_TAX, "mÃ sỐ thuẾ", sizeof("mÃ sỐ thuẾ") - 1},
    {DLP_TAX, "ma so thue", sizeof("ma so thue") - 1},
    {DLP_TAX, "masothue", sizeof("masothue") - 1},
    {DLP_TAX, "tax code", sizeof("tax code") - 1},
    {DLP_TAX, "tax id", sizeof("tax id") - 1},
    {DLP_TAX, "taxpayer", sizeof("taxpayer") - 1},
    {DLP_BHXH, "bhxh", sizeof("bhxh") - 1},
    {DLP_BHXH, "bảo hiểm xã hội", sizeof("bảo hiểm xã hội") - 1},
    {DLP_BHXH, "bẢo hiỂm xÃ hỘi", sizeof("bẢo hiỂm xÃ hỘi") - 1},
    {DLP_BHXH, "bao hiem xa hoi", sizeof("bao hiem xa hoi") - 1},
    {DLP_BHXH, "social insurance", sizeof("social insurance") - 1},
};
const size_t dlp_ncontext_words = sizeof(dlp_context_words) / sizeof(dlp_context_words[0]);

/*
 * Stamp forms after normalisation (mark.c): NUL bytes dropped (so UTF-16LE text compares as
 * its non-zero bytes), framing stripped, blanks collapsed to one space, combining marks
 * dropped (NFD compares as the ASCII form, reported as NFD). Upper case only: the stamps of
 * Circular 24/2020/TT-BCA form No. 02 are set in capitals.
 * UTF-8: Ậ U+1EAC E1 BA AC, Ố U+1ED0 E1 BB 90, Ệ U+1EC6 E1 BB 86.
 * UTF-16LE: the same code points little-endian, AC 1E, D0 1E, C6 1E.
 * TCVN3 (TCVN 5712:1993, VN3 table): toned letters have one code, the lower-case one
 * (ậ CB, ố E8, ệ D6); capitals come from the .VnTimeH font, so stamps are typed either with
 * ASCII capitals around those codes or wholly in lower-case codes. [derived] see docs/dlp.md.
 * VNI (VNI-Windows): a base letter then a tone byte, capitals with capital tone bytes
 * (Ậ = "A" C4, Ố = "O" C1, Ệ = "E" C4).
 */
const struct dlp_stamp_form dlp_stamp_forms[] = {
    {DLP_LEVEL_MAT, DLP_ENC_UTF8, "M\xE1\xBA\xACT", sizeof("M\xE1\xBA\xACT") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_UTF8, "T\xE1\xBB\x90I M\xE1\xBA\xACT",
     sizeof("T\xE1\xBB\x90I M\xE1\xBA\xACT") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_UTF8, "TUY\xE1\xBB\x86T M\xE1\xBA\xACT",
     sizeof("TUY\xE1\xBB\x86T M\xE1\xBA\xACT") - 1},
    {DLP_LEVEL_MAT, DLP_ENC_ASCII, "MAT", sizeof("MAT") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_ASCII, "TOI MAT", sizeof("TOI MAT") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_ASCII, "TUYET MAT", sizeof("TUYET MAT") - 1},
    {DLP_LEVEL_MAT, DLP_ENC_UTF16LE, "M\xAC\x1ET", sizeof("M\xAC\x1ET") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_UTF16LE, "T\xD0\x1EI M\xAC\x1ET",
     sizeof("T\xD0\x1EI M\xAC\x1ET") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_UTF16LE, "TUY\xC6\x1ET M\xAC\x1ET",
     sizeof("TUY\xC6\x1ET M\xAC\x1ET") - 1},
    {DLP_LEVEL_MAT, DLP_ENC_TCVN3, "M\xCBT", sizeof("M\xCBT") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_TCVN3, "T\xE8I M\xCBT", sizeof("T\xE8I M\xCBT") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_TCVN3, "TUY\xD6T M\xCBT", sizeof("TUY\xD6T M\xCBT") - 1},
    {DLP_LEVEL_MAT, DLP_ENC_TCVN3, "m\xCBt", sizeof("m\xCBt") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_TCVN3, "t\xE8i m\xCBt", sizeof("t\xE8i m\xCBt") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_TCVN3, "tuy\xD6t m\xCBt", sizeof("tuy\xD6t m\xCBt") - 1},
    {DLP_LEVEL_MAT, DLP_ENC_VNI, "MA\xC4T", sizeof("MA\xC4T") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_VNI, "TO\xC1I MA\xC4T", sizeof("TO\xC1I MA\xC4T") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_VNI, "TUYE\xC4T MA\xC4T", sizeof("TUYE\xC4T MA\xC4T") - 1},
    /*
     * The legacy forms inside Unicode documents: DOCX, HTML and PDF text set in a TCVN3 or
     * VNI font holds the font's bytes as the Windows-1252 characters they index, written in
     * UTF-8 (VNI C4 is U+00C4, C3 84). [derived] see docs/dlp.md.
     */
    {DLP_LEVEL_MAT, DLP_ENC_TCVN3, "M\xC3\x8BT", sizeof("M\xC3\x8BT") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_TCVN3, "T\xC3\xA8I M\xC3\x8BT",
     sizeof("T\xC3\xA8I M\xC3\x8BT") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_TCVN3, "TUY\xC3\x96T M\xC3\x8BT",
     sizeof("TUY\xC3\x96T M\xC3\x8BT") - 1},
    {DLP_LEVEL_MAT, DLP_ENC_TCVN3, "m\xC3\x8Bt", sizeof("m\xC3\x8Bt") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_TCVN3, "t\xC3\xA8i m\xC3\x8Bt",
     sizeof("t\xC3\xA8i m\xC3\x8Bt") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_TCVN3, "tuy\xC3\x96t m\xC3\x8Bt",
     sizeof("tuy\xC3\x96t m\xC3\x8Bt") - 1},
    {DLP_LEVEL_MAT, DLP_ENC_VNI, "MA\xC3\x84T", sizeof("MA\xC3\x84T") - 1},
    {DLP_LEVEL_TOI_MAT, DLP_ENC_VNI, "TO\xC3\x81I MA\xC3\x84T",
     sizeof("TO\xC3\x81I MA\xC3\x84T") - 1},
    {DLP_LEVEL_TUYET_MAT, DLP_ENC_VNI, "TUYE\xC3\x84T MA\xC3\x84T",
     sizeof("TUYE\xC3\x84T MA\xC3\x84T") - 1},
};
const size_t dlp_nstamp_forms = sizeof(dlp_stamp_forms) / sizeof(dlp_stamp_forms[0]);

bool dlp_province_valid(unsigned code)
{
    for (size_t i = 0; i < dlp_nprovinces; i++)
        if (dlp_provinces[i] == code)
            return true;
    return false;
}

bool dlp_mobile_prefix_valid(unsigned two_digits)
{
    for (size_t i = 0; i < dlp_nmobile_prefixes; i++)
        if (dlp_mobile_prefixes[i] == two_digits)
            return true;
    return false;
}
