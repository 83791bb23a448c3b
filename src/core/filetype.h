/* Which uploaded file types are allowed, decided from the type libmagic
** read from the content (never from the file name). */
#ifndef LOKET_FILETYPE_H
#define LOKET_FILETYPE_H

#include <stdbool.h>
#include <stddef.h>

/* True when mime (as libmagic reports it, e.g. "application/pdf") is one of
** the extensions listed in allowed ("jpg,png,pdf,docx,xlsx,zip"). *ext gets
** the matching extension. Unknown extensions in the list are ignored. */
bool filetype_allowed(const char *mime, const char *allowed, const char **ext);
/* True when the file name's extension (if any) names the same type as ext
** (jpeg counts as jpg); a name saying ".pdf" over PNG bytes is refused. */
bool filetype_name_matches(const char *name, const char *ext);
/* Keeps a safe display name: path parts and control characters removed,
** bytes that are not well-formed UTF-8 replaced by '_', at most 200 bytes
** of whole characters; "file" when nothing is left. Writes into out[n]. */
void filetype_clean_name(const char *name, char *out, unsigned long n);

/* The MIME type libmagic reads from the content (e.g. "application/pdf"):
** of len bytes at data, or of the file at path. NULL when libmagic cannot
** be loaded or fails. The string is libmagic's, valid on this thread until
** its next sniff. Each thread has its own libmagic handle (they are not
** thread-safe), closed when the thread ends. */
const char *filetype_sniff(const void *data, size_t len);
const char *filetype_sniff_path(const char *path);

#endif
