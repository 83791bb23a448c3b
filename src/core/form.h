/* Booking forms of appointment services (issue 16): the schedule's
** form_fields and the answers a booking gives. Pure functions over jansson
** values, no I/O (fuzzed by tests/fuzz/fuzz_form.c).
**
** A form is a JSON array of at most 30 fields {key, label, type, options?,
** required?, sensitive?}: key of lowercase letters, digits and _ (1-32,
** unique), label 1-200 bytes, type text | date | number | select (select
** with 1-50 text options, the others none). A sensitive field (NIK, date
** of birth, a complaint) is specially protected personal data: its answer
** is kept apart so it never reaches search, lists, reports or exports. */
#ifndef LOKET_CORE_FORM_H
#define LOKET_CORE_FORM_H

#include <jansson.h>

struct arena;
struct err;

/* A clean copy of form_fields (absent or null: an empty form), or NULL with
** field errors ("form_fields" or "form_fields[i]") added to err. New
** reference. */
json_t *form_parse(json_t *v, struct err *err);
/* Checks answers (an object, or NULL) against a parsed form: required ones
** present and non-empty, each of its type (date YYYY-MM-DD from 1900, a
** number or numeric text, one of the options), no unknown key. Adds field
** errors "answers.<key>" to err. *plain and *secret get the ordinary and the
** sensitive answers as JSON object text in arena a. */
void form_answers(json_t *form, json_t *answers, struct arena *a, const char **plain,
                  const char **secret, struct err *err);
/* form_answers, and *description as form_describe(form, *plain, first)
** would give, without loading *plain back (bench/README.md, appointments,
** fifth pass). */
void form_answers_described(json_t *form, json_t *answers, struct arena *a, const char **plain,
                            const char **secret, const char *first, const char **description,
                            struct err *err);
/* `first` followed by one "Label: value" line per ordinary answer (plain as
** form_answers made it), in the form's order, in arena a. */
const char *form_describe(json_t *form, const char *plain, const char *first,
                          struct arena *a);

#endif
