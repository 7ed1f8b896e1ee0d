// A kernel component built with the default __thread curlwp: defines it.
__thread void* rump_archive_curlwp;

void* rump_archive_get(void) { return rump_archive_curlwp; }
