/*
 * catalogue.h embedded with C23 #embed at build time: the copy cannot drift from the header the host is built
 * with, and the compiler's dependency file lists the header, so editing it rebuilds this file.
 */
#include "catalogue_header_text.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char text[] = {
#embed "../../Registry/CCatalogue/include/catalogue.h"
};

const unsigned char *catalogue_header_text(void) { return text; }

size_t catalogue_header_text_length(void) { return sizeof text; }
