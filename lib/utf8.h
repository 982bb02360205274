/*
 * utf8.h - UTF-8 as the library reads it (utf8.c): the one decoder, the
 * one check of a field, the one cut at a character boundary and the one
 * rule of the columns a character takes.
 */
#ifndef AR_UTF8_H
#define AR_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Decode one UTF-8 character at s (n bytes left); *len its bytes.  A
 * byte that starts no valid character is U+FFFD of length 1. */
unsigned ar__utf8_decode(const unsigned char *s, size_t n, size_t *len);

/* True when s[0..n) is valid UTF-8 without NUL (no overlong forms, no
 * surrogates, nothing past U+10FFFF); else *why says what is wrong. */
bool ar__utf8_valid(const unsigned char *s, size_t n, const char **why);

/* The longest prefix of s, at most n bytes, that ends at a character
 * boundary (s holds more than n bytes, or its NUL at s[n]). */
size_t ar__utf8_cut(const char *s, size_t n);

/* Characters never shown as they are: C0 and C1 controls, DEL, and the
 * invisible ones that reorder or hide text. */
bool ar__unsafe_char(unsigned c);

/* Columns a character takes on a terminal or a fixed-pitch page: 0 for
 * combining marks, 2 for East Asian wide ones, else 1. */
int ar__char_width(unsigned c);

/* Columns UTF-8 text s takes (NULL: 0), by ar__char_width(); a character
 * shown as '?' takes one. */
size_t ar__text_width(const char *s);

#endif
