/* libFuzzer target for the WhatsApp booking dialogue (src/channels/
** wa_dialog.c): the input's first line is a saved state (JSON, anything),
** each further line one incoming message. After every step the state must
** save and load back to the same text, a reply must be there when the
** action needs one, and the texts the caller composes must not crash.
** Built and run by tests/fuzz/meson.build. */
#include "channels/wa_dialog.h"
#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct wad_service SERVICES[] = {{1, "Poli Umum"}, {2, "Poli Gigi"},
                                             {3, "Poli Kebidanan"}};
static const char *const OPTS[] = {"umum", "gigi"};
static const struct wad_field FIELDS[] = {
    {"name", "Nama", "text", true, NULL, 0},  {"age", "Umur", "number", true, NULL, 0},
    {"dob", "Lahir", "date", false, NULL, 0}, {"c", "Klinik", "select", true, OPTS, 2},
};
static const struct wad_day DAYS[] = {{"2026-12-08", 0}, {"2026-12-09", 2}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    char *buf = arena_alloc(a, size + 1);
    memcpy(buf, data, size);
    char *line = strchr(buf, '\n');
    if (line)
        *line++ = 0;
    struct wad_state st;
    wad_state_load(buf, &st);
    while (line) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        struct wad_ctx c = {.today = "2026-12-07", .services = SERVICES, .n_services = 3};
        if (st.service_id) {
            c.fields = FIELDS;
            c.n_fields = 4;
            c.days = DAYS;
            c.n_days = 2;
        }
        struct wad_out o;
        bool wants = wad_wants(a, &st, line);
        wad_step(a, &c, &st, line, &o);
        if ((o.act == WAD_PASS) == wants) /* the quick test agrees with the step */
            abort();
        if ((o.act == WAD_REPLY || o.act == WAD_SHOW_DAYS) && !o.reply)
            abort();
        if (o.act == WAD_CANCEL && (!o.number || !*o.number))
            abort();
        if (o.act == WAD_BOOK) {
            wad_booked_text(a, "Poli Umum", st.date, 1, "08.00", "LKT-1", "https://m/x");
            /* as the caller does: a refused answer is asked again, or the
            ** day filled up and a date is asked again */
            wad_reask(a, &c, &st, "age", "salah");
            wad_full_text(a, &st, "2026-12-09");
        }
        if (o.act == WAD_QUOTA)
            wad_quota_text(a, "Poli", DAYS, 2);
        const char *saved = wad_state_dump(a, &st);
        struct wad_state back;
        if (wad_state_load(saved, &back) != 0 && saved)
            abort();
        const char *again = wad_state_dump(a, &back);
        if ((saved == NULL) != (again == NULL) || (saved && strcmp(saved, again) != 0))
            abort();
        wad_state_free(&back);
        line = next;
    }
    wad_state_free(&st);
    arena_free(a);
    return 0;
}
