/* Which files a ticket takes (issue #16 item 6): the configured size limit
** and types, or its service's own (an appointment service documenting its
** sessions with recordings: larger files, audio and video). The one place
** that decides; the upload path asks it before the body is read (size) and
** again when the file is in (type, and size should the service have changed
** meanwhile). */
#ifndef LOKET_SVC_ATTACHMENT_RULE_H
#define LOKET_SVC_ATTACHMENT_RULE_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct config;
struct db;

struct attachment_rule {
    size_t max_bytes;
    const char *types; /* "jpg,png,pdf,..." as filetype_allowed reads it */
};

/* The recording types added by allow_media (chat files are txt). */
extern const char ATTACHMENT_MEDIA_TYPES[];

int svc_attachment_rule(struct db *db, const struct config *cfg, struct arena *a,
                        int64_t service_id, struct attachment_rule *out, struct err *err);

#endif
