/* A plugin whose entry point dereferences NULL: the scanner child must die, not the host. */
#include <stddef.h>

#include "catalogue.h"

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_major, (void)host_abi_minor, (void)host;
    volatile int *nowhere = NULL;
    *nowhere = 1;
    return NULL;
}
