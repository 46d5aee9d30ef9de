/*
** formtoken.c: HMAC-signed public form tokens (see formtoken.h), with
** libsodium's crypto_auth_hmacsha256 and a constant-time comparison.
*/
#include "formtoken.h"
#include "util.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define RAW_LEN (8 + 16 + 8 + crypto_auth_hmacsha256_BYTES)

static unsigned char secret[crypto_auth_hmacsha256_KEYBYTES];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_secret(void)
{
	const char *hex = getenv("RAPPORT_FORM_SECRET");
	size_t n = 0;
	if (hex && strlen(hex) == 2 * sizeof secret &&
	    sodium_hex2bin(secret, sizeof secret, hex, strlen(hex), NULL, &n, NULL) == 0 && n == sizeof secret)
		return;
	if (hex && *hex) log_error("formtoken: RAPPORT_FORM_SECRET must be 64 hex characters; using a random secret");
	randombytes_buf(secret, sizeof secret);
}

static void put64(unsigned char *p, int64_t v)
{
	for (int i = 7; i >= 0; i--, v = (int64_t)((uint64_t)v >> 8)) p[i] = (unsigned char)(v & 0xff);
}

static int64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++) v = v << 8 | p[i];
	return (int64_t)v;
}

void formtoken_make(int64_t office_id, int64_t now, char out[FORMTOKEN_LEN])
{
	pthread_once(&once, load_secret);
	unsigned char raw[RAW_LEN];
	put64(raw, now);
	randombytes_buf(raw + 8, 16);
	put64(raw + 24, office_id);
	crypto_auth_hmacsha256(raw + 32, raw, 32, secret);
	sodium_bin2base64(out, FORMTOKEN_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum formtoken_result formtoken_check(const char *token, int64_t office_id, int64_t now, char nonce_hex[33])
{
	pthread_once(&once, load_secret);
	unsigned char raw[RAW_LEN + 1];
	size_t len = 0;
	if (!token || strlen(token) >= FORMTOKEN_LEN ||
	    sodium_base642bin(raw, sizeof raw, token, strlen(token), NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != RAW_LEN)
		return FORMTOKEN_BAD;
	if (crypto_auth_hmacsha256_verify(raw + 32, raw, 32, secret) != 0) return FORMTOKEN_BAD;
	if (get64(raw + 24) != office_id) return FORMTOKEN_BAD;
	int64_t issued = get64(raw);
	if (issued > now + 60) return FORMTOKEN_BAD;
	if (now - issued > FORMTOKEN_MAX_AGE) return FORMTOKEN_EXPIRED;
	sodium_bin2hex(nonce_hex, 33, raw + 8, 16);
	return FORMTOKEN_OK;
}
