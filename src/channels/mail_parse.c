/* GMime 3 walk over one message (see mail_parse.h). GMime objects never
** leave this file: what is kept is copied into the arena and every GObject
** is released before returning, so a malformed message cannot leak. */
#include "channels/mail_parse.h"
#include "channels/mail_text.h"
#include "core/arena.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
    g_mime_init();
    atexit(g_mime_shutdown); /* leak checkers see GMime's tables freed */
}

/* Windows-1252 stands in for the labels that are, in practice, it. */
static const char *real_charset(const char *cs)
{
    if (!cs || !*cs || !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii") ||
        !strcasecmp(cs, "iso-8859-1") || !strcasecmp(cs, "iso8859-1") ||
        !strcasecmp(cs, "latin1") || !strcasecmp(cs, "latin-1"))
        return "WINDOWS-1252";
    return cs;
}

char *mail_to_utf8(struct arena *a, const char *data, size_t len, const char *charset)
{
    if (!data || !len)
        return arena_strdup(a, "");
    gchar *conv = NULL;
    const char *src = data;
    gsize srclen = len;
    /* Undeclared or ASCII-labelled text that is valid UTF-8 is UTF-8. */
    bool utf8 = charset && (!strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8"));
    if (!utf8 && !(g_utf8_validate(data, (gssize)len, NULL) &&
                   (!charset || !strcasecmp(charset, "us-ascii")))) {
        gsize written = 0;
        conv = g_convert(data, (gssize)len, "UTF-8", real_charset(charset), NULL, &written,
                         NULL);
        if (!conv) /* unknown charset name or bytes it cannot hold */
            conv = g_convert(data, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
        if (conv) {
            src = conv;
            srclen = written;
        }
    }
    gchar *valid = g_utf8_make_valid(src, (gssize)srclen);
    g_free(conv);
    char *out = arena_alloc(a, strlen(valid) + 1), *o = out;
    for (const char *p = valid; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        *o++ = *p == '\r' ? '\n' : *p;
    }
    *o = '\0';
    g_free(valid);
    return out;
}

struct walk {
    struct arena *a;
    struct mail_msg *m;
    const char *plain, *html;
    char *forwarded; /* text of attached messages (message/rfc822) */
    int depth;
};

static GByteArray *part_bytes(GMimePart *part)
{
    GMimeDataWrapper *w = g_mime_part_get_content(part);
    if (!w)
        return NULL;
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(w, mem);
    GByteArray *arr = g_byte_array_new();
    GByteArray *src = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    if (src)
        g_byte_array_append(arr, src->data, src->len);
    g_object_unref(mem);
    return arr;
}

static const char *header(GMimeObject *o, const char *name, struct arena *a)
{
    const char *v = g_mime_object_get_header(o, name);
    if (!v)
        return NULL;
    while (*v == ' ' || *v == '\t')
        v++;
    return mail_to_utf8(a, v, strlen(v), NULL);
}

static void walk_message(struct walk *w, GMimeMessage *msg, bool top);

static void walk_part(struct walk *w, GMimeObject *obj)
{
    if (++w->depth > 32) /* hostile nesting */
        goto out;
    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        GMimeContentType *ct = g_mime_object_get_content_type(obj);
        if (ct && g_mime_content_type_is_type(ct, "multipart", "report"))
            w->m->report = true;
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; i++)
            walk_part(w, g_mime_multipart_get_part(mp, i));
        goto out;
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        if (inner)
            walk_message(w, inner, false);
        goto out;
    }
    if (!GMIME_IS_PART(obj))
        goto out;
    GMimePart *part = GMIME_PART(obj);
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
    bool attachment = cd && g_mime_content_disposition_is_attachment(cd);
    const char *fname = g_mime_part_get_filename(part);
    bool text = !ct || g_mime_content_type_is_type(ct, "text", "*");
    if (text && !attachment && !fname) {
        bool html = ct && g_mime_content_type_is_type(ct, "text", "html");
        bool plain = !ct || g_mime_content_type_is_type(ct, "text", "plain");
        if ((html && w->html) || (plain && w->plain) || (!html && !plain))
            goto out; /* the first of each kind is the body; delivery-status etc. skipped */
        GByteArray *b = part_bytes(part);
        if (!b)
            goto out;
        const char *cs = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
        char *s = mail_to_utf8(w->a, (const char *)b->data, b->len, cs);
        g_byte_array_unref(b);
        if (html)
            w->html = s;
        else
            w->plain = s;
        goto out;
    }
    if (w->m->n_att >= MAIL_MAX_ATTACHMENTS)
        goto out;
    GByteArray *b = part_bytes(part);
    if (!b)
        goto out;
    struct mail_attachment *at = &w->m->att[w->m->n_att++];
    at->data = arena_alloc(w->a, b->len + 1);
    if (b->len)
        memcpy((void *)at->data, b->data, b->len);
    at->len = b->len;
    g_byte_array_unref(b);
    at->filename = fname ? mail_to_utf8(w->a, fname, strlen(fname), "utf-8") : NULL;
    char *mime = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    at->content_type = arena_strdup(w->a, mime ? mime : "application/octet-stream");
    g_free(mime);
    at->inline_part = !attachment;
out:
    w->depth--;
}

