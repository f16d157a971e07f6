/*
 * The text of catalogue.h as this executable was built with it, so `catalogue new-plugin --lang c` can write the
 * header next to a new plugin from a binary that is installed or copied far from the source tree.
 */
#ifndef CATALOGUE_HEADER_TEXT_H
#define CATALOGUE_HEADER_TEXT_H

#include <stddef.h>

/* The header's bytes (not NUL-terminated; see catalogue_header_text_length). */
const unsigned char *catalogue_header_text(void);

/* The number of bytes catalogue_header_text points to. */
size_t catalogue_header_text_length(void);

#endif
