/**
 * @file metrics.h
 * @brief (being written)
 */
#ifndef CX_METRICS_H
#define CX_METRICS_H

#include <cx/common.h>

#endif /* CX_METRICS_H */
