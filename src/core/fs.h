/* Small file-system helpers shared by the upload path, mail intake and the
** CLI (they each had their own copy). */
#ifndef LOKET_CORE_FS_H
#define LOKET_CORE_FS_H

/* mkdir -p with mode 0750: creates path and each missing parent; existing
** directories are fine. Returns 0, or -1 with errno set (ENAMETOOLONG for a
** path of 4096 bytes or more, which is never truncated). */
int fs_mkdirs(const char *path);

#endif
