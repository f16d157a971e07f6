/* A plugin that declines to load and says why through host->set_error. */
#include "catalogue.h"

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_major, (void)host_abi_minor;
    host->set_error("needs a GPU with 80 GB, none found");
    return 0;
}
