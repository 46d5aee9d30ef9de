/*
** json_write.c: the compact JSON writer behind every API reply (see json.h).
**
** It writes exactly what json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII)
** writes (tests/unit/test_json_write.c holds the two together), several
** times faster: runs of plain ASCII are copied in one piece instead of
** character by character through callbacks.  Object keys come out in
** insertion order, as jansson keeps them.
*/
#include "json_write.h"

#include <stdio.h>
#include <string.h>

bool json_write_string(buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	buf_putc(b, '"');
	while (p < end) {
		const unsigned char *run = p;
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
		if (p > run) buf_append(b, run, (size_t)(p - run));
		if (p == end) break;
		unsigned ch = *p;
		uint32_t cp;
		int len;
		if (ch < 0x80) cp = ch, len = 1;
		else if (ch >= 0xC2 && ch <= 0xDF) cp = ch & 0x1F, len = 2;
		else if (ch >= 0xE0 && ch <= 0xEF) cp = ch & 0x0F, len = 3;
		else if (ch >= 0xF0 && ch <= 0xF4) cp = ch & 0x07, len = 4;
		else return false;
		if (end - p < len) return false;
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80) return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		p += len;
		char esc[13];
		switch (cp) {
		case '"': buf_append(b, "\\\"", 2); continue;
		case '\\': buf_append(b, "\\\\", 2); continue;
		case '\b': buf_append(b, "\\b", 2); continue;
		case '\f': buf_append(b, "\\f", 2); continue;
		case '\n': buf_append(b, "\\n", 2); continue;
		case '\r': buf_append(b, "\\r", 2); continue;
		case '\t': buf_append(b, "\\t", 2); continue;
		default: break;
		}
		uint32_t units[2] = {cp, 0};
		int nunits = 1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			units[0] = 0xD800 | ((cp >> 10) & 0x3FF);
			units[1] = 0xDC00 | (cp & 0x3FF);
			nunits = 2;
		}
		for (int i = 0; i < nunits; i++) {
			esc[0] = '\\', esc[1] = 'u';
			for (int k = 0; k < 4; k++) esc[2 + k] = hex[(units[i] >> (12 - 4 * k)) & 0xF];
			buf_append(b, esc, 6);
		}
	}
	buf_putc(b, '"');
	return true;
}

/* jansson's real format: %.17g, always with a '.' or an exponent, and the
** exponent without '+' or leading zeros. */
void json_write_real(buf *b, double v)
{
	char s[64], out[72];
	snprintf(s, sizeof s, "%.17g", v);
	size_t n = 0;
	bool point = strpbrk(s, ".eEnN") != NULL;   /* nan/inf cannot reach here: jansson refuses them */
	for (const char *p = s; *p && n < sizeof out - 3; p++) {
		out[n++] = *p;
		if (*p == 'e' || *p == 'E') {
			p++;
			if (*p == '+') p++;
			else if (*p == '-') out[n++] = *p++;
			while (*p == '0' && p[1]) p++;
			while (*p && n < sizeof out - 3) out[n++] = *p++;
			break;
		}
	}
	if (!point) out[n++] = '.', out[n++] = '0';
	buf_append(b, out, n);
}

bool json_write(buf *b, json_t *v)
{
	char num[32];
	size_t i;
	const char *key;
	json_t *e;
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		bool first = true;
		buf_putc(b, '{');
		json_object_foreach(v, key, e) {
			if (!first) buf_putc(b, ',');
			first = false;
			if (!json_write_string(b, key, strlen(key))) return false;
			buf_putc(b, ':');
			if (!json_write(b, e)) return false;
		}
		buf_putc(b, '}');
		return true;
	}
	case JSON_ARRAY:
		buf_putc(b, '[');
		json_array_foreach(v, i, e) {
			if (i) buf_putc(b, ',');
			if (!json_write(b, e)) return false;
		}
		buf_putc(b, ']');
		return true;
	case JSON_STRING: return json_write_string(b, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		buf_append(b, num, (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
		return true;
	case JSON_REAL: json_write_real(b, json_real_value(v)); return true;
	case JSON_TRUE: buf_append(b, "true", 4); return true;
	case JSON_FALSE: buf_append(b, "false", 5); return true;
	case JSON_NULL: buf_append(b, "null", 4); return true;
	}
	return false;
}
