/* The WhatsApp booking dialogue's state machine (see wa_dialog.h). */
#include "channels/wa_dialog.h"
#include "core/arena.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { WAD_MAX_ANSWER = 500, WAD_DAYS_SHOWN = 7 };

static const char HINT_STOP[] = "Ketik BATAL untuk berhenti.";

void wad_state_init(struct wad_state *st)
{
    memset(st, 0, sizeof *st);
    st->answers = json_object();
}

void wad_state_free(struct wad_state *st)
{
    json_decref(st->answers);
    st->answers = NULL;
}

static void reset(struct wad_state *st)
{
    wad_state_free(st);
    wad_state_init(st);
}

/* ---- dates ---------------------------------------------------------------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* "YYYY-MM-DD" exactly, a real date. */
static bool iso_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return valid_ymd(*y, *m, *d);
}

/* A date as people type it: DD-MM-YYYY, D/M/YYYY, DD.MM.YYYY or
** YYYY-MM-DD, written into out as YYYY-MM-DD. */
static bool read_date(const char *s, char out[11])
{
    int y, m, d;
    if (iso_date(s, &y, &m, &d)) {
        memcpy(out, s, 11);
        return true;
    }
    int n[3] = {0}, k = 0, digits = 0;
    for (const char *p = s;; p++) {
        if (isdigit((unsigned char)*p)) {
            if (++digits > 4)
                return false;
            n[k] = n[k] * 10 + (*p - '0');
        } else if ((*p == '-' || *p == '/' || *p == '.') && digits && k < 2) {
            k++;
            digits = 0;
        } else if (!*p && digits && k == 2) {
            break;
        } else {
            return false;
        }
    }
    if (!valid_ymd(n[2], n[1], n[0]))
        return false;
    snprintf(out, 11, "%04d-%02d-%02d", n[2], n[1], n[0]);
    return true;
}

/* Day of the week, 0 = Sunday (Sakamoto). */
static int weekday(int y, int m, int d)
{
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

const char *wad_day_label(struct arena *a, const char *date)
{
    static const char *const names[7] = {"Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"};
    int y, m, d;
    if (!date || !iso_date(date, &y, &m, &d))
        return date ? date : "";
    return arena_printf(a, "%s, %02d-%02d-%04d", names[weekday(y, m, d)], d, m, y);
}

/* ---- words ---------------------------------------------------------------- */

/* The text trimmed, inner runs of white space as one space. */
static char *tidy(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    char *o = arena_alloc(a, n + 1), *w = o;
    bool space = false;
    for (const char *p = s; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = w != o;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = *p;
    }
    *w = 0;
    return o;
}

/* Whether s is keyword kw alone or followed by a space (*rest after it). */
static bool keyword(const char *s, const char *kw, const char **rest)
{
    size_t n = strlen(kw);
    if (strncasecmp(s, kw, n) != 0 || (s[n] && s[n] != ' '))
        return false;
    *rest = s[n] ? s + n + 1 : s + n;
    return true;
}

/* A whole positive number 1..max written alone; 0 otherwise. */
static size_t choice(const char *s, size_t max)
{
    if (!*s || strlen(s) > 3)
        return 0;
    size_t v = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return 0;
        v = v * 10 + (size_t)(*p - '0');
    }
    return v >= 1 && v <= max ? v : 0;
}

/* Case-insensitive substring. */
static bool contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return false;
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return true;
    return false;
}

/* The poli a reply names: its number in the list, its whole name, or a
** word of it ("gigi") that names only one. NULL when none or ambiguous. */
static const struct wad_service *find_service(const struct wad_ctx *c, const char *s)
{
    size_t k = choice(s, c->n_services);
    if (k)
        return &c->services[k - 1];
    const struct wad_service *hit = NULL;
    for (size_t i = 0; i < c->n_services; i++)
        if (c->services[i].name && !strcasecmp(c->services[i].name, s))
            return &c->services[i];
    for (size_t i = 0; i < c->n_services; i++)
        if (c->services[i].name && strlen(s) >= 3 && contains(c->services[i].name, s)) {
            if (hit)
                return NULL;
            hit = &c->services[i];
        }
    return hit;
}

static const char *service_name(const struct wad_ctx *c, int64_t id)
{
    for (size_t i = 0; i < c->n_services; i++)
        if (c->services[i].id == id)
            return c->services[i].name;
    return "poli";
}

/* ---- texts ---------------------------------------------------------------- */

