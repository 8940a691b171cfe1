#include "KerasSummary.h"
