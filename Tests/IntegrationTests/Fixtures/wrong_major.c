/* A plugin that claims to be built for ABI 2.0: the host must refuse it and name both versions. */
#include "catalogue.h"

static const cat_plugin plugin = {
    .struct_size = sizeof(cat_plugin), .abi_major = 2, .abi_minor = 0, .id = "org.catalogue.test.major",
    .name = "Wrong major", .version = "1.0.0"};

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_major, (void)host_abi_minor, (void)host;
    return &plugin;
}
