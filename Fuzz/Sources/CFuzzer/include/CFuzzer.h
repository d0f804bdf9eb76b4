// libFuzzer's driver entry (compiler-rt FuzzerInterface.h). SwiftPM links each executable with
// `main` set to `<Target>_main`, so the targets call the driver themselves instead of relying on
// libFuzzer's own `main`.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
