/* Whole-file reads with a size limit, and atomic writes (temp file, fsync, rename) so a
 * failure never leaves a half-written output file. */
#ifndef SX_UTIL_FILE_H
#define SX_UTIL_FILE_H

#include <stddef.h>

/* Reads path into a NUL-terminated heap buffer (*out, caller frees); fails with SX_ELIMIT
 * when the file is larger than max bytes, SX_EIO when it cannot be read. */
int sx_file_read(char **out, size_t *len, const char *path, size_t max);

/* Writes data to path atomically: either the whole new content or the old file remains. */
int sx_file_write_atomic(const char *path, const void *data, size_t len);

#endif
