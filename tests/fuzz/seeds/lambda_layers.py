from tensorflow import keras
import tensorflow as tf
from tensorflow.keras import layers
inputs = keras.Input(shape=(None, None, 3))
x = layers.Lambda(lambda img: tf.image.resize(img, (20, 16)), name='resize')(inputs)
x = layers.Lambda(keras.applications.vgg16.preprocess_input, name='caffe')(x)
x = layers.Lambda(lambda t: (t + 100.0) / 255. * 2 - 1)(x)
x = layers.Conv2D(4, 3, activation='relu')(x)
y = layers.Lambda(keras.applications.densenet.preprocess_input)(inputs)
y = layers.Lambda(lambda img: tf.image.resize(img, [18, 14], method='nearest'))(y)
y = layers.Lambda(keras.applications.mobilenet_v2.preprocess_input)(y)
y = layers.Conv2D(4, 3, activation='relu')(y)
out = layers.Dense(3, activation='softmax')(layers.concatenate([layers.GlobalAveragePooling2D()(x), layers.GlobalAveragePooling2D()(y)]))
model = keras.Model(inputs, out)
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
