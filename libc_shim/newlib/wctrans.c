/* libc_shim/newlib/wctrans.c -- two helpers newlib 3.3.0 calls and, in
 * this configuration, does not define. towctrans_l() (and so towctrans())
 * maps through _jp2uc_l()/_uc2jp_l() whatever the configuration, while
 * ctype/jp2uc.c defines them only with _MB_CAPABLE, which hcall's newlib
 * is built without (the C locale, one byte per character): there they are
 * the identity. Found by newlib's testsuite (newlib.wctype/twctrans.c, which
 * otherwise fails to link). */
#include <newlib.h>
#include <wctype.h>

#ifndef _MB_CAPABLE

struct __locale_t;

wint_t _jp2uc_l(wint_t c, struct __locale_t* locale);
wint_t _uc2jp_l(wint_t c, struct __locale_t* locale);

wint_t _jp2uc_l(wint_t c, struct __locale_t* locale) {
  (void)locale;
  return c;
}

wint_t _uc2jp_l(wint_t c, struct __locale_t* locale) {
  (void)locale;
  return c;
}

#endif /* !_MB_CAPABLE */
