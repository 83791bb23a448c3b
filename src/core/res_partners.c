/* Field tables of the partner administration's master data: partners
** (mitra) and survey activities. Rates, ceilings and assignments carry
** money rules and live in store/partners.h instead. */
#include "core/err.h"
#include "core/fee.h"
#include "core/resource.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int partner_rules(struct record *r, const struct record *old, struct err *err)
{
    const struct value *nik = record_after(&res_partners, r, old, "nik");
    const char *why = nik->null || !nik->s ? NULL : fee_nik_problem(nik->s);
    if (why)
        return err_invalid(err, "nik", "NIK tidak valid: harus 16 angka dengan kode wilayah "
                           "dan tanggal lahir yang masuk akal", why);
    return 0;
}

static int activity_rules(struct record *r, const struct record *old, struct err *err)
{
    const struct value *s = record_after(&res_activities, r, old, "start_date");
    const struct value *e = record_after(&res_activities, r, old, "end_date");
    /* valid YYYY-MM-DD strings order like the days they name */
    if (!s->null && !e->null && s->s && e->s && strcmp(e->s, s->s) < 0)
        return err_invalid(err, "end_date", "tanggal selesai tidak boleh sebelum tanggal mulai",
                           "cannot be before the start date");
    return 0;
}

static const struct field partner_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, 1, 200, NULL, NULL, "Nama", "Name"},
    {"nik", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_UNIQUE, 16, 16, NULL, NULL, "NIK", "NIK"},
    {"address", FT_TEXT, FF_SEARCH, 0, 500, NULL, NULL, "Alamat", "Address"},
    {"phone", FT_PHONE, FF_SEARCH, 0, 32, NULL, NULL, "Telepon", "Phone"},
    {"email", FT_EMAIL, FF_SEARCH, 0, 254, NULL, NULL, "Email", "Email"},
    {"bank_name", FT_TEXT, FF_FILTER, 0, 100, NULL, NULL, "Nama bank", "Bank name"},
    {"bank_account", FT_TEXT, FF_SEARCH, 0, 34, NULL, NULL, "Nomor rekening", "Bank account"},
    {"unit_id", FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "units", "Kantor", "Office"},
    {"active", FT_BOOL, FF_FILTER, 0, 1, NULL, NULL, "Aktif", "Active", "1"},
};
const struct resource res_partners = {"partners", "partners", "partner", partner_fields,
                                      N(partner_fields), "name", true, partner_rules};

static const struct field activity_fields[] = {
    {"code", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_SORT | FF_UNIQUE, 1, 64, NULL, NULL, "Kode", "Code"},
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, 1, 200, NULL, NULL, "Nama", "Name"},
    {"start_date", FT_DATE, FF_REQUIRED | FF_SORT, 10, 10, NULL, NULL, "Tanggal mulai", "Start date"},
    {"end_date", FT_DATE, FF_REQUIRED | FF_SORT, 10, 10, NULL, NULL, "Tanggal selesai", "End date"},
    {"budget", FT_INT, FF_REQUIRED | FF_SORT, 0, FEE_MAX, NULL, NULL, "Pagu (Rp)", "Budget (Rp)"},
};
const struct resource res_activities = {"activities", "activities", "activity", activity_fields,
                                        N(activity_fields), "start_date", false, activity_rules};
