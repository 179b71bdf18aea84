/**
 * @file journey.h
 * @brief (being written)
 */
#ifndef CX_JOURNEY_H
#define CX_JOURNEY_H

#include <cx/common.h>

#endif /* CX_JOURNEY_H */