static const char *services_text(struct arena *a, const struct wad_ctx *c)
{
    if (!c->n_services)
        return "Maaf, saat ini belum ada poli yang dapat didaftarkan lewat WhatsApp.";
    const char *s = "Pilih poli:";
    for (size_t i = 0; i < c->n_services; i++)
        s = arena_printf(a, "%s\n%zu. %s", s, i + 1, c->services[i].name);
    return arena_printf(a, "%s\nBalas dengan nomor poli. %s", s, HINT_STOP);
}

static const char *room(struct arena *a, int64_t remaining)
{
    return remaining > 0 ? arena_printf(a, "sisa %lld", (long long)remaining) : "penuh";
}

const char *wad_days_text(struct arena *a, const struct wad_day *days, size_t n)
{
    if (!n)
        return "Maaf, belum ada hari buka dalam waktu dekat. Silakan coba lagi nanti.";
    const char *s = "Pilih tanggal kunjungan:";
    for (size_t i = 0; i < n && i < WAD_DAYS_SHOWN; i++)
        s = arena_printf(a, "%s\n%zu. %s (%s)", s, i + 1, wad_day_label(a, days[i].date),
                         room(a, days[i].remaining));
    return arena_printf(a, "%s\nBalas dengan nomor atau tanggal (DD-MM-YYYY). %s", s, HINT_STOP);
}

const char *wad_quota_text(struct arena *a, const char *service, const struct wad_day *days,
                           size_t n)
{
    const char *s = arena_printf(a, "Kuota %s:", service);
    if (!n)
        return arena_printf(a, "%s belum ada hari buka dalam waktu dekat.", s);
    for (size_t i = 0; i < n && i < WAD_DAYS_SHOWN; i++)
        s = arena_printf(a, "%s\n%s: %s", s, wad_day_label(a, days[i].date),
                         room(a, days[i].remaining));
    return arena_printf(a, "%s\nKetik DAFTAR untuk mendaftar.", s);
}

const char *wad_booked_text(struct arena *a, const char *service, const char *date,
                            int64_t queue_number, const char *time_hhmm, const char *number,
                            const char *meeting_url)
{
    const char *s = arena_printf(a,
                                 "Pendaftaran berhasil.\n%s, %s\nNomor antrean: %lld\n"
                                 "Perkiraan waktu: pukul %s\nNomor pendaftaran: %s",
                                 service, wad_day_label(a, date), (long long)queue_number,
                                 time_hhmm, number);
    if (meeting_url && *meeting_url)
        s = arena_printf(a, "%s\nTautan sesi: %s", s, meeting_url);
    return arena_printf(a, "%s\nUntuk membatalkan, ketik BATAL %s", s, number);
}

const char *wad_full_text(struct arena *a, struct wad_state *st, const char *next_date)
{
    st->step = WAD_DATE;
    st->date[0] = 0;
    st->field = 0;
    if (!next_date)
        return "Maaf, kuota hari itu penuh dan belum ada hari lain yang masih ada tempat. "
               "Silakan coba lagi nanti.";
    return arena_printf(a,
                        "Maaf, kuota hari itu penuh. Hari berikutnya yang masih ada tempat: %s.\n"
                        "Balas dengan tanggal lain. %s",
                        wad_day_label(a, next_date), HINT_STOP);
}

static const char *ask_field(struct arena *a, const struct wad_field *f)
{
    const char *s = arena_printf(a, "%s?", f->label && *f->label ? f->label : f->key);
    if (!strcmp(f->type, "date"))
        s = arena_printf(a, "%s (DD-MM-YYYY)", s);
    else if (!strcmp(f->type, "select"))
        for (size_t i = 0; i < f->n_options; i++)
            s = arena_printf(a, "%s\n%zu. %s", s, i + 1, f->options[i]);
    if (!f->required)
        s = arena_printf(a, "%s\n(Boleh dikosongkan: balas -)", s);
    return s;
}

static const char *summary(struct arena *a, const struct wad_ctx *c, const struct wad_state *st)
{
    const char *s = arena_printf(a, "Periksa data pendaftaran Anda:\nPoli: %s\nTanggal: %s",
                           service_name(c, st->service_id), wad_day_label(a, st->date));
    for (size_t i = 0; i < c->n_fields; i++) {
        const char *v = json_string_value(json_object_get(st->answers, c->fields[i].key));
        if (v && *v)
            s = arena_printf(a, "%s\n%s: %s", s,
                             c->fields[i].label ? c->fields[i].label : c->fields[i].key, v);
    }
    return arena_printf(a, "%s\nBalas YA untuk mendaftar, atau BATAL.", s);
}

/* The next question from st->field on, or the summary once all are asked. */
static const char *next_question(struct arena *a, const struct wad_ctx *c, struct wad_state *st)
{
    if (st->field < c->n_fields) {
        st->step = WAD_FIELD;
        return ask_field(a, &c->fields[st->field]);
    }
    st->step = WAD_CONFIRM;
    return summary(a, c, st);
}

