#ifndef CATALOGUE_FUZZ_DRIVER_H
#define CATALOGUE_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/* Runs libFuzzer's driver on `test` (libFuzzer's LLVMFuzzerRunDriver, linked by -sanitize=fuzzer). SwiftPM gives
 * every executable target an entry point named <Target>_main, so each fuzz target defines that and calls this,
 * instead of relying on libFuzzer's own main. */
int catalogue_fuzz_run(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));

#endif
