/**
 * @file gap.h
 * @brief (being written)
 */
#ifndef CX_GAP_H
#define CX_GAP_H

#include <cx/common.h>

#endif /* CX_GAP_H */
