/* _newlib_version.h -- the version of the newlib sources hcall builds
 * (Debian 12's newlib-source, newlib 3.3.0), written by hand in place of
 * the header newlib's configure generates. */
#ifndef _NEWLIB_VERSION_H__
#define _NEWLIB_VERSION_H__ 1

#define _NEWLIB_VERSION "3.3.0"
#define __NEWLIB__ 3
#define __NEWLIB_MINOR__ 3
#define __NEWLIB_PATCHLEVEL__ 0

#endif /* !_NEWLIB_VERSION_H__ */
