/* Subcommands of the loket binary. Each returns the process exit status. */
#ifndef LOKET_CLI_H
#define LOKET_CLI_H

#include "core/config.h"
#include "store/store.h"

#include <stdbool.h>

/* Options shared by every subcommand, taken out of argv by cli_common(). */
int cli_common(int *argc, char **argv, struct config *cfg);
/* The configuration file cli_common read (NULL: none). */
const char *cli_config_file(void);
/* Creates the data directory, opens the store and applies migrations.
** Prints the error and returns -1 on failure. */
int cmd_search_index(int argc, char **argv, struct config *cfg);
int cli_open(const struct config *cfg, struct store **st, struct db **db);
/* Makes sure the token-hash key exists; loads it into key. */
int cli_token_key(struct db *db, unsigned char *key, struct err *err);

/* Reads a password from stdin (no echo at a terminal, prompt on stderr). */
int cli_read_password(const char *prompt, char *buf, size_t n);
/* Validates r like the API, hashes the password, inserts the user with an
** audit row, in one transaction. */
int cli_user_insert(struct db *db, struct record *r, const char *password, struct err *err);

/* First run of `loket init` without --demo: the office name and the first
** admin (any field NULL is asked for at a terminal). Returns 0, 1 when the
** database already has users (nothing changed), or an error. */
struct first_run {
    const char *office, *admin_email, *admin_name;
};
int first_run(struct db *db, const struct first_run *in, struct err *err);
/* The demo's appointment services and schedules (cli/demo_appt.c), inside
** demo_load's transaction. */
struct arena;
int demo_appt_load(struct db *db, struct arena *a, struct err *err);
/* The office name `loket init` stored, unless org_name was configured. */
void cli_office_name(struct db *db, struct config *cfg);

int cmd_init(int argc, char **argv, struct config *cfg);
int cmd_serve(int argc, char **argv, struct config *cfg);
int cmd_user(int argc, char **argv, struct config *cfg);
int cmd_backup(int argc, char **argv, struct config *cfg);
int cmd_restore(int argc, char **argv, struct config *cfg);
/* `loket mail-in`: one message on standard input (cli/mail_in.c). */
int cmd_mail_in(int argc, char **argv, struct config *cfg);
/* `loket migrate-db`: a SQLite installation copied to PostgreSQL (cli/migrate_db.c). */
int cmd_migrate_db(int argc, char **argv, struct config *cfg);

/* Loads the demo data set (units, services, SLA, calendar, the demo
** accounts of API.md) and, with desk, the living desk of demo_desk.
** Returns 0, or 1 when it was already loaded. */
int demo_load(struct db *db, bool desk, struct err *err);
/* The partner administration's demo (cli/demo_partners.c), inside
** demo_load's transaction: partners of Diskominfo and Dinas Kesehatan, two
** activities with rates, the 2026 ceiling, assignments, and pic@demo.test
** made partner admin of Diskominfo. */
struct arena;
int demo_partners(struct db *db, struct arena *a, struct err *err);
/* The letters' demo (cli/demo_letters.c): two offices' letter settings. */
int demo_letters(struct db *db, struct arena *a, struct err *err);
/* The demo's automation rules, all off (cli/demo_automation.c). */
int demo_automation(struct db *db, struct arena *a, struct err *err);
/* Search keywords of the demo's services (cli/demo_intake.c, issue #20). */
int demo_intake(struct db *db, struct arena *a, struct err *err);
/* The id of the first row of res whose field is value (0: none). */
int64_t demo_first_id(struct db *db, struct arena *a, const struct resource *res,
                      const char *field, const char *value, struct err *err);
/* The desk's FAQ articles, requesters of every unit and three months of
** tickets worked through the ticket service (cli/demo_desk.c). */
int demo_desk(struct db *db, struct arena *a, struct err *err);
/* The demo's macros (cli/demo_macros.c, issue #20). */
int demo_macros_load(struct db *db, struct arena *a, struct err *err);
/* Online backup into <data_dir>/backups with a dated name, then deletes
** backups older than keep_days. Writes the new path into out. */
int backup_run(struct db *db, const char *data_dir, long keep_days, char *out, size_t out_len,
               struct err *err);
/* Whether a server holds the data directory's lock. */
bool server_running(const char *data_dir);
/* Takes the data directory's lock for a serving process; -1 if held. */
int server_lock(const char *data_dir);

#endif
