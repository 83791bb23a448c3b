/* The kept service contexts of bookings (see booking_ctx_cache.h). Loading
** one took a service, a schedule with its staff and calendar reads and a
** json_loads of the form for every booking (bench/README.md,
** appointments); it changes a few times a year. */
#include "svc/booking_ctx_cache.h"
#include "core/arena.h"
#include "core/timefmt.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { CTX_SLOTS = 16 };
static const uint64_t CTX_TTL_NS = 2000000000u;

static struct {
    pthread_mutex_t mu;
    struct ctx_slot {
        uint64_t gen, born_ns;
        bool used;
        struct booking_ctx ctx; /* strings and arrays in mem, form referenced */
        char *mem;
    } slot[CTX_SLOTS];
    uint64_t serial; /* of the last copy kept */
} ctxs = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* Copies ctx's strings and arrays one after another into dst (or only
** counts them with dst NULL); out gets the pointers into dst. */
static size_t lay_out(const struct booking_ctx *ctx, char *dst, struct booking_ctx *out)
{
    size_t n = 0;
    const char *const str[] = {ctx->service_name, ctx->sch.mode, ctx->sch.meeting_url_base,
                               ctx->sch.form_fields};
    const char **to[] = {&out->service_name, &out->sch.mode, &out->sch.meeting_url_base,
                         &out->sch.form_fields};
    size_t staff = ctx->sch.n_staff * sizeof *ctx->sch.staff_ids,
           hol = ctx->cal.n_holidays * sizeof *ctx->cal.holidays;
    if (dst) {
        memcpy(dst, ctx->sch.staff_ids, staff);
        out->sch.staff_ids = (int64_t *)dst;
        memcpy(dst + staff, ctx->cal.holidays, hol);
        out->cal.holidays = (const int32_t *)(dst + staff);
    }
    n = staff + hol;
    for (size_t i = 0; i < sizeof str / sizeof str[0]; i++) {
        if (!str[i])
            continue;
        size_t len = strlen(str[i]) + 1;
        if (dst) {
            memcpy(dst + n, str[i], len);
            *to[i] = dst + n;
        }
        n += len;
    }
    return n;
}

/* any: whatever the generation and age */
static bool lookup(int64_t service_id, uint64_t gen, bool any, struct arena *a,
                   struct booking_ctx *ctx)
{
    struct ctx_slot *s = &ctxs.slot[(uint64_t)service_id % CTX_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&ctxs.mu);
    if (s->used && s->ctx.service_id == service_id &&
        (any || (s->gen == gen && time_mono_ns() - s->born_ns < CTX_TTL_NS))) {
        *ctx = s->ctx;
        size_t n = lay_out(&s->ctx, NULL, ctx);
        /* int64 staff ids first: the arena's alignment holds for them */
        lay_out(&s->ctx, arena_alloc(a, n ? n : 1), ctx);
        ctx->form = json_incref(s->ctx.form);
        hit = true;
    }
    pthread_mutex_unlock(&ctxs.mu);
    return hit;
}

bool booking_ctx_cached(int64_t service_id, uint64_t gen, struct arena *a,
                        struct booking_ctx *ctx)
{
    return lookup(service_id, gen, false, a, ctx);
}

bool booking_ctx_peek(int64_t service_id, struct arena *a, struct booking_ctx *ctx)
{
    return lookup(service_id, 0, true, a, ctx);
}

void booking_ctx_keep(uint64_t gen, const struct booking_ctx *ctx)
{
    struct booking_ctx copy = *ctx;
    size_t n = lay_out(ctx, NULL, &copy);
    char *mem = malloc(n ? n : 1);
    if (!mem)
        return; /* not kept: the next load reads it again */
    lay_out(ctx, mem, &copy);
    copy.form = json_incref(ctx->form);
    struct ctx_slot *s = &ctxs.slot[(uint64_t)ctx->service_id % CTX_SLOTS];
    pthread_mutex_lock(&ctxs.mu);
    copy.serial = ++ctxs.serial; /* never 0: names this copy for booking_prepare */
    json_t *old_form = s->used ? s->ctx.form : NULL;
    char *old_mem = s->mem;
    *s = (struct ctx_slot){.gen = gen, .born_ns = time_mono_ns(), .used = true, .ctx = copy,
                           .mem = mem};
    pthread_mutex_unlock(&ctxs.mu);
    json_decref(old_form);
    free(old_mem);
}
