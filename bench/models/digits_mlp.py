# The corpus's digits MLP (labs/01_keras/Intro Keras.ipynb, cell 30): 64-100-10, tanh,
# softmax, SGD(0.1), batch 32. bench/run smoke-trains it against bench/peers/torch_smoke.py.
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras import optimizers

model = Sequential()
model.add(Dense(100, input_dim=64, activation="tanh"))
model.add(Dense(10, activation="softmax"))
model.compile(optimizer=optimizers.SGD(learning_rate=0.1),
              loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, Y_train, epochs=15, batch_size=32)
