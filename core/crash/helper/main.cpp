// capsule-crash-helper: started by a crashing test process (see
// core/crash/helper_launch.cpp); captures it from outside with ptrace.
#include "crash/helper_main.hpp"

int main(int argc, char** argv) { return capsule::crash::helper_main(argc, argv); }
