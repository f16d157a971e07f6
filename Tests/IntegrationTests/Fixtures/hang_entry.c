/* A plugin whose entry point never returns: the scanner must kill it after its timeout. */
#include "catalogue.h"

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_major, (void)host_abi_minor, (void)host;
    for (volatile unsigned long spin = 0;; spin++) {
    }
    return 0;
}