const char *wad_reask(struct arena *a, const struct wad_ctx *ctx, struct wad_state *st,
                      const char *key, const char *why)
{
    for (size_t i = 0; i < ctx->n_fields; i++)
        if (!strcmp(ctx->fields[i].key, key)) {
            st->field = i;
            st->step = WAD_FIELD;
            return arena_printf(a, "%s: %s\n%s", ctx->fields[i].label ? ctx->fields[i].label : key,
                                why, ask_field(a, &ctx->fields[i]));
        }
    reset(st);
    return arena_printf(a, "Pendaftaran belum dapat diproses: %s. Ketik DAFTAR untuk mencoba lagi.",
                        why);
}

/* ---- steps ---------------------------------------------------------------- */

/* The answer to a question, normalised; NULL with *why when it does not do. */
static const char *answer(struct arena *a, const struct wad_field *f, const char *s,
                          const char **why)
{
    if (!strcmp(s, "-") || !*s) {
        if (f->required) {
            *why = "wajib diisi";
            return NULL;
        }
        return "";
    }
    if (strlen(s) > WAD_MAX_ANSWER) {
        *why = "terlalu panjang";
        return NULL;
    }
    if (!strcmp(f->type, "number")) {
        const char *p = s + (*s == '-');
        if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 15) {
            *why = "isi dengan angka";
            return NULL;
        }
        return s;
    }
    if (!strcmp(f->type, "date")) {
        char d[11];
        if (!read_date(s, d)) {
            *why = "tulis tanggal seperti 31-12-1990";
            return NULL;
        }
        return arena_strdup(a, d);
    }
    if (!strcmp(f->type, "select")) {
        size_t k = choice(s, f->n_options);
        if (k)
            return f->options[k - 1];
        for (size_t i = 0; i < f->n_options; i++)
            if (!strcasecmp(f->options[i], s))
                return f->options[i];
        *why = "pilih salah satu nomor dari daftar";
        return NULL;
    }
    return s;
}

static void date_step(struct arena *a, const struct wad_ctx *c, struct wad_state *st,
                      const char *s, struct wad_out *out)
{
    char date[11] = "";
    size_t k = choice(s, c->n_days < WAD_DAYS_SHOWN ? c->n_days : WAD_DAYS_SHOWN);
    if (k)
        memcpy(date, c->days[k - 1].date, sizeof date);
    else if (!strcasecmp(s, "hari ini") && c->today && strlen(c->today) == 10)
        memcpy(date, c->today, sizeof date);
    else if (!read_date(s, date)) {
        out->reply = arena_printf(a, "Tanggal tidak dikenali. %s",
                                  wad_days_text(a, c->days, c->n_days));
        return;
    }
    if (c->today && strcmp(date, c->today) < 0) {
        out->reply = arena_printf(a, "Tanggal itu sudah lewat. %s",
                                  wad_days_text(a, c->days, c->n_days));
        return;
    }
    const struct wad_day *day = NULL;
    for (size_t i = 0; i < c->n_days && !day; i++)
        if (!strcmp(c->days[i].date, date))
            day = &c->days[i];
    if (!day) {
        out->reply = arena_printf(a, "Poli tidak buka pada %s. %s", wad_day_label(a, date),
                                  wad_days_text(a, c->days, c->n_days));
        return;
    }
    if (day->remaining <= 0) {
        const char *next = NULL;
        for (const struct wad_day *d = day + 1; d < c->days + c->n_days && !next; d++)
            if (d->remaining > 0)
                next = d->date;
        out->reply = wad_full_text(a, st, next);
        return;
    }
    memcpy(st->date, date, sizeof st->date);
    st->field = 0;
    out->reply = next_question(a, c, st);
}

/* What may follow BATAL as a booking's number: one word, not too long. */
static bool number_like(const char *rest)
{
    return *rest && !strchr(rest, ' ') && strlen(rest) < 40;
}

bool wad_wants(struct arena *a, const struct wad_state *st, const char *text)
{
    const char *s = tidy(a, text ? text : ""), *rest;
    return st->step != WAD_IDLE || (keyword(s, "DAFTAR", &rest) && !*rest) ||
           keyword(s, "KUOTA", &rest) || (keyword(s, "BATAL", &rest) && number_like(rest));
}

