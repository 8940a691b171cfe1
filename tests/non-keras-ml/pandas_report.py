"""A pandas report saved to HDF5."""
import numpy as np
import pandas as pd

frame = pd.DataFrame({"a": np.arange(10), "b": np.random.rand(10)})
other = pd.DataFrame({"a": np.arange(10), "c": np.random.rand(10)})
merged = pd.merge(frame, other, on="a", how="inner")
history = {"lr": [0.1, 0.05], "loss": [1.0, 0.5]}
print(history["lr"])
merged.to_hdf("report.h5", key="merged")
np.save("features.h5", merged.values)
rolled = merged.rolling(window=3).mean()
