#include "SmokeReport.h"
