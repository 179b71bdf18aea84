/**
 * @file scale.h
 * @brief (being written)
 */
#ifndef CX_SCALE_H
#define CX_SCALE_H

#include <cx/common.h>

#endif /* CX_SCALE_H */
