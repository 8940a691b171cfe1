#include "ModelIR.h"
