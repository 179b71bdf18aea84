/*
 * An allocator for cx_set_allocator() that fails on purpose: the tests of
 * running out of memory set budget to the number of allocations to allow
 * (-1: no limit), so that every allocation of a call can fail in turn.
 * Each test program includes it once.
 */
#ifndef CX_TEST_TIGHT_ALLOC_H
#define CX_TEST_TIGHT_ALLOC_H

#include <stdlib.h>

/* Allocations left before the next fails (-1: no limit). */
static long budget = -1;

static void *tight_malloc(size_t n) {
  if (budget == 0)
    return NULL;
  if (budget > 0)
    budget--;
  return malloc(n);
}

static void *tight_realloc(void *p, size_t n) {
  if (budget == 0)
    return NULL;
  if (budget > 0)
    budget--;
  return realloc(p, n);
}

#endif