static const char *first_mailbox(InternetAddressList *list, const char **name)
{
    for (int i = 0; list && i < internet_address_list_length(list); i++) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            *name = internet_address_get_name(ia);
            return internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
        }
    }
    return NULL;
}

static void walk_message(struct walk *w, GMimeMessage *msg, bool top)
{
    GMimeObject *mo = GMIME_OBJECT(msg);
    if (top) {
        struct mail_msg *m = w->m;
        const char *name = NULL, *addr = first_mailbox(g_mime_message_get_from(msg), &name);
        if (addr && *addr) {
            char *low = arena_strdup(w->a, addr);
            for (char *p = low; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
            m->from_addr = low;
            m->from_name = name && *name ? mail_to_utf8(w->a, name, strlen(name), "utf-8") : NULL;
        }
        const char *subj = g_mime_message_get_subject(msg);
        m->subject = subj ? mail_to_utf8(w->a, subj, strlen(subj), "utf-8") : "";
        const char *mid = g_mime_message_get_message_id(msg);
        if (mid && *mid)
            m->message_id = arena_printf(w->a, "<%s>", mid);
        m->in_reply_to = header(mo, "In-Reply-To", w->a);
        m->references = header(mo, "References", w->a);
        m->return_path = header(mo, "Return-Path", w->a);
        m->auto_submitted = header(mo, "Auto-Submitted", w->a);
        m->precedence = header(mo, "Precedence", w->a);
        m->auto_response_suppress = header(mo, "X-Auto-Response-Suppress", w->a);
        GMimeObject *body = g_mime_message_get_mime_part(msg);
        if (body)
            walk_part(w, body);
        return;
    }
    /* An attached message: its text joins the body after a marker; its
    ** own attachments are kept like ours. */
    struct walk inner = {.a = w->a, .m = w->m, .depth = w->depth};
    GMimeObject *body = g_mime_message_get_mime_part(msg);
    if (body)
        walk_part(&inner, body);
    const char *name = NULL, *from = first_mailbox(g_mime_message_get_from(msg), &name);
    const char *subj = g_mime_message_get_subject(msg);
    const char *text = inner.plain  ? inner.plain
                       : inner.html ? mail_html_to_text(w->a, inner.html)
                                    : "";
    w->forwarded = arena_printf(w->a, "%s\n---------- Pesan terlampir ----------\nFrom: %s\n"
                                      "Subject: %s\n\n%s",
                                w->forwarded ? w->forwarded : "", from ? from : "",
                                subj ? mail_to_utf8(w->a, subj, strlen(subj), "utf-8") : "",
                                text);
}

int mail_parse(const char *buf, size_t len, struct arena *a, struct mail_msg *out)
{
    pthread_once(&gmime_once, gmime_start);
    memset(out, 0, sizeof *out);
    out->text = "";
    out->subject = "";
    out->att = arena_alloc(a, MAIL_MAX_ATTACHMENTS * sizeof *out->att);
    /* The stream copies the bytes: GMime must not write into buf. */
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(buf, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(stream);
    if (!msg)
        return -1;
    GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
    if (!hl || g_mime_header_list_get_count(hl) == 0) {
        g_object_unref(msg);
        return -1;
    }
    struct walk w = {.a = a, .m = out};
    walk_message(&w, msg, true);
    g_object_unref(msg);
    if (w.plain)
        out->text = w.plain;
    else if (w.html) {
        out->text = mail_html_to_text(a, w.html);
        out->text_from_html = true;
    }
    if (w.forwarded)
        out->text = arena_printf(a, "%s%s", out->text, w.forwarded);
    return 0;
}
