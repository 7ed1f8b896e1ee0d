/* greeting.h -- a plain C library of the consumer workspace. */
#ifndef CONSUMER_GREETING_H_
#define CONSUMER_GREETING_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes "Hello, (who)!" into (buf) of (size) bytes, always NUL-terminated
 * when (size) > 0, and returns the length the whole greeting needs (like
 * snprintf). (who) may be NULL for "world". */
size_t greeting_format(char* buf, size_t size, const char* who);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CONSUMER_GREETING_H_ */
