#include "ModelExtractor.h"