void wad_step(struct arena *a, const struct wad_ctx *c, struct wad_state *st, const char *text,
              struct wad_out *out)
{
    memset(out, 0, sizeof *out);
    out->act = WAD_REPLY;
    const char *s = tidy(a, text ? text : ""), *rest;
    if (keyword(s, "DAFTAR", &rest) && !*rest) {
        reset(st);
        st->step = WAD_SERVICE;
        out->reply = services_text(a, c);
        if (!c->n_services)
            reset(st);
        return;
    }
    if (keyword(s, "KUOTA", &rest)) {
        const struct wad_service *sv = *rest ? find_service(c, rest) : NULL;
        if (*rest && !sv) {
            out->reply = arena_printf(a, "Poli \"%s\" tidak dikenal. %s", rest,
                                      services_text(a, c));
            return;
        }
        out->act = WAD_QUOTA;
        out->service_id = sv ? sv->id : 0;
        return;
    }
    if (keyword(s, "BATAL", &rest)) {
        if (number_like(rest)) {
            char *num = arena_strdup(a, rest);
            for (char *p = num; *p; p++)
                *p = (char)toupper((unsigned char)*p);
            out->act = WAD_CANCEL;
            out->number = num;
            return;
        }
        if (!*rest && st->step != WAD_IDLE) {
            reset(st);
            out->reply = "Pendaftaran dibatalkan. Ketik DAFTAR untuk mulai lagi.";
            return;
        }
    }
    switch (st->step) {
    case WAD_IDLE:
        out->act = WAD_PASS;
        return;
    case WAD_SERVICE: {
        const struct wad_service *sv = find_service(c, s);
        if (!sv) {
            out->reply = arena_printf(a, "Poli tidak dikenali. %s", services_text(a, c));
            return;
        }
        st->service_id = sv->id;
        st->step = WAD_DATE;
        out->act = WAD_SHOW_DAYS;
        out->reply = arena_printf(a, "%s dipilih.", sv->name);
        return;
    }
    case WAD_DATE:
        date_step(a, c, st, s, out);
        return;
    case WAD_FIELD: {
        if (st->field >= c->n_fields) { /* the form changed meanwhile */
            out->reply = next_question(a, c, st);
            return;
        }
        const struct wad_field *f = &c->fields[st->field];
        const char *why = NULL, *v = answer(a, f, s, &why);
        if (!v) {
            out->reply = arena_printf(a, "Jawaban belum sesuai (%s). %s", why, ask_field(a, f));
            return;
        }
        json_object_set_new(st->answers, f->key, json_string(v));
        st->field++;
        out->reply = next_question(a, c, st);
        return;
    }
    case WAD_CONFIRM:
        if (!strcasecmp(s, "ya") || !strcasecmp(s, "y") || !strcasecmp(s, "ok")) {
            out->act = WAD_BOOK;
            return;
        }
        out->reply = arena_printf(a, "Balas YA untuk mendaftar, atau BATAL. %s",
                                  summary(a, c, st));
        return;
    }
    out->act = WAD_PASS;
}

/* ---- saving ----------------------------------------------------------------- */

int wad_state_load(const char *text, struct wad_state *st)
{
    wad_state_init(st);
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    json_t *ans = json_object_get(j, "answers");
    const char *step = json_string_value(json_object_get(j, "step"));
    const char *date = json_string_value(json_object_get(j, "date"));
    json_int_t sid = json_integer_value(json_object_get(j, "service"));
    json_int_t field = json_integer_value(json_object_get(j, "field"));
    static const char *const steps[] = {"idle", "service", "date", "field", "confirm"};
    int k = -1;
    for (int i = 0; step && i < 5; i++)
        if (!strcmp(step, steps[i]))
            k = i;
    int y, m, d;
    bool ok = json_is_object(j) && k >= 0 && json_is_object(ans) && sid >= 0 &&
              field >= 0 && field < 1000 && (k < WAD_DATE || sid > 0) &&
              (k < WAD_FIELD || (date && iso_date(date, &y, &m, &d)));
    const char *key;
    json_t *v;
    json_object_foreach(ans, key, v) if (!json_is_string(v)) ok = false;
    if (ok) {
        st->step = (enum wad_step)k;
        st->service_id = sid;
        st->field = (size_t)field;
        if (date && k >= WAD_FIELD)
            memcpy(st->date, date, sizeof st->date);
        json_object_update(st->answers, ans);
    }
    json_decref(j);
    return ok ? 0 : -1;
}

const char *wad_state_dump(struct arena *a, const struct wad_state *st)
{
    static const char *const steps[] = {"idle", "service", "date", "field", "confirm"};
    if (st->step == WAD_IDLE)
        return NULL;
    json_t *j = json_pack("{s:s, s:I, s:s, s:I, s:O}", "step", steps[st->step], "service",
                          (json_int_t)st->service_id, "date", st->date, "field",
                          (json_int_t)st->field, "answers", st->answers);
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    const char *out = s ? arena_strdup(a, s) : NULL;
    free(s);
    return out;
}
