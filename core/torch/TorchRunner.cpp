#include <torch/torch.h>

#include "TorchRunner.h"
