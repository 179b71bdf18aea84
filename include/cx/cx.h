/**
 * @file cx.h
 * @brief Everything in libcx: include this one header.
 */
#ifndef CX_CX_H
#define CX_CX_H

#include <cx/version.h>
#include <cx/common.h>
#include <cx/scale.h>
#include <cx/kano.h>
#include <cx/gap.h>
#include <cx/metrics.h>
#include <cx/journey.h>
#include <cx/io.h>
#include <cx/render.h>
#include <cx/paths.h>

#endif /* CX_CX_H */
