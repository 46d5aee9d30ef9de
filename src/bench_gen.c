/* placeholder replaced below */
#include "demo.h"
int cmd_bench_gen(int argc, char **argv) { (void)argc; (void)argv; return 2; }
