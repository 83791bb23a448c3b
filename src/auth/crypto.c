/* libsodium wrappers. */
#include "auth/crypto.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

int crypto_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

/* argon2id with OWASP's parameters (19 MiB, 2 passes): libsodium's
** "interactive" preset takes 64 MiB per login, which alone would double the
** server's resident memory at every sign-in. Verification reads the
** parameters from the stored hash, so older hashes keep working. */
enum { PW_OPS = 2, PW_MEM = 19u << 20 };

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    _Static_assert(PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES, "hash size");
    return crypto_pwhash_str_alg(out, password, strlen(password), PW_OPS, PW_MEM,
                                 crypto_pwhash_ALG_ARGON2ID13) == 0
               ? 0
               : -1;
}

bool password_verify(const char *hash, const char *password)
{
    if (!hash || !*hash || !password)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool password_needs_rehash(const char *hash)
{
    return hash && *hash && crypto_pwhash_str_needs_rehash(hash, PW_OPS, PW_MEM) == 1;
}

static char dummy_hash[PASSWORD_HASH_MAX];

static void make_dummy(void)
{
    char pw[TOKEN_HEX];
    token_random_hex(pw);
    if (password_hash(pw, dummy_hash) != 0)
        dummy_hash[0] = 0;
}

void password_burn(const char *password)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_dummy);
    (void)password_verify(dummy_hash, password);
}

const char *password_weak(const char *password)
{
    size_t n = strlen(password);
    if (n < 8)
        return "must be at least 8 characters";
    if (n > 256)
        return "must be at most 256 characters";
    return NULL;
}

void token_random_hex(char out[TOKEN_HEX])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, TOKEN_HEX, raw, sizeof raw);
}

void token_hash(const unsigned char key[TOKEN_KEY_BYTES], const char *token,
                unsigned char out[TOKEN_HASH_BYTES])
{
    crypto_generichash(out, TOKEN_HASH_BYTES, (const unsigned char *)token, strlen(token), key,
                       TOKEN_KEY_BYTES);
}

static unsigned char tag_key[crypto_shorthash_siphashx24_KEYBYTES];
static pthread_once_t tag_once = PTHREAD_ONCE_INIT;

static void tag_key_init(void)
{
    randombytes_buf(tag_key, sizeof tag_key);
}

void token_cache_tag(const char *token, unsigned char out[TOKEN_TAG_BYTES])
{
    _Static_assert(TOKEN_TAG_BYTES == crypto_shorthash_siphashx24_BYTES, "tag size");
    pthread_once(&tag_once, tag_key_init);
    crypto_shorthash_siphashx24(out, (const unsigned char *)token, strlen(token), tag_key);
}

void random_bytes(void *buf, size_t n)
{
    randombytes_buf(buf, n);
}

bool secret_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t na = strlen(a), nb = strlen(b);
    if (na != nb)
        return false;
    return sodium_memcmp(a, b, na) == 0;
}

void hex_encode(const unsigned char *in, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, in, n);
}

int hex_decode(const char *hex, unsigned char *out, size_t n)
{
    size_t got = 0;
    if (sodium_hex2bin(out, n, hex, strlen(hex), NULL, &got, NULL) != 0 || got != n)
        return -1;
    return 0;
}
