/* Capacity arithmetic of appointment services: the slots of a day from the
** service's business calendar (core/bizcal.h), the places each slot and the
** whole day hold, what is left, the slot and seat a new booking gets, its
** estimated time, and the next day with room. Pure functions: the caller
** (svc/booking.c) counts the places held in the database and hands them in.
**
** A day is open when its ISO weekday is a working day of the calendar and
** it is not a holiday. Its slots are the whole slot_minutes periods from
** the opening hour that end by the closing hour. A slot holds
** capacity_per_slot places; a service with only a daily quota spreads it
** over the day's slots (rounded up), so the slot holds ceil(quota / slots);
** the day holds min(daily_quota, slots * slot capacity) (no quota: the sum
** of the slots). Today's slots that have started take no new booking, nor
** do days in the past. */
#ifndef LOKET_SLOTS_H
#define LOKET_SLOTS_H

#include "core/bizcal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SLOTS_MAX = 288 /* 24 h of 5-minute slots */, SLOTS_RANGE_DAYS = 62 };

struct slot_rules {
    int slot_minutes;      /* 5..480 */
    int capacity_per_slot; /* 0 = set by the daily quota */
    int daily_quota;       /* 0 = none */
};

/* One day of one service: its shape and the places held. */
struct slot_day {
    int32_t day;     /* local day number (days since 1970-01-01) */
    bool open;
    int n_slots;     /* 0 when closed */
    int cap;         /* places per slot */
    int capacity;    /* places in the day */
    int first;       /* first slot that still takes bookings (n_slots: none) */
    int taken[SLOTS_MAX];
    int day_taken;
};

/* Whether local day `day` is a working day of c and not a holiday. */
bool slots_day_open(const struct bizcal *c, int32_t day);
/* The local day (of c's offset) that instant t falls in. */
int32_t slots_local_day(const struct bizcal *c, int64_t t);
/* Whole slots in one working day of c (0..SLOTS_MAX). */
int slots_per_day(const struct bizcal *c, int slot_minutes);
/* The UTC instant slot i of local day `day` starts. */
int64_t slots_start(const struct bizcal *c, int32_t day, int i, int slot_minutes);
/* The slot of `day` starting exactly at t, or -1. */
int slots_index(const struct bizcal *c, int32_t day, int64_t t, int slot_minutes);
/* Places per slot and per day for a day of n_slots slots. */
int slots_cap(const struct slot_rules *r, int n_slots);
int slots_day_capacity(const struct slot_rules *r, int n_slots);

/* Fills d's shape for `day` (nothing taken yet); slots that start at or
** before `now` are past. */
void slots_day_init(struct slot_day *d, const struct bizcal *c, const struct slot_rules *r,
                    int32_t day, int64_t now);
/* Places left in slot i (0 for a past slot or one out of range), bounded
** by what the day has left. */
int slots_slot_remaining(const struct slot_day *d, int i);
/* Places left in the day: its capacity minus what is held, bounded by the
** places left in slots still to come. */
int slots_day_remaining(const struct slot_day *d);
/* The slot a booking without a chosen time gets: the earliest with room;
** -1 when the day is full or closed. */
int slots_pick(const struct slot_day *d);
/* The first of days[0..n) with room, or -1. */
int slots_next_with_room(const struct slot_day *days, size_t n);
/* The lowest place number in 1..cap that used[0..n) does not hold; 0 when
** all are held. */
int slots_free_seat(const int *used, size_t n, int cap);
/* When the holder of place `seat` (1-based) of a slot is expected: the
** slot's time shared evenly between its places. */
int64_t slots_estimate(int64_t slot_start, int slot_minutes, int cap, int seat);

/* "YYYY-MM-DD" of a day number (out must hold 11 bytes). */
void slots_ymd(int32_t day, char out[11]);

#endif
