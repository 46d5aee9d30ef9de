/*
** fuzz.h: shared bits of the libFuzzer harnesses (make fuzz, make fuzz-smoke).
** Each harness checks a property, not only "does not crash": a violated
** property aborts, which libFuzzer reports as a crash with the input saved.
*/
#ifndef RAPPORT_FUZZ_H
#define RAPPORT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                                  \
	do {                                                                                  \
		if (!(cond)) {                                                                    \
			fprintf(stderr, "fuzz: property failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                      \
		}                                                                                 \
	} while (0)

/* A NUL-terminated copy of the input; caller frees. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s) abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
