/* A macro row's rules across fields and its tag list (core/macro.h). */
#include "core/macro.h"
#include "core/err.h"
#include "core/resource.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int bad_tags(struct err *err, const char *msg_id, const char *msg_en)
{
    err_set(err, ERR_INVALID, "macro.invalid", "Makro tidak valid", "Invalid macro");
    err_field(err, "tags", msg_id, msg_en);
    return ERR_INVALID;
}

int macro_tags_read(const char *s, struct macro_tags *out, struct err *err)
{
    out->n = 0;
    if (!s)
        return 0;
    const char *p = s;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t span = end ? (size_t)(end - p) : strlen(p);
        const char *b = p, *e = p + span;
        while (b < e && space(*b))
            b++;
        while (e > b && space(e[-1]))
            e--;
        size_t len = (size_t)(e - b);
        if (len == 0) {
            /* "" and "   " are no tags; an empty name between commas is a slip */
            if (!end && out->n == 0 && p == s)
                return 0;
            return bad_tags(err, "nama label kosong di antara koma",
                            "an empty tag name between commas");
        }
        if (len > MACRO_TAG_MAX)
            return bad_tags(err, "nama label maksimal 64 karakter",
                            "a tag name has at most 64 characters");
        for (const char *c = b; c < e; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                return bad_tags(err, "nama label berisi karakter kendali",
                                "a tag name holds a control character");
        for (size_t i = 0; i < out->n; i++)
            if (out->v[i].len == len && !strncasecmp(out->v[i].s, b, len))
                return bad_tags(err, "label yang sama disebut dua kali",
                                "the same tag is named twice");
        if (out->n == MACRO_MAX_TAGS)
            return bad_tags(err, "maksimal 8 label", "at most 8 tags");
        out->v[out->n].s = b;
        out->v[out->n].len = len;
        out->n++;
        if (!end)
            return 0;
        p = end + 1;
    }
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!space(*s))
            return false;
    return true;
}

int record_macro_rules(struct record *r, const struct record *old, struct err *err)
{
    const struct resource *res = &res_macros;
    const struct value *body = record_after(res, r, old, "body");
    const struct value *internal = record_after(res, r, old, "internal");
    const struct value *status = record_after(res, r, old, "status");
    const struct value *tags = record_after(res, r, old, "tags");
    const struct value *assign = record_after(res, r, old, "assign");
    const struct value *assignee = record_after(res, r, old, "assignee_id");
    size_t before = err->n_fields;
    bool reply = !body->null && !blank(body->s);
    bool is_internal = !internal->null && internal->i;
    struct macro_tags tl;
    struct err tag_err = {0};
    if (macro_tags_read(tags->null ? NULL : tags->s, &tl, &tag_err) != 0)
        err_field(err, "tags", tag_err.fields[0].msg[LOC_ID], tag_err.fields[0].msg[LOC_EN]);
    bool has_status = !status->null && status->s && *status->s;
    bool has_assign = !assign->null && assign->s && *assign->s;
    bool to_user = has_assign && !strcmp(assign->s, "user");
    if (has_status && !strcmp(status->s, "resolved") && (!reply || is_internal))
        err_field(err, "status",
                  "makro yang menyelesaikan tiket perlu balasan publik (ringkasan penyelesaian)",
                  "a resolving macro needs a public reply (the resolution summary)");
    if (to_user && (assignee->null || assignee->i <= 0))
        err_field(err, "assignee_id", "pilih petugas", "choose the assignee");
    if (!reply && !has_status && !has_assign && tl.n == 0 && err->n_fields == before)
        err_field(err, "body", "makro perlu sedikitnya satu tindakan: balasan, status, label atau penugasan",
                  "a macro needs at least one action: a reply, a status, tags or an assignment");
    if (err->n_fields > before)
        return err_set(err, ERR_INVALID, "macro.invalid", "Makro tidak valid", "Invalid macro");
    /* only "assign": "user" keeps an assignee */
    if (!to_user && !assignee->null) {
        int i = resource_field(res, "assignee_id");
        r->v[i] = (struct value){.set = true, .null = true};
    }
    return 0;
}
