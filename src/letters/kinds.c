/* The letter kinds (see letters.h). */
#include "letters/letters.h"

#include <string.h>

const struct letter_kind letter_kinds[] = {
    {"contract", "SPK", "Perjanjian Kerja", "{seq:3}/{unit}/SPK/{month_roman}/{year}", false},
    {"assignment", "ST", "Surat Tugas", "{seq:3}/{unit}/ST/{month_roman}/{year}", true},
    {"bast", "BAST", "Berita Acara Serah Terima", "{seq:3}/{unit}/BAST/{month_roman}/{year}",
     false},
    {"termination", "SPP", "Pemutusan Perjanjian Kerja",
     "{seq:3}/{unit}/SPP/{month_roman}/{year}", false},
    {0},
};

const struct letter_kind *letter_kind_get(const char *s)
{
    for (const struct letter_kind *k = letter_kinds; s && k->kind; k++)
        if (!strcmp(k->kind, s))
            return k;
    return NULL;
}

const char *letter_template_default(const char *kind)
{
    for (const struct letter_template *t = letter_template_defaults; kind && t->kind; t++)
        if (!strcmp(t->kind, kind))
            return t->body;
    return NULL;
}
