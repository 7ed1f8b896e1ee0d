// A rumpuser(3) implementation, as NetBSD's librumpuser has.
int rumpuser_getversion(void) { return 17; }
