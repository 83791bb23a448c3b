/* The identity a sender types into WhatsApp or an e-mail when the intake
** asks for it (seed 002: "User mengirimkan pesan ... dengan menyertakan
** identitas diri"). Pure: text in, fields out; fuzzed by
** tests/fuzz/fuzz_identity.c. The accepted form, one field a line (or
** separated by ';'), labels in any case, ':' or '=' after the label:
**
**     IDENTITAS
**     Nama: Siti Aminah
**     NIP/NIM: 19800101 200501 2 001
**     Email: siti@example.ac.id
**
** Labels: Nama/Name; NIP, NIM, NIK, NIP/NIM, No. Induk; Email/E-mail/Surel.
** The text is an identity reply when it starts with the keyword IDENTITAS
** (or IDENTITY) or names at least two of the three fields. */
#ifndef LOKET_CORE_IDPARSE_H
#define LOKET_CORE_IDPARSE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum { IDP_NAME_MAX = 200, IDP_NUMBER_MAX = 30, IDP_EMAIL_MAX = 254 };

struct identity_reply {
    bool keyword;        /* started with IDENTITAS */
    const char *name;    /* trimmed, NULL when not given or empty */
    const char *number;  /* NIP/NIM as digits only (spaces, dots, dashes dropped) */
    const char *email;   /* lower case, one '@' with a dot after it */
    /* which given fields were refused, for the answer to the sender */
    bool bad_number, bad_email;
};

/* Reads text (NUL-terminated, any bytes); strings in the arena. Returns true
** when text is an identity reply by the rule above, false otherwise. */
bool identity_parse(struct arena *a, const char *text, struct identity_reply *out);

#endif
