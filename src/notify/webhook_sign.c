/* Webhook signatures and secrets (see webhook_sign.h), with libsodium. */
#include "notify/webhook_sign.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void webhook_sign(const char *secret, int64_t timestamp, const char *body, size_t body_len,
                  char out[WEBHOOK_SIG_LEN])
{
    char ts[32];
    int n = snprintf(ts, sizeof ts, "%lld.", (long long)timestamp);
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)n);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
    crypto_auth_hmacsha256_final(&st, mac);
    memcpy(out, "sha256=", 7);
    sodium_bin2hex(out + 7, WEBHOOK_SIG_LEN - 7, mac, sizeof mac);
    sodium_memzero(&st, sizeof st);
}

void webhook_secret_new(char *out, size_t cap)
{
    unsigned char raw[32];
    char hex[65];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    snprintf(out, cap, "whsec_%s", hex);
    sodium_memzero(raw, sizeof raw);
}
