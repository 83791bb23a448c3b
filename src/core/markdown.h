/* Markdown → HTML for FAQ answers, safe to insert into a page: raw HTML in
** the source is escaped (md4c MD_FLAG_NOHTML) and link/image targets other
** than http(s), mailto and relative ones are replaced by "#". */
#ifndef LOKET_MARKDOWN_H
#define LOKET_MARKDOWN_H

struct arena;

/* Returns the HTML in arena a, or NULL if md4c failed. */
char *markdown_to_html(struct arena *a, const char *md);

#endif
