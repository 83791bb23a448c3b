/* libFuzzer target for the config file reader (src/core/config.c): any
** bytes read as a config file over the defaults. Reading must never crash
** or leak; a refused file names a line; whatever was accepted must be
** listable (config_each) and within each key's bounds. Built and run by
** tests/fuzz/meson.build. */
#include "core/config.h"
#include "core/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void each(void *arg, const struct config_item *it)
{
    (void)arg;
    if (!it->key || (it->type == 's' && !it->secret && !it->str))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct config cfg;
    struct err err = {0};
    config_defaults(&cfg);
    FILE *f = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
    if (!f)
        abort();
    int rc = config_load_stream(&cfg, f, "fuzz.conf", &err);
    fclose(f);
    if (rc != 0 && (rc != ERR_INVALID || strncmp(err.msg[LOC_EN], "fuzz.conf:", 10) != 0))
        abort();
    if (cfg.attachment_max_mb < 1 || cfg.attachment_max_mb > 1024 || cfg.workers < 0 ||
        cfg.backup_hour < -1 || cfg.backup_hour > 23)
        abort();
    config_each(&cfg, each, NULL);
    (void)config_db_path(&cfg);
    config_free(&cfg);
    return 0;
}
