/* Loading a mail's attached file (see attach.h). The name is checked to be
** a plain file name so an outbox row can only ever reach the one folder. */
#include "notify/attach.h"
#include "core/config.h"
#include "notify/mime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool plain_name(const char *s)
{
    if (!s || !*s || *s == '.' || strlen(s) > 200)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

int mail_attach_load(const struct config *cfg, json_t *vars, struct mail_msg *m,
                     unsigned char **owned, char *why, size_t why_len)
{
    *owned = NULL;
    const char *file = json_string_value(json_object_get(vars, "attachment_file"));
    if (!file)
        return 0;
    const char *name = json_string_value(json_object_get(vars, "attachment_name"));
    const char *type = json_string_value(json_object_get(vars, "attachment_type"));
    if (!plain_name(file) || !plain_name(name) || !type || strpbrk(type, "\r\n\"")) {
        snprintf(why, why_len, "bad attachment name or type");
        return -1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", config_files_dir(cfg), MAIL_FILES_DIR, file);
    FILE *f = fopen(path, "rb");
    long len = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        len = ftell(f);
    /* base64 grows a file by 4/3; keep room for the text parts */
    if (!f || len < 0 || len > MIME_MAX_BYTES / 2 || fseek(f, 0, SEEK_SET) != 0) {
        snprintf(why, why_len, "attachment %s: %s", file,
                 !f ? strerror(errno) : len > 0 ? "too large" : "unreadable");
        if (f)
            fclose(f);
        return -1;
    }
    unsigned char *p = malloc(len ? (size_t)len : 1);
    if (!p || fread(p, 1, (size_t)len, f) != (size_t)len) {
        snprintf(why, why_len, "attachment %s: read failed", file);
        free(p);
        fclose(f);
        return -1;
    }
    fclose(f);
    *owned = p;
    m->file = p;
    m->file_len = (size_t)len;
    m->file_name = name;
    m->file_type = type;
    return 0;
}
