/* The identity reply's parser (see idparse.h). Works line by line on a copy;
** nothing here reads past the terminating NUL whatever the input is. */
#include "core/idparse.h"
#include "core/arena.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* s without leading and trailing blanks, as a fresh arena string. */
static char *trimmed(struct arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return arena_strndup(a, s, n);
}

/* Which field a label names: 'n' name, 'i' number, 'e' email, 0 none. */
static char label_kind(const char *l)
{
    static const struct {
        const char *label;
        char kind;
    } labels[] = {{"nama lengkap", 'n'}, {"nama", 'n'},     {"name", 'n'},     {"nip/nim", 'i'},
                  {"nim/nip", 'i'},      {"nip", 'i'},      {"nim", 'i'},      {"nik", 'i'},
                  {"no. induk", 'i'},    {"no induk", 'i'}, {"nomor induk", 'i'}, {"e-mail", 'e'},
                  {"email", 'e'},        {"surel", 'e'}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strcasecmp(l, labels[i].label))
            return labels[i].kind;
    return 0;
}

/* Digits only; NULL unless 5..IDP_NUMBER_MAX digits and nothing but
** digits, blanks, dots and dashes. */
static const char *number_of(struct arena *a, const char *v)
{
    char buf[IDP_NUMBER_MAX + 1];
    size_t n = 0;
    for (const char *p = v; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n == IDP_NUMBER_MAX)
                return NULL;
            buf[n++] = *p;
        } else if (*p != ' ' && *p != '.' && *p != '-') {
            return NULL;
        }
    }
    return n >= 5 ? arena_strndup(a, buf, n) : NULL;
}

/* Lower case; NULL unless one '@' with something before it and a dot in
** the part after it, no blanks or controls, at most IDP_EMAIL_MAX bytes. */
static const char *email_of(struct arena *a, const char *v)
{
    size_t n = strlen(v);
    const char *at = strchr(v, '@');
    if (!n || n > IDP_EMAIL_MAX || !at || at == v || strchr(at + 1, '@') ||
        !strchr(at + 1, '.') || at[strlen(at) - 1] == '.')
        return NULL;
    char *e = arena_strndup(a, v, n);
    for (char *p = e; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == ',')
            return NULL;
        *p = (char)tolower((unsigned char)*p);
    }
    return e;
}

static bool keyword_at(const char *s, size_t n)
{
    return (n == 9 && !strncasecmp(s, "identitas", 9)) || (n == 8 && !strncasecmp(s, "identity", 8));
}

bool identity_parse(struct arena *a, const char *text, struct identity_reply *out)
{
    memset(out, 0, sizeof *out);
    if (!text)
        return false;
    const char *p = text;
    int given = 0;
    bool first = true;
    while (*p) {
        size_t len = strcspn(p, "\n;");
        char *line = trimmed(a, p, len);
        p += len;
        if (*p)
            p++;
        if (!*line)
            continue;
        /* "IDENTITAS" alone on the first line, or before the first field */
        size_t w = strcspn(line, " \t:=");
        if (first && keyword_at(line, w)) {
            out->keyword = true;
            line = trimmed(a, line + w, strlen(line + w));
            if (!*line) {
                first = false;
                continue;
            }
        }
        first = false;
        char *sep = line + strcspn(line, ":=");
        if (!*sep)
            continue;
        char *label = trimmed(a, line, (size_t)(sep - line));
        char *value = trimmed(a, sep + 1, strlen(sep + 1));
        char kind = label_kind(label);
        /* the first of each: a reply on top of our quoted question wins */
        if (!kind || !*value || (kind == 'n' && out->name) ||
            (kind == 'i' && (out->number || out->bad_number)) ||
            (kind == 'e' && (out->email || out->bad_email)))
            continue;
        given++;
        if (kind == 'n') {
            size_t vn = strlen(value);
            if (vn > IDP_NAME_MAX) { /* cut on a UTF-8 character boundary */
                vn = IDP_NAME_MAX;
                while (vn && ((unsigned char)value[vn] & 0xC0) == 0x80)
                    vn--;
                value[vn] = '\0';
                if (!vn) { /* nothing but continuation bytes: no name at all */
                    given--;
                    continue;
                }
            }
            out->name = value;
        } else if (kind == 'i') {
            out->number = number_of(a, value);
            out->bad_number = !out->number;
        } else {
            out->email = email_of(a, value);
            out->bad_email = !out->email;
        }
    }
    return out->keyword || given >= 2;
}
