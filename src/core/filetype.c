/* Extension ↔ MIME table for upload checks, and libmagic's reading of
** the content (one handle per thread) for uploads and mail attachments. */
#include "core/filetype.h"

#include <magic.h>
#include <pthread.h>
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
    /* recordings of sessions (issue #16): allowed per appointment service */
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"mkv", "video/x-matroska"},
    {"mov", "video/quicktime"},
    {"mp3", "audio/mpeg"},
    {"m4a", "audio/x-m4a"},
    {"m4a", "audio/mp4"},
    {"wav", "audio/x-wav"},
    {"wav", "audio/wav"},
    {"ogg", "audio/ogg"},
    {"ogg", "video/ogg"},
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

/* Bytes of the well-formed UTF-8 character at p (RFC 3629: no overlong
** forms, no surrogates, nothing past U+10FFFF), or 0 when it is not one. */
static unsigned long utf8_len(const unsigned char *p)
{
    unsigned char c = p[0];
    unsigned long len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                      : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    for (unsigned long i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
        (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
        return 0;
    return len;
}

void filetype_clean_name(const char *name, char *out, unsigned long n)
{
    const char *base = name ? name : "", *p;
    for (p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    unsigned long o = 0, cap = n - 1 < 200 ? n - 1 : 200;
    /* Whole characters only, so a name cut short stays UTF-8; a byte that
    ** is not part of one (a Latin-1 name) becomes '_': the name goes into
    ** JSON, which must be UTF-8. */
    for (p = base; *p && o < cap;) {
        unsigned char c = (unsigned char)*p;
        unsigned long len = utf8_len((const unsigned char *)p);
        if (len == 0) {
            out[o++] = '_';
            p++;
        } else if (o + len > cap) {
            break;
        } else if (len > 1 || (c >= 0x20 && c != 0x7f && c != '"')) {
            memcpy(out + o, p, len);
            o += len;
            p += len;
        } else {
            p++;
        }
    }
    out[o] = 0;
    if (o == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
        strncpy(out, "file", n);
        out[n - 1] = 0;
    }
}

/* ---- sniffing ------------------------------------------------------------ */

/* libmagic handles are not thread-safe: one per worker thread, closed by a
** thread-key destructor when the thread ends (server shutdown). */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;

static void magic_done(void *m)
{
    magic_close(m);
}

static void magic_key_init(void)
{
    pthread_key_create(&magic_key, magic_done);
}

static magic_t thread_magic(void)
{
    pthread_once(&magic_once, magic_key_init);
    magic_t m = pthread_getspecific(magic_key);
    if (!m) {
        m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
        if (!m || magic_load(m, NULL) != 0) {
            if (m)
                magic_close(m);
            return NULL;
        }
        pthread_setspecific(magic_key, m);
    }
    return m;
}

const char *filetype_sniff(const void *data, size_t len)
{
    magic_t m = thread_magic();
    return m ? magic_buffer(m, data, len) : NULL;
}

const char *filetype_sniff_path(const char *path)
{
    magic_t m = thread_magic();
    return m ? magic_file(m, path) : NULL;
}
