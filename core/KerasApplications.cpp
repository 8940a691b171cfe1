#include "KerasApplications.h"
