/* A plugin built against ABI 1.99, newer than any host: the host must refuse it and say how to fix it. */
#include "catalogue.h"

static const cat_plugin plugin = {
    .struct_size = sizeof(cat_plugin), .abi_major = CAT_ABI_MAJOR, .abi_minor = 99, .id = "org.catalogue.test.minor",
    .name = "Newer minor", .version = "1.0.0"};

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_major, (void)host_abi_minor, (void)host;
    return &plugin;
}
