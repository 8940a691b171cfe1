<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Rules</name>
    <message>
        <source>Select the PyTorch backend before Keras is imported</source>
        <translation>Choisir le backend PyTorch avant d’importer Keras</translation>
    </message>
    <message>
        <source>Keras 3 picks its backend when it is first imported: set KERAS_BACKEND=torch in the first lines of the file (the first code cell of a notebook).</source>
        <translation>Keras 3 choisit son backend au premier import : définir KERAS_BACKEND=torch dans les premières lignes du fichier (la première cellule de code d’un notebook).</translation>
    </message>
    <message>
        <source>from tensorflow.keras… import → from keras… import</source>
        <translation>from tensorflow.keras… import → from keras… import</translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: import from `keras…` instead of `tensorflow.keras…`.</source>
        <translation>Keras 3 est le paquet autonome `keras` : importer depuis `keras…` au lieu de `tensorflow.keras…`.</translation>
    </message>
    <message>
        <source>from tensorflow import keras → import keras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: `import keras` instead of taking it from tensorflow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from tensorflow import keras as K → import keras as K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: import it directly, keeping the alias.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from tensorflow import keras, … (with other names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`keras` is imported from tensorflow together with other names: import it on its own line as `import keras`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import tensorflow.keras… → import keras…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: `import keras…` instead of `import tensorflow.keras…`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.keras.X → keras.X</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: use `keras.…` instead of `{{ref}}.…` (tf.keras), and import keras.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keras.layers.core / convolutional / … / engine → keras.layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `{{module}}` module: its layers are in `keras.layers`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keras.utils.np_utils / vis_utils / data_utils → keras.utils</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `{{module}}` module: `to_categorical`, `plot_model`, `Sequence` and the other utilities are in `keras.utils`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keras.utils.generic_utils → keras.saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `keras.utils.generic_utils`: `get_custom_objects`, `CustomObjectScope` and `register_keras_serializable` are in `keras.saving`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keras.preprocessing.sequence.pad_sequences → keras.utils.pad_sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In Keras 3 `pad_sequences` lives in `keras.utils`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keras.optimizers.legacy → keras.optimizers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Keras 3&apos;s optimizers: `keras.optimizers.legacy` only exists for old checkpoints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.&lt;op&gt;(…) → keras.ops.&lt;op&gt;(…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no math functions: `K.{{fn}}` is `keras.ops.{{fn}}`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.pow → keras.ops.power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `pow`: use `keras.ops.power`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.permute_dimensions → keras.ops.transpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `permute_dimensions`: use `keras.ops.transpose`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.l2_normalize → keras.ops.normalize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `l2_normalize`: use `keras.ops.normalize`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.switch → keras.ops.where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `switch`: use `keras.ops.where`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.dot → keras.ops.matmul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `dot`: use `keras.ops.matmul`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.count_params → keras.ops.size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `count_params`: use `keras.ops.size`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.get_value → keras.ops.convert_to_numpy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `get_value`: use `keras.ops.convert_to_numpy`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.random_normal → keras.random.normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `random_normal`: use `keras.random.normal`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.random_uniform → keras.random.uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `random_uniform`: use `keras.random.uniform`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.truncated_normal → keras.random.truncated_normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `truncated_normal`: use `keras.random.truncated_normal`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.argmax(x) → keras.ops.argmax(x, axis=-1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`K.argmax` defaulted to the last axis; `keras.ops.argmax` does not: the axis is written out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.argmin(x) → keras.ops.argmin(x, axis=-1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`K.argmin` defaulted to the last axis; `keras.ops.argmin` does not: the axis is written out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.concatenate(x) → keras.ops.concatenate(x, axis=-1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`K.concatenate` defaulted to the last axis; `keras.ops.concatenate` does not: the axis is written out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.expand_dims(x) → keras.ops.expand_dims(x, -1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`K.expand_dims` defaulted to the last axis; `keras.ops.expand_dims` does not: the axis is written out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.epsilon / floatx / image_data_format → keras.config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 keeps backend settings in `keras.config`: `K.{{fn}}` is `keras.config.{{fn}}`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.int_shape(x) → tuple(x.shape)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `int_shape`: a tensor&apos;s static shape is `tuple(x.shape)`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.set_value(x, v) → x.assign(v)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `set_value`: assign to the variable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.flatten / K.batch_flatten → keras.ops.reshape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `{{fn}}`: reshape with `keras.ops.reshape`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.batch_flatten(x) → keras.ops.reshape(x, (batch, -1))</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `batch_flatten`: reshape to (batch, -1) with `keras.ops.reshape`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.repeat_elements(x, r, a) → keras.ops.repeat(x, r, axis=a)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `repeat_elements`: use `keras.ops.repeat` with the axis by name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.gather(x, i) → keras.ops.take(x, i, axis=0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`K.gather` took along axis 0; `keras.ops.take` flattens without an axis, so `axis=0` is written out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.function / gradients / placeholder / learning_phase / … (no Keras 3 equivalent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`K.{{fn}}` does not exist in Keras 3 and has no mechanical replacement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer lr= → learning_rate=</source>
        <translation>Optimiseur lr= → learning_rate=</translation>
    </message>
    <message>
        <source>Keras 3 optimizers take `learning_rate=`; `lr=` raises a ValueError.</source>
        <translation>Les optimiseurs de Keras 3 prennent `learning_rate=` ; `lr=` lève une ValueError.</translation>
    </message>
    <message>
        <source>Optimizer decay= → an InverseTimeDecay schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 optimizers silently ignore `decay=`; Keras 2 applied lr / (1 + decay * iterations), which is `keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)` (behaviour kept, code changes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer decay= without a learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 optimizers silently ignore `decay=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the optimizer&apos;s default learning rate explicitly and use learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer decay=0 → drop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 optimizers have no `decay`; a decay of 0 changed nothing, so the argument is dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer.lr → optimizer.learning_rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 optimizers have `learning_rate`, not `lr`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument nb_epoch= → epochs=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`nb_epoch=` is a Keras 1 argument name that Keras 3 rejects: it is `epochs=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument output_dim= → units=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`output_dim=` is a Keras 1 argument name that Keras 3 rejects: it is `units=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument init= → kernel_initializer=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`init=` is a Keras 1 argument name that Keras 3 rejects: it is `kernel_initializer=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument W_regularizer= → kernel_regularizer=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`W_regularizer=` is a Keras 1 argument name that Keras 3 rejects: it is `kernel_regularizer=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument b_regularizer= → bias_regularizer=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`b_regularizer=` is a Keras 1 argument name that Keras 3 rejects: it is `bias_regularizer=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument W_constraint= → kernel_constraint=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`W_constraint=` is a Keras 1 argument name that Keras 3 rejects: it is `kernel_constraint=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument b_constraint= → bias_constraint=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`b_constraint=` is a Keras 1 argument name that Keras 3 rejects: it is `bias_constraint=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument border_mode= → padding=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`border_mode=` is a Keras 1 argument name that Keras 3 rejects: it is `padding=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument subsample= → strides=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`subsample=` is a Keras 1 argument name that Keras 3 rejects: it is `strides=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1 argument dim_ordering= → data_format=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`dim_ordering=` is a Keras 1 argument name that Keras 3 rejects: it is `data_format=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>samples_per_epoch= / nb_val_samples= count samples, not steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{keyword}}=` counted samples; Keras 3&apos;s `steps_per_epoch=` / `validation_steps=` count batches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace samples_per_epoch=N with steps_per_epoch=N // batch_size and nb_val_samples=M with validation_steps=M // batch_size, using the generator&apos;s batch size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model(input=, output=) → Model(inputs=, outputs=)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `Model` takes `inputs=` and `outputs=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LeakyReLU(alpha=) → LeakyReLU(negative_slope=)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `LeakyReLU` takes `negative_slope=`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ThresholdedReLU(theta) → ReLU(threshold=theta)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `ThresholdedReLU`: it is `ReLU(threshold=…)` (Keras 2&apos;s default theta was 1.0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CuDNNLSTM / CuDNNGRU → LSTM / GRU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no CuDNN layers: `LSTM` and `GRU` use cuDNN by themselves when they can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding(input_length=) → drop it</source>
        <translation>Embedding(input_length=) → le retirer</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `Embedding` has no `input_length`: give the input shape with `keras.Input(shape=(length,))` if needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fused= / time_major= / reset_metrics= → drop them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `{{keyword}}=` argument.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fit(workers=, use_multiprocessing=, max_queue_size=) → drop them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `{{method}}` raises TypeError on `{{keyword}}=`: multiprocessing belongs to a `keras.utils.PyDataset(workers=…, use_multiprocessing=…)`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convolution2D(f, k1, k2) → Conv2D(f, (k1, k2))</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1&apos;s `{{fn}}(filters, k1, k2)` passed the kernel size as two numbers; in Keras 3 the third positional argument of Conv2D is `strides`, so the kernel must be one tuple (a silent bug otherwise).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convolution3D(f, k1, k2, k3) → Conv3D(f, (k1, k2, k3))</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 1&apos;s `{{fn}}(filters, k1, k2, k3)` passed the kernel size as three numbers; Keras 3 takes one tuple.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convolution1D/2D/3D → Conv1D/2D/3D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` is a Keras 1 name: Keras 3 calls it Conv1D / Conv2D / Conv3D.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deconvolution2D/3D → Conv2DTranspose/Conv3DTranspose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` is a Keras 1 name: Keras 3 has Conv2DTranspose / Conv3DTranspose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fit_generator → fit</source>
        <translation>fit_generator → fit</translation>
    </message>
    <message>
        <source>Keras 3 removed fit_generator: `fit` takes generators and PyDatasets. A second positional argument (steps_per_epoch) is passed by name, since fit&apos;s second positional is `y`.</source>
        <translation>Keras 3 a supprimé fit_generator : `fit` accepte générateurs et PyDataset. Un deuxième argument positionnel (steps_per_epoch) est passé par son nom, car le deuxième argument positionnel de fit est `y`.</translation>
    </message>
    <message>
        <source>evaluate_generator / predict_generator → evaluate / predict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 removed evaluate_generator and predict_generator: `evaluate` and `predict` take generators. A second positional argument (steps) is passed by name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predict_classes(x) → argmax of predict(x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 models have no `predict_classes`: take the class from `predict`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;concat&apos;) → Concatenate()([…])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;concat&apos; is the `Concatenate` layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;sum&apos;) → Add()([…])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;sum&apos; is the `Add` layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;mul&apos;) → Multiply()([…])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;mul&apos; is the `Multiply` layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;ave&apos;) → Average()([…])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;ave&apos; is the `Average` layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;max&apos;) → Maximum()([…])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;max&apos; is the `Maximum` layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge(…) with mode dot/cos, a function or extra arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function; this call needs a hand-written replacement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mode=&apos;dot&apos; is keras.layers.Dot(axes=…)([a, b]); mode=&apos;cos&apos; is Dot(axes=…, normalize=True); a callable mode becomes a keras.layers.Layer subclass; concat_axis=… becomes Concatenate(axis=…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model.save(&apos;m.h5&apos;) → model.save(&apos;m.keras&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>load_model(&apos;m.h5&apos;) → load_model(&apos;m.keras&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s native format is `.keras`. Rename the path only if this repository saves the model itself (a downloaded .h5 file keeps its name: Keras 3 still reads it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save(…, save_format=…) → drop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `save` has no `save_format`: the format follows the file name (`.keras`).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save_weights(&apos;w.h5&apos;) → save_weights(&apos;w.weights.h5&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s `save_weights` / `load_weights` want a path ending in `.weights.h5`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ModelCheckpoint(&apos;….h5&apos;) → &apos;….keras&apos; / &apos;….weights.h5&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ModelCheckpoint(&apos;….h5&apos;, save_weights_only=True) → &apos;….weights.h5&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ModelCheckpoint(period=1) → save_freq=&apos;epoch&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s ModelCheckpoint has no `period`: `save_freq=&apos;epoch&apos;` saves every epoch (an integer save_freq counts batches).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ModelCheckpoint(period=N) with N ≠ 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s ModelCheckpoint has no `period`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save_freq counts batches when it is an integer: use save_freq=N * steps_per_epoch, or save every epoch with save_freq=&apos;epoch&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>history[&apos;lr&apos;] → history[&apos;learning_rate&apos;]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 logs the learning rate as `learning_rate`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metrics.binary_crossentropy(…) → keras.losses.binary_crossentropy(…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ImageDataGenerator → torchvision transforms + ImageFolder + DataLoader</source>
        <translation>ImageDataGenerator → transforms de torchvision + ImageFolder + DataLoader</translation>
    </message>
    <message>
        <source>`ImageDataGenerator` is not in Keras 3: load images with torchvision (`transforms`, `datasets.ImageFolder`, `DataLoader`) or `keras.utils.image_dataset_from_directory` with augmentation layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keras.preprocessing.text Tokenizer / one_hot / TimeseriesGenerator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` is not in Keras 3&apos;s public API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KerasClassifier / KerasRegressor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`keras.wrappers.scikit_learn` is not in Keras 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use keras.wrappers.SKLearnClassifier / SKLearnRegressor (they take a model-building function and its arguments differently), or the scikeras package.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model_from_yaml / to_yaml (removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 removed YAML model serialization.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the whole model with model.save(&apos;m.keras&apos;) and keras.saving.load_model, or the architecture with to_json / model_from_json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorBoard callback needs TensorFlow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TensorBoard callback writes its logs with TensorFlow: on the torch backend it needs TensorFlow installed (or use torch.utils.tensorboard).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep tensorflow (CPU) in the environment for TensorBoard, or log with torch.utils.tensorboard.SummaryWriter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;hard_sigmoid&apos; changed definition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s hard_sigmoid is relu6(x + 3) / 6 (Keras 2: clip(0.2 x + 0.5, 0, 1)): results differ slightly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the numbers of models that use hard_sigmoid after migration, or write the Keras 2 formula as a custom activation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add_metric / model.add_loss outside a layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lambda layer calling K.* / tf.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.Variable inside a Keras layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 layers create weights with `self.add_weight(...)` (or `keras.Variable`); a `tf.Variable` is not tracked on the torch backend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In build(): self.w = self.add_weight(shape=(), initializer=&apos;ones&apos;, trainable=True).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom train_step with tf.GradientTape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`tf.GradientTape` does not record torch tensors: a custom `train_step` must be written for the torch backend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override train_step with torch: zero_grad, loss.backward(), optimizer.apply(gradients) as in the Keras guide &apos;Customizing fit() with PyTorch&apos;, or move the custom loss into compute_loss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model.metrics_names zipped with evaluate()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In Keras 3 `metrics_names` is only filled after the model is built and can differ from evaluate()&apos;s order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use model.evaluate(x, y, return_dict=True), which returns {name: value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from scipy.misc import imread, imresize → PIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`scipy.misc.imread` / `imresize` were removed from SciPy: read and resize with PIL. Note: PIL&apos;s resize takes (width, height).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.&lt;op&gt; inside a Keras layer/model → keras.ops.&lt;op&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.{{fn}}` is `keras.ops.{{fn}}`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.reduce_&lt;op&gt; inside a Keras layer/model → keras.ops.&lt;op&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.reduce_X` is `keras.ops.X`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.concat inside a Keras layer/model → keras.ops.concatenate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.concat` is `keras.ops.concatenate`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.range inside a Keras layer/model → keras.ops.arange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.range` is `keras.ops.arange`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.clip_by_value inside a Keras layer/model → keras.ops.clip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.clip_by_value` is `keras.ops.clip`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.gather inside a Keras layer/model → keras.ops.take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.gather` is `keras.ops.take` with axis=0 (take flattens without an axis).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.random.normal inside a Keras layer/model → keras.random.normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.random.normal` is `keras.random.normal`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.random.uniform inside a Keras layer/model → keras.random.uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.random.uniform` is `keras.random.uniform`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported name not in Keras 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name.keras}}` is not in Keras 3&apos;s public API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module not in Keras 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{module.keras}}` is not a module of Keras 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute not in Keras 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{ref.keras}}` is not in Keras 3&apos;s public API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K.&lt;name&gt; not in Keras 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{ref.keras}}` is not in Keras 3: `keras.backend` keeps only a few configuration functions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the keras.ops function that does the same (keras.io/api/ops) and mind default arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove an import of a name Keras 3 lacks, now unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` is not in Keras 3 and nothing uses it any more: the import is removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requirements: tensorflow → keras&gt;=3, torch, torchvision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project runs on Keras 3 with the PyTorch backend: `{{line}}` becomes keras&gt;=3.0.0, torch and torchvision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requirements: keras 2 pin → keras&gt;=3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{line}}` pins Keras 2: the migration needs keras&gt;=3.0.0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requirements: h5py pin → h5py&gt;=3.0.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>h5py is no longer pinned (Keras 3 prefers the .keras format): `{{line}}` becomes h5py&gt;=3.0.0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runtime.txt: Python → 3.12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment.yml: python → 3.12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment.yml: h5py pin → unpinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>h5py is no longer pinned (Keras 3 prefers the .keras format).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment.yml: tensorflow → keras&gt;=3, pytorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project runs on Keras 3 with the PyTorch backend: `{{line}}` becomes keras&gt;=3 and pytorch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer decay= (before the learning rate) → an InverseTimeDecay schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from keras.utils import np_utils → from keras import utils as np_utils</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 has no `np_utils`: its functions (`to_categorical`, `normalize`) are in `keras.utils`, imported here under the old name so the code keeps working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dim_ordering=&apos;th&apos; → data_format=&apos;channels_first&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`dim_ordering=&apos;th&apos;` is Keras 1: Keras 3 takes `data_format=&apos;channels_first&apos;`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dim_ordering=&apos;tf&apos; → data_format=&apos;channels_last&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`dim_ordering=&apos;tf&apos;` is Keras 1: Keras 3 takes `data_format=&apos;channels_last&apos;`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predict_proba(x) → predict(x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3 models have no `predict_proba`: `predict` returns the probabilities of a softmax/sigmoid output (only objects named like a Keras model are matched: scikit-learn keeps predict_proba).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the Keras model as a torch.nn.Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{model}}` is built with Keras layers. In plain PyTorch it is an `nn.Module` class: layers in `__init__` with their input sizes inferred, `forward` in PyTorch&apos;s channels-first layout, Keras&apos;s initialisation, and no final softmax/sigmoid when the loss takes logits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compile() becomes a loss and an optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch has no `compile()`: `{{model}}.compile(…)` becomes a loss module and a `torch.optim` optimizer over `{{model}}.parameters()`, with Keras&apos;s defaults written out where PyTorch&apos;s differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the loss (`nn.CrossEntropyLoss()`, …) and the optimizer (`torch.optim.Adam(model.parameters(), …)`) by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fit() becomes an explicit training loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{model}}.{{method}}(…)` becomes an explicit loop: DataLoaders over the arrays, `train()`/`eval()`, `zero_grad()`, `backward()`, `step()`, validation under `torch.no_grad()`, and a Keras-like `history` (`.history[…]`, `.epoch`) so later plotting cells keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evaluate() becomes a loop under torch.no_grad()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{model}}.evaluate(…)` becomes a loop over a DataLoader under `torch.no_grad()` that returns `[loss, accuracy]` as Keras did.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate under `torch.no_grad()` with `model.eval()` by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predict() becomes a forward pass under torch.no_grad()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{model}}.predict(…)` becomes batched forward passes under `torch.no_grad()` returning a NumPy array; when the module returns logits, the softmax/sigmoid Keras&apos;s model ended with is applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict under `torch.no_grad()` with `model.eval()` by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flow_from_directory() becomes ImageFolder and a DataLoader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write `datasets.ImageFolder(directory, transform=transforms.Compose([...]))` and a `DataLoader` by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ImageDataGenerator done by the transforms pipelines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All the code does with `{{gen}}` is flow_from_directory(), whose torchvision pipelines take its arguments: the Keras object is kept as a comment, so nothing imports Keras for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to_categorical() without Keras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to_categorical(y, num_classes) without Keras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`to_categorical` comes from Keras. The one-hot array is made with NumPy; the generated loop gives `nn.CrossEntropyLoss` the class indices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model.save(&apos;x.h5&apos;) becomes torch.save(state_dict)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>load_model() needs the module class in PyTorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom Keras layer or model class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` subclasses Keras&apos;s `{{base}}`, whose backend code the workbench does not translate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewrite it as an `nn.Module`: weights made in `build()` become `nn.Parameter`s in `__init__` (their shapes must be known there, or use `nn.Lazy*`), `call()` becomes `forward()`, and `K.*`/`tf.*` operations become `torch.*` ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras callback with no PyTorch conversion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{cb}}` is a Keras callback; the generated loop converts only EarlyStopping, ModelCheckpoint and ReduceLROnPlateau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do its work in the generated loop (the loop marks the place with a TODO). TensorBoard: `torch.utils.tensorboard.SummaryWriter` and `writer.add_scalar(…)` per epoch; LearningRateScheduler: `torch.optim.lr_scheduler.LambdaLR`; CSVLogger: write `history.history` with pandas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom Keras callback class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` subclasses Keras&apos;s Callback: its hooks have no place in PyTorch until the loop calls them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move what its `on_epoch_end`/`on_batch_end` do into the generated loop, at the matching place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras callback done by the generated loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The generated training loop does what `{{name}}` did (torch-fit reads its arguments from here): the Keras object is kept as a comment, so nothing imports Keras for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove a TensorFlow/Keras import nothing uses any more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` comes from TensorFlow/Keras and nothing uses it after the rewrite: the import is removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow/Keras still used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{name}}` comes from TensorFlow/Keras, which the PyTorch target drops. The rewrites of this pack replace the model, compile, fit, evaluate, predict and save code; once they are applied, the import goes when nothing else uses it. Any use left must be rewritten with torch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewrite its uses with torch (`tf.reduce_sum` → `torch.sum`, `tf.argmax` → `torch.argmax`, initializers → `nn.init.*` in `reset_parameters_keras()`, `model.layers[i].weights` → `model.&lt;layer&gt;.weight`), then remove the import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model.summary() becomes print(model) and a parameter count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras optimizer done by torch.optim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All the code does with `{{opt}}` is pass it to compile(), whose rewrite makes the `torch.optim` optimizer from its arguments: the Keras object is kept as a comment, so nothing imports Keras for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save with `torch.save(model.state_dict(), &apos;model.pth&apos;)` once the model is an nn.Module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tf.reduce_&lt;op&gt; on a model&apos;s output → keras.ops.&lt;op&gt;</source>
        <translation>tf.reduce_&lt;op&gt; sur la sortie d&apos;un modèle → keras.ops.&lt;op&gt;</translation>
    </message>
    <message>
        <source>With the torch backend, calling a Keras model returns a torch tensor, which TensorFlow ops cannot take (`Can&apos;t call numpy() on Tensor that requires grad`): `{{fn}}` on `{{x}}` becomes the keras.ops function, which works on every backend.</source>
        <translation>Avec le backend torch, appeler un modèle Keras renvoie un tenseur torch, que les opérations TensorFlow ne prennent pas (`Can&apos;t call numpy() on Tensor that requires grad`) : `{{fn}}` sur `{{x}}` devient la fonction keras.ops, qui fonctionne avec tous les backends.</translation>
    </message>
    <message>
        <source>tf.&lt;op&gt; on a model&apos;s output → keras.ops.&lt;op&gt;</source>
        <translation>tf.&lt;op&gt; sur la sortie d&apos;un modèle → keras.ops.&lt;op&gt;</translation>
    </message>
    <message>
        <source>With the torch backend, calling a Keras model returns a torch tensor, which TensorFlow ops cannot take: `{{fn}}` on `{{x}}` becomes `keras.ops.{{fn}}`, which works on every backend.</source>
        <translation>Avec le backend torch, appeler un modèle Keras renvoie un tenseur torch, que les opérations TensorFlow ne prennent pas : `{{fn}}` sur `{{x}}` devient `keras.ops.{{fn}}`, qui fonctionne avec tous les backends.</translation>
    </message>
    <message>
        <source>ImageDataGenerator import → Keras 3&apos;s legacy copy</source>
        <translation>Import d&apos;ImageDataGenerator → la copie héritée de Keras 3</translation>
    </message>
    <message>
        <source>`ImageDataGenerator` is not in Keras 3&apos;s public API, so this import fails. Keras 3 still ships the Keras 2 implementation in `keras.src.legacy.preprocessing.image` (its `flow()` feeds `fit()` on every backend): importing it from there keeps the notebook running. It is a private module: move to `keras.utils.image_dataset_from_directory` with augmentation layers (`RandomRotation`, `RandomFlip`, …) when you can.</source>
        <translation>`ImageDataGenerator` n&apos;est pas dans l&apos;API publique de Keras 3 : cet import échoue. Keras 3 fournit encore l&apos;implémentation de Keras 2 dans `keras.src.legacy.preprocessing.image` (son `flow()` alimente `fit()` avec tous les backends) : l&apos;importer de là garde le notebook fonctionnel. C&apos;est un module privé : passez à `keras.utils.image_dataset_from_directory` avec des couches d&apos;augmentation (`RandomRotation`, `RandomFlip`, …) dès que possible.</translation>
    </message>
    <message>
        <source>Load images with `keras.utils.image_dataset_from_directory` and augment with preprocessing layers, or with torchvision transforms and a DataLoader.</source>
        <translation>Chargez les images avec `keras.utils.image_dataset_from_directory` et augmentez-les avec des couches de prétraitement, ou avec des transformations torchvision et un DataLoader.</translation>
    </message>
    <message>
        <source>Keras 3&apos;s ModelCheckpoint wants a path ending in `.keras` (whole model) or `.weights.h5` (save_weights_only=True). A later `load_weights` or `load_model` of the old name must use the new one.</source>
        <translation>Le ModelCheckpoint de Keras 3 veut un chemin finissant par `.keras` (modèle entier) ou `.weights.h5` (save_weights_only=True). Un `load_weights` ou `load_model` ultérieur de l&apos;ancien nom doit utiliser le nouveau.</translation>
    </message>
    <message>
        <source>Keras 3&apos;s ModelCheckpoint with save_weights_only=True wants a path ending in `.weights.h5`. A later `load_weights` or `load_model` of the old name must use the new one.</source>
        <translation>Le ModelCheckpoint de Keras 3 avec save_weights_only=True veut un chemin finissant par `.weights.h5`. Un `load_weights` ou `load_model` ultérieur de l&apos;ancien nom doit utiliser le nouveau.</translation>
    </message>
    <message>
        <source>load_weights(&apos;….hdf5&apos;) after a renamed checkpoint</source>
        <translation>load_weights(&apos;….hdf5&apos;) après un checkpoint renommé</translation>
    </message>
    <message>
        <source>`{{m}}` reads `{{path}}`. If that file is written by a ModelCheckpoint of this notebook, Keras 3 writes it as `.keras` (or `.weights.h5` with save_weights_only=True): load the new name.</source>
        <translation>`{{m}}` lit `{{path}}`. Si ce fichier est écrit par un ModelCheckpoint de ce notebook, Keras 3 l&apos;écrit en `.keras` (ou `.weights.h5` avec save_weights_only=True) : chargez le nouveau nom.</translation>
    </message>
    <message>
        <source>Use the checkpoint&apos;s new file name here (`….keras`: `load_weights` and `keras.models.load_model` both read it). A file saved by Keras 2 elsewhere keeps its name: Keras 3 still reads legacy .h5 files.</source>
        <translation>Utilisez ici le nouveau nom du checkpoint (`….keras` : `load_weights` et `keras.models.load_model` le lisent tous deux). Un fichier enregistré ailleurs par Keras 2 garde son nom : Keras 3 lit encore les fichiers .h5 hérités.</translation>
    </message>
    <message>
        <source>Calling the model on data becomes a forward pass under torch.no_grad()</source>
        <translation>Appeler le modèle sur des données devient une passe avant sous torch.no_grad()</translation>
    </message>
    <message>
        <source>`{{model}}({{x}})` calls the Keras model on arrays. The nn.Module takes a tensor: the call becomes `{{model}}.eval()` and a forward pass under `torch.no_grad()` on `torch.as_tensor({{x}})`, with the softmax/sigmoid the module leaves to the loss applied.</source>
        <translation>`{{model}}({{x}})` appelle le modèle Keras sur des tableaux. Le nn.Module prend un tenseur : l&apos;appel devient `{{model}}.eval()` et une passe avant sous `torch.no_grad()` sur `torch.as_tensor({{x}})`, avec le softmax/sigmoïde que le module laisse à la perte appliqué.</translation>
    </message>
    <message>
        <source>Convert the input with `torch.as_tensor(…, dtype=torch.float32)` and call the module under `torch.no_grad()` by hand.</source>
        <translation>Convertissez l&apos;entrée avec `torch.as_tensor(…, dtype=torch.float32)` et appelez le module sous `torch.no_grad()` à la main.</translation>
    </message>
    <message>
        <source>tf.reduce_&lt;op&gt; on a model&apos;s output → torch.&lt;op&gt;</source>
        <translation>tf.reduce_&lt;op&gt; sur la sortie d&apos;un modèle → torch.&lt;op&gt;</translation>
    </message>
    <message>
        <source>The model&apos;s outputs are torch tensors now, which TensorFlow ops cannot take: `{{fn}}` on `{{x}}` becomes the torch function (it takes `axis=` and `keepdims=` as NumPy does).</source>
        <translation>Les sorties du modèle sont maintenant des tenseurs torch, que les opérations TensorFlow ne prennent pas : `{{fn}}` sur `{{x}}` devient la fonction torch (elle accepte `axis=` et `keepdims=` comme NumPy).</translation>
    </message>
    <message>
        <source>tf.reduce_max/min on a model&apos;s output → torch.amax/amin</source>
        <translation>tf.reduce_max/min sur la sortie d&apos;un modèle → torch.amax/amin</translation>
    </message>
    <message>
        <source>The model&apos;s outputs are torch tensors now, which TensorFlow ops cannot take: `{{fn}}` on `{{x}}` becomes `torch.amax`/`torch.amin` (values only, as in TensorFlow; `torch.max` with an axis also returns the indices).</source>
        <translation>Les sorties du modèle sont maintenant des tenseurs torch, que les opérations TensorFlow ne prennent pas : `{{fn}}` sur `{{x}}` devient `torch.amax`/`torch.amin` (les valeurs seules, comme dans TensorFlow ; `torch.max` avec un axe renvoie aussi les indices).</translation>
    </message>
    <message>
        <source>tf.&lt;op&gt; on a model&apos;s output → torch.&lt;op&gt;</source>
        <translation>tf.&lt;op&gt; sur la sortie d&apos;un modèle → torch.&lt;op&gt;</translation>
    </message>
    <message>
        <source>The model&apos;s outputs are torch tensors now, which TensorFlow ops cannot take: `{{fn}}` on `{{x}}` becomes `torch.{{fn}}`.</source>
        <translation>Les sorties du modèle sont maintenant des tenseurs torch, que les opérations TensorFlow ne prennent pas : `{{fn}}` sur `{{x}}` devient `torch.{{fn}}`.</translation>
    </message>
    <message>
        <source>tf.cast on a model&apos;s output → .to(torch.&lt;dtype&gt;)</source>
        <translation>tf.cast sur la sortie d&apos;un modèle → .to(torch.&lt;dtype&gt;)</translation>
    </message>
    <message>
        <source>The model&apos;s outputs are torch tensors now, which TensorFlow ops cannot take: `tf.cast({{x}}, tf.{{dtype}})` becomes `torch.as_tensor({{x}}).to(torch.{{dtype}})`.</source>
        <translation>Les sorties du modèle sont maintenant des tenseurs torch, que les opérations TensorFlow ne prennent pas : `tf.cast({{x}}, tf.{{dtype}})` devient `torch.as_tensor({{x}}).to(torch.{{dtype}})`.</translation>
    </message>
    <message>
        <source>Print the module and `sum(p.numel() for p in model.parameters())` by hand once the model is an nn.Module.</source>
        <translation>Affichez le module et `sum(p.numel() for p in model.parameters())` à la main une fois que le modèle est un nn.Module.</translation>
    </message>
    <message>
        <source>ModelCheckpoint with a path held in a variable</source>
        <translation>ModelCheckpoint avec un chemin tenu par une variable</translation>
    </message>
    <message>
        <source>Keras 3&apos;s ModelCheckpoint raises unless the path ends in `.keras` (whole model) or `.weights.h5` (save_weights_only=True); `{{path}}` is computed elsewhere, so check where it is set.</source>
        <translation>Le ModelCheckpoint de Keras 3 échoue si le chemin ne finit pas par `.keras` (modèle entier) ou `.weights.h5` (save_weights_only=True) ; `{{path}}` est calculé ailleurs : vérifiez où il est défini.</translation>
    </message>
    <message>
        <source>Make `{{path}}` end in `.weights.h5` when save_weights_only=True, else in `.keras`, and load it under that name later.</source>
        <translation>Faites finir `{{path}}` par `.weights.h5` avec save_weights_only=True, sinon par `.keras`, et rechargez-le sous ce nom ensuite.</translation>
    </message>
    <message>
        <source>from keras.backend import &lt;op&gt; → from keras.ops import &lt;op&gt;</source>
        <translation>from keras.backend import &lt;op&gt; → from keras.ops import &lt;op&gt;</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` keeps only a few utilities (`epsilon`, `floatx`, `clear_session`…); the math functions imported here are in `keras.ops`, with the same names.</source>
        <translation>Le `keras.backend` de Keras 3 ne garde que quelques utilitaires (`epsilon`, `floatx`, `clear_session`…) ; les fonctions mathématiques importées ici sont dans `keras.ops`, sous les mêmes noms.</translation>
    </message>
    <message>
        <source>K.function / K.placeholder / K.learning_phase belong to graph-mode TensorFlow: call the model or a sub-model directly (`keras.Model(inputs, outputs)(x)`), pass `training=True/False` to layers, compute gradients with torch.autograd (backend torch), and replace K.batch_dot with keras.ops.einsum or keras.ops.matmul. See https://keras.io/guides/migrating_to_keras_3/.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s native format is `.keras`; `.h5` is legacy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the loss functions of `keras.losses`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewrite the pipeline with torchvision: transforms.Compose([...]) for augmentation, datasets.ImageFolder(folder, transform=...) and DataLoader(dataset, batch_size=..., shuffle=True); model.fit(train_loader, validation_data=val_loader).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use keras.layers.TextVectorization (or your own tokenizer) for text, and keras.utils.timeseries_dataset_from_array for time series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras 3&apos;s Functional models do not implement `{{method}}` on symbolic tensors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a subclassed keras.Model and call self.add_loss(...) inside call(), on real tensors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A `Lambda` that calls keras.backend or TensorFlow does not run on the torch backend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a keras.layers.Layer subclass whose call() uses keras.ops (for example `class Sampling(keras.layers.Layer)`), or keras.ops inside the lambda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migrated project runs on Python 3.12.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the model as an `nn.Module` subclass by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the training loop by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{flow}}` reads a folder of class subfolders with Keras&apos;s ImageDataGenerator. In PyTorch it is `datasets.ImageFolder` with a `transforms` pipeline (resize, the generator&apos;s augmentations, `ToTensor` for `rescale=1./255`) and a `DataLoader`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`to_categorical` comes from Keras. The one-hot array is made with NumPy, so the cells that read its shape still work; the generated loop gives `nn.CrossEntropyLoss` the class indices (`argmax`), as categorical_crossentropy maps to it. Labels are read as integers and flattened, as Keras does for (N,) and (N, 1) labels; labels of shape (N, T) need `.reshape(N, T, C)` after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch saves the weights as a `state_dict`: `{{call}}` becomes `torch.save({{model}}.state_dict(), &apos;….pth&apos;)`. Loading needs the module class: `model.load_state_dict(torch.load(&apos;….pth&apos;))`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{{fn}}` restores a whole Keras model. A PyTorch checkpoint holds only the weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An `nn.Module` has no `summary()`: printing it lists its layers, and the parameter count is the sum of `numel()` over `parameters()`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find its Keras 3 replacement in the Keras 3 API reference (https://keras.io/api/) or the migration guide (https://keras.io/guides/migrating_to_keras_3/); the import fails as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find where its names went in Keras 3 in the migration guide (https://keras.io/guides/migrating_to_keras_3/); the import fails as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find its Keras 3 replacement in the Keras 3 API reference (https://keras.io/api/) or the migration guide (https://keras.io/guides/migrating_to_keras_3/).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the generated module class, then `model.load_state_dict(torch.load(&apos;….pth&apos;))` and `model.eval()`; `kmw-cli port-weights model.h5 --file &lt;notebook&gt; --out model.pth` converts the Keras weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model.load_weights(&apos;x.h5&apos;) becomes load_state_dict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch loads weights as a `state_dict`: `{{call}}` becomes `{{model}}.load_state_dict(torch.load(&apos;….pth&apos;))`, from the Keras file converted once to PyTorch&apos;s layout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert the Keras weights with `kmw-cli port-weights x.h5 --file &lt;notebook&gt; --out x.pth`, then `model.load_state_dict(torch.load(&apos;x.pth&apos;))`.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
