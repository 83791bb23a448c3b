/* The four partner letters (issue #17 item 4) and their default templates:
** the contract (Surat Perjanjian Kerja, one per partner per month), the
** assignment letter (Surat Tugas, one per assignment), the handover report
** (BAST, one per contract) and the termination letter. Templates are the
** notifications' mustache subset (notify/tmpl.h) rendered to the line
** markup that report/letter_pdf.c draws (docs/letters.md). */
#ifndef LOKET_LETTERS_H
#define LOKET_LETTERS_H

#include <stdbool.h>
#include <stddef.h>

struct letter_template {
    const char *kind, *body;
};

/* Built from src/letters/templates/<kind>.tmpl (tools/embed_letters.py). */
extern const struct letter_template letter_template_defaults[];

struct letter_kind {
    const char *kind;            /* contract, assignment, bast, termination */
    const char *code;            /* {kind} in number patterns: SPK, ST, BAST, SPP */
    const char *title;           /* "Perjanjian Kerja" ... */
    const char *default_pattern; /* used while an office has set none */
    bool per_assignment;         /* one per assignment (else per partner-month) */
};

/* Every kind; ends with a {0} entry. */
extern const struct letter_kind letter_kinds[];

/* The kind named s, or NULL. */
const struct letter_kind *letter_kind_get(const char *s);
/* The built-in template of kind, or NULL. */
const char *letter_template_default(const char *kind);

enum { LETTER_TEMPLATE_MAX = 65536 };

#endif
