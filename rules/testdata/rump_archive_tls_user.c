// A component of such a kernel that only uses the thread-local curlwp.
extern __thread void* rump_archive_curlwp;

void* rump_archive_use(void) { return rump_archive_curlwp; }
