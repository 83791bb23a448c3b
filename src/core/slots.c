/* Capacity arithmetic of appointment services (see slots.h). */
#include "core/slots.h"

#include <string.h>


static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

bool slots_day_open(const struct bizcal *c, int32_t day)
{
    return bizcal_workday(c, day);
}

int32_t slots_local_day(const struct bizcal *c, int64_t t)
{
    return (int32_t)floor_div(t + (int64_t)c->utc_offset_min * 60, 86400);
}

int slots_per_day(const struct bizcal *c, int slot_minutes)
{
    if (slot_minutes <= 0 || c->end_min <= c->start_min)
        return 0;
    int n = (c->end_min - c->start_min) / slot_minutes;
    return n > SLOTS_MAX ? SLOTS_MAX : n;
}

int64_t slots_start(const struct bizcal *c, int32_t day, int i, int slot_minutes)
{
    return (int64_t)day * 86400 + (int64_t)(c->start_min + i * slot_minutes) * 60 -
           (int64_t)c->utc_offset_min * 60;
}

int slots_index(const struct bizcal *c, int32_t day, int64_t t, int slot_minutes)
{
    int n = slots_per_day(c, slot_minutes);
    int64_t first = slots_start(c, day, 0, slot_minutes), step = (int64_t)slot_minutes * 60;
    if (n == 0 || t < first || (t - first) % step != 0 || (t - first) / step >= n)
        return -1;
    return (int)((t - first) / step);
}

int slots_cap(const struct slot_rules *r, int n_slots)
{
    if (r->capacity_per_slot > 0)
        return r->capacity_per_slot;
    if (r->daily_quota > 0 && n_slots > 0)
        return (r->daily_quota + n_slots - 1) / n_slots;
    return 0;
}

int slots_day_capacity(const struct slot_rules *r, int n_slots)
{
    int64_t all = (int64_t)slots_cap(r, n_slots) * n_slots;
    if (r->daily_quota > 0 && r->daily_quota < all)
        return r->daily_quota;
    return (int)all;
}

void slots_day_init(struct slot_day *d, const struct bizcal *c, const struct slot_rules *r,
                    int32_t day, int64_t now)
{
    *d = (struct slot_day){.day = day, .open = slots_day_open(c, day)};
    if (!d->open)
        return;
    d->n_slots = slots_per_day(c, r->slot_minutes);
    d->cap = slots_cap(r, d->n_slots);
    d->capacity = slots_day_capacity(r, d->n_slots);
    while (d->first < d->n_slots && slots_start(c, day, d->first, r->slot_minutes) <= now)
        d->first++;
}

static int slot_left(const struct slot_day *d, int i)
{
    if (i < d->first || i >= d->n_slots)
        return 0;
    int left = d->cap - d->taken[i];
    return left > 0 ? left : 0;
}

int slots_day_remaining(const struct slot_day *d)
{
    if (!d->open)
        return 0;
    int64_t upcoming = 0;
    for (int i = d->first; i < d->n_slots; i++)
        upcoming += slot_left(d, i);
    int64_t left = d->capacity - d->day_taken;
    if (left > upcoming)
        left = upcoming;
    return left > 0 ? (int)left : 0;
}

int slots_slot_remaining(const struct slot_day *d, int i)
{
    int left = slot_left(d, i), day = slots_day_remaining(d);
    return left < day ? left : day;
}

int slots_pick(const struct slot_day *d)
{
    if (slots_day_remaining(d) <= 0)
        return -1;
    for (int i = d->first; i < d->n_slots; i++)
        if (slot_left(d, i) > 0)
            return i;
    return -1;
}

int slots_next_with_room(const struct slot_day *days, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (slots_day_remaining(&days[i]) > 0)
            return (int)i;
    return -1;
}

int slots_free_seat(const int *used, size_t n, int cap)
{
    /* One pass marking the held places, one finding the first free: linear,
    ** where comparing every place with every holder cost a hot day of
    ** thousands of bookings a quarter of the writer's time (bench/README.md,
    ** appointments). Capacities are at most 10000 (migration 0014). */
    if (cap <= 0)
        return 0;
    if (cap > 10000)
        cap = 10000;
    /* only the places 0..cap cleared: the whole array was 10 KB of
    ** clearing per booking for a slot of a dozen places */
    unsigned char held[10001];
    memset(held, 0, (size_t)cap + 1);
    for (size_t i = 0; i < n; i++)
        if (used[i] >= 1 && used[i] <= cap)
            held[used[i]] = 1;
    for (int s = 1; s <= cap; s++)
        if (!held[s])
            return s;
    return 0;
}

int64_t slots_estimate(int64_t slot_start, int slot_minutes, int cap, int seat)
{
    if (cap <= 0 || seat <= 1)
        return slot_start;
    return slot_start + (int64_t)(seat - 1) * slot_minutes * 60 / cap;
}

void slots_ymd(int32_t day, char out[11])
{
    /* civil-from-days (H. Hinnant) */
    int64_t z = (int64_t)day + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    unsigned yy = (unsigned)(y + (m <= 2)) % 10000u, mm = (unsigned)m % 100u,
             d2 = (unsigned)dd % 100u;
    out[0] = (char)('0' + yy / 1000), out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10), out[3] = (char)('0' + yy % 10), out[4] = '-';
    out[5] = (char)('0' + mm / 10), out[6] = (char)('0' + mm % 10), out[7] = '-';
    out[8] = (char)('0' + d2 / 10), out[9] = (char)('0' + d2 % 10), out[10] = 0;
}
