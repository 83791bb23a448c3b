/* Files attached to outgoing mail (issue #22 item 2: scheduled reports). The
** outbox row names the file in its vars, never a path: "attachment_file" is
** a bare name under DATA_DIR/mail-files (written by report/schedule.c),
** "attachment_name" the name the recipient sees and "attachment_type" its
** MIME type. */
#ifndef LOKET_NOTIFY_ATTACH_H
#define LOKET_NOTIFY_ATTACH_H

#include <jansson.h>
#include <stddef.h>

struct config;
struct mail_msg;

/* The folder under the data directory that holds the files. */
#define MAIL_FILES_DIR "mail-files"

/* Reads the file the vars name into m (file, file_len, file_name,
** file_type); *owned is the malloc'd bytes for the caller to free (NULL
** when vars name no file). Returns 0, or -1 with why filled when the vars
** name a file that is unsafe or unreadable (the row can never be sent). */
int mail_attach_load(const struct config *cfg, json_t *vars, struct mail_msg *m,
                     unsigned char **owned, char *why, size_t why_len);

#endif
