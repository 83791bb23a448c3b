/* Secrets: argon2id password hashes, random tokens, and the fast keyed
** BLAKE2b hash under which session and API tokens are stored (a slow
** password hash per request would cap the token API at a few req/s). */
#ifndef LOKET_CRYPTO_H
#define LOKET_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

enum { TOKEN_BYTES = 32, TOKEN_HEX = 2 * TOKEN_BYTES + 1, TOKEN_KEY_BYTES = 32,
       TOKEN_HASH_BYTES = 32, PASSWORD_HASH_MAX = 128 };

/* Must be called once before anything else here; returns 0 or -1. */
int crypto_init(void);
/* argon2id (libsodium's interactive limits) into out[PASSWORD_HASH_MAX]. 0 or -1. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
/* Constant-time verification; false for a NULL or malformed hash. */
bool password_verify(const char *hash, const char *password);
/* A valid hash made with other parameters than password_hash uses now. */
bool password_needs_rehash(const char *hash);
/* Spends the time of one verification against a throw-away hash, so an
** unknown login answers as slowly as a wrong password. */
void password_burn(const char *password);
/* Minimum policy for new passwords; returns NULL or a reason (English). */
const char *password_weak(const char *password);
/* 256 random bits as lowercase hex (TOKEN_HEX bytes with the NUL). */
void token_random_hex(char out[TOKEN_HEX]);
/* Keyed BLAKE2b of a token string. */
void token_hash(const unsigned char key[TOKEN_KEY_BYTES], const char *token,
                unsigned char out[TOKEN_HASH_BYTES]);
/* A token's name in this process's sign-in cache: SipHash-2-4 with a
** 128-bit output (a keyed PRF) under a key drawn at random once per
** process. Never stored nor compared with anything outside the process;
** the database keeps token_hash. */
enum { TOKEN_TAG_BYTES = 16 };
void token_cache_tag(const char *token, unsigned char out[TOKEN_TAG_BYTES]);
/* n random bytes. */
void random_bytes(void *buf, size_t n);
/* Constant-time string equality (lengths may differ). */
bool secret_equal(const char *a, const char *b);
/* Hex <-> bytes for the stored key; hex_decode returns 0 or -1. */
void hex_encode(const unsigned char *in, size_t n, char *out);
int hex_decode(const char *hex, unsigned char *out, size_t n);

#endif
