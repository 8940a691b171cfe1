#!/usr/bin/env python
"""Train the digits MLP from the command line (tf.keras style)."""
from __future__ import print_function

import numpy as np
from sklearn.datasets import load_digits
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.utils import to_categorical

digits = load_digits()
X = digits.data.astype("float32") / 16.0
Y = to_categorical(digits.target)

model = Sequential([Dense(100, activation="relu", input_shape=(64,)),
                    Dense(10, activation="softmax")])
model.compile(optimizer=Adam(lr=0.001), loss="categorical_crossentropy",
              metrics=["accuracy"])
model.fit(X, Y, epochs=5, batch_size=32, validation_split=0.1)
model.save("digits_mlp.h5")
