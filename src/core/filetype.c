/* Extension ↔ MIME table for upload checks. */
#include "core/filetype.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *ext, *mime;
} types[] = {
    {"jpg", "image/jpeg"},
    {"png", "image/png"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"pdf", "application/pdf"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"zip", "application/zip"},
    {"txt", "text/plain"},
    {"csv", "text/csv"},
};

static bool listed(const char *allowed, const char *ext)
{
    size_t n = strlen(ext);
    for (const char *p = allowed; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && *p == ' ')
            p++, len--;
        if (len == n && strncmp(p, ext, n) == 0)
            return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

bool filetype_allowed(const char *mime, const char *allowed, const char **ext)
{
    if (!mime)
        return false;
    size_t mlen = strcspn(mime, ";"); /* "text/plain; charset=utf-8" */
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i].mime) == mlen && strncmp(types[i].mime, mime, mlen) == 0 &&
            listed(allowed, types[i].ext)) {
            if (ext)
                *ext = types[i].ext;
            return true;
        }
    return false;
}

bool filetype_name_matches(const char *name, const char *ext)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot || strchr(dot, '/') || !dot[1])
        return true; /* no extension: nothing claimed */
    const char *e = dot + 1;
    if (strcasecmp(e, ext) == 0)
        return true;
    return strcmp(ext, "jpg") == 0 && strcasecmp(e, "jpeg") == 0;
}

void filetype_clean_name(const char *name, char *out, unsigned long n)
{
    const char *base = name ? name : "", *p;
    for (p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    unsigned long o = 0, cap = n - 1 < 200 ? n - 1 : 200;
    for (p = base; *p && o < cap; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != 0x7f && c != '"')
            out[o++] = (char)c;
    }
    if (*p) { /* cut short: drop a possibly split UTF-8 character */
        while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
            o--;
        if (o > 0 && ((unsigned char)out[o - 1] & 0x80))
            o--;
    }
    out[o] = 0;
    if (o == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
        strncpy(out, "file", n);
        out[n - 1] = 0;
    }
}
