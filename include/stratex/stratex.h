/* stratex — export-control compliance engine: the whole public API.
 *
 * Modules: regime (time-versioned regulation data), decide (licence determination),
 * screen (restricted-party screening), audit (tamper-evident decision store). */
#ifndef STRATEX_H
#define STRATEX_H

#include "stratex/common.h"
#include "stratex/errors.h"
#include "stratex/version.h"
#include "stratex/date.h"
#include "stratex/regime.h"
#include "stratex/lists.h"
#include "stratex/decide.h"
#include "stratex/screen.h"
#include "stratex/audit.h"
#include "stratex/workflow.h"

#endif
