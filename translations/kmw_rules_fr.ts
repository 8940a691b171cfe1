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
        <translation>from tensorflow import keras → import keras</translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: `import keras` instead of taking it from tensorflow.</source>
        <translation>Keras 3 est le paquet autonome `keras` : `import keras` au lieu de le prendre dans tensorflow.</translation>
    </message>
    <message>
        <source>from tensorflow import keras as K → import keras as K</source>
        <translation>from tensorflow import keras as K → import keras as K</translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: import it directly, keeping the alias.</source>
        <translation>Keras 3 est le paquet autonome `keras` : importez-le directement, en gardant l&apos;alias.</translation>
    </message>
    <message>
        <source>from tensorflow import keras, … (with other names)</source>
        <translation>from tensorflow import keras, … (avec d&apos;autres noms)</translation>
    </message>
    <message>
        <source>`keras` is imported from tensorflow together with other names: import it on its own line as `import keras`.</source>
        <translation>`keras` est importé de tensorflow avec d&apos;autres noms : importez-le sur sa propre ligne avec `import keras`.</translation>
    </message>
    <message>
        <source>import tensorflow.keras… → import keras…</source>
        <translation>import tensorflow.keras… → import keras…</translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: `import keras…` instead of `import tensorflow.keras…`.</source>
        <translation>Keras 3 est le paquet autonome `keras` : `import keras…` au lieu de `import tensorflow.keras…`.</translation>
    </message>
    <message>
        <source>tf.keras.X → keras.X</source>
        <translation>tf.keras.X → keras.X</translation>
    </message>
    <message>
        <source>Keras 3 is the standalone `keras` package: use `keras.…` instead of `{{ref}}.…` (tf.keras), and import keras.</source>
        <translation>Keras 3 est le paquet autonome `keras` : utilisez `keras.…` au lieu de `{{ref}}.…` (tf.keras), et importez keras.</translation>
    </message>
    <message>
        <source>keras.layers.core / convolutional / … / engine → keras.layers</source>
        <translation>keras.layers.core / convolutional / … / engine → keras.layers</translation>
    </message>
    <message>
        <source>Keras 3 has no `{{module}}` module: its layers are in `keras.layers`.</source>
        <translation>Keras 3 n&apos;a pas de module `{{module}}` : ses couches sont dans `keras.layers`.</translation>
    </message>
    <message>
        <source>keras.utils.np_utils / vis_utils / data_utils → keras.utils</source>
        <translation>keras.utils.np_utils / vis_utils / data_utils → keras.utils</translation>
    </message>
    <message>
        <source>Keras 3 has no `{{module}}` module: `to_categorical`, `plot_model`, `Sequence` and the other utilities are in `keras.utils`.</source>
        <translation>Keras 3 n&apos;a pas de module `{{module}}` : `to_categorical`, `plot_model`, `Sequence` et les autres utilitaires sont dans `keras.utils`.</translation>
    </message>
    <message>
        <source>keras.utils.generic_utils → keras.saving</source>
        <translation>keras.utils.generic_utils → keras.saving</translation>
    </message>
    <message>
        <source>Keras 3 has no `keras.utils.generic_utils`: `get_custom_objects`, `CustomObjectScope` and `register_keras_serializable` are in `keras.saving`.</source>
        <translation>Keras 3 n&apos;a pas de `keras.utils.generic_utils` : `get_custom_objects`, `CustomObjectScope` et `register_keras_serializable` sont dans `keras.saving`.</translation>
    </message>
    <message>
        <source>keras.preprocessing.sequence.pad_sequences → keras.utils.pad_sequences</source>
        <translation>keras.preprocessing.sequence.pad_sequences → keras.utils.pad_sequences</translation>
    </message>
    <message>
        <source>In Keras 3 `pad_sequences` lives in `keras.utils`.</source>
        <translation>Dans Keras 3, `pad_sequences` se trouve dans `keras.utils`.</translation>
    </message>
    <message>
        <source>keras.optimizers.legacy → keras.optimizers</source>
        <translation>keras.optimizers.legacy → keras.optimizers</translation>
    </message>
    <message>
        <source>Use Keras 3&apos;s optimizers: `keras.optimizers.legacy` only exists for old checkpoints.</source>
        <translation>Utilisez les optimiseurs de Keras 3 : `keras.optimizers.legacy` n&apos;existe que pour les anciens points de contrôle.</translation>
    </message>
    <message>
        <source>K.&lt;op&gt;(…) → keras.ops.&lt;op&gt;(…)</source>
        <translation>K.&lt;op&gt;(…) → keras.ops.&lt;op&gt;(…)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no math functions: `K.{{fn}}` is `keras.ops.{{fn}}`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de fonctions mathématiques : `K.{{fn}}` correspond à `keras.ops.{{fn}}`.</translation>
    </message>
    <message>
        <source>K.pow → keras.ops.power</source>
        <translation>K.pow → keras.ops.power</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `pow`: use `keras.ops.power`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `pow` : utilisez `keras.ops.power`.</translation>
    </message>
    <message>
        <source>K.permute_dimensions → keras.ops.transpose</source>
        <translation>K.permute_dimensions → keras.ops.transpose</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `permute_dimensions`: use `keras.ops.transpose`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `permute_dimensions` : utilisez `keras.ops.transpose`.</translation>
    </message>
    <message>
        <source>K.l2_normalize → keras.ops.normalize</source>
        <translation>K.l2_normalize → keras.ops.normalize</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `l2_normalize`: use `keras.ops.normalize`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `l2_normalize` : utilisez `keras.ops.normalize`.</translation>
    </message>
    <message>
        <source>K.switch → keras.ops.where</source>
        <translation>K.switch → keras.ops.where</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `switch`: use `keras.ops.where`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `switch` : utilisez `keras.ops.where`.</translation>
    </message>
    <message>
        <source>K.dot → keras.ops.matmul</source>
        <translation>K.dot → keras.ops.matmul</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `dot`: use `keras.ops.matmul`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `dot` : utilisez `keras.ops.matmul`.</translation>
    </message>
    <message>
        <source>K.count_params → keras.ops.size</source>
        <translation>K.count_params → keras.ops.size</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `count_params`: use `keras.ops.size`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `count_params` : utilisez `keras.ops.size`.</translation>
    </message>
    <message>
        <source>K.get_value → keras.ops.convert_to_numpy</source>
        <translation>K.get_value → keras.ops.convert_to_numpy</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `get_value`: use `keras.ops.convert_to_numpy`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `get_value` : utilisez `keras.ops.convert_to_numpy`.</translation>
    </message>
    <message>
        <source>K.random_normal → keras.random.normal</source>
        <translation>K.random_normal → keras.random.normal</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `random_normal`: use `keras.random.normal`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `random_normal` : utilisez `keras.random.normal`.</translation>
    </message>
    <message>
        <source>K.random_uniform → keras.random.uniform</source>
        <translation>K.random_uniform → keras.random.uniform</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `random_uniform`: use `keras.random.uniform`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `random_uniform` : utilisez `keras.random.uniform`.</translation>
    </message>
    <message>
        <source>K.truncated_normal → keras.random.truncated_normal</source>
        <translation>K.truncated_normal → keras.random.truncated_normal</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `truncated_normal`: use `keras.random.truncated_normal`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `truncated_normal` : utilisez `keras.random.truncated_normal`.</translation>
    </message>
    <message>
        <source>K.argmax(x) → keras.ops.argmax(x, axis=-1)</source>
        <translation>K.argmax(x) → keras.ops.argmax(x, axis=-1)</translation>
    </message>
    <message>
        <source>`K.argmax` defaulted to the last axis; `keras.ops.argmax` does not: the axis is written out.</source>
        <translation>`K.argmax` prenait par défaut le dernier axe ; `keras.ops.argmax` non : l&apos;axe est écrit explicitement.</translation>
    </message>
    <message>
        <source>K.argmin(x) → keras.ops.argmin(x, axis=-1)</source>
        <translation>K.argmin(x) → keras.ops.argmin(x, axis=-1)</translation>
    </message>
    <message>
        <source>`K.argmin` defaulted to the last axis; `keras.ops.argmin` does not: the axis is written out.</source>
        <translation>`K.argmin` prenait par défaut le dernier axe ; `keras.ops.argmin` non : l&apos;axe est écrit explicitement.</translation>
    </message>
    <message>
        <source>K.concatenate(x) → keras.ops.concatenate(x, axis=-1)</source>
        <translation>K.concatenate(x) → keras.ops.concatenate(x, axis=-1)</translation>
    </message>
    <message>
        <source>`K.concatenate` defaulted to the last axis; `keras.ops.concatenate` does not: the axis is written out.</source>
        <translation>`K.concatenate` prenait par défaut le dernier axe ; `keras.ops.concatenate` non : l&apos;axe est écrit explicitement.</translation>
    </message>
    <message>
        <source>K.expand_dims(x) → keras.ops.expand_dims(x, -1)</source>
        <translation>K.expand_dims(x) → keras.ops.expand_dims(x, -1)</translation>
    </message>
    <message>
        <source>`K.expand_dims` defaulted to the last axis; `keras.ops.expand_dims` does not: the axis is written out.</source>
        <translation>`K.expand_dims` prenait par défaut le dernier axe ; `keras.ops.expand_dims` non : l&apos;axe est écrit explicitement.</translation>
    </message>
    <message>
        <source>K.epsilon / floatx / image_data_format → keras.config</source>
        <translation>K.epsilon / floatx / image_data_format → keras.config</translation>
    </message>
    <message>
        <source>Keras 3 keeps backend settings in `keras.config`: `K.{{fn}}` is `keras.config.{{fn}}`.</source>
        <translation>Keras 3 range les réglages du backend dans `keras.config` : `K.{{fn}}` correspond à `keras.config.{{fn}}`.</translation>
    </message>
    <message>
        <source>K.int_shape(x) → tuple(x.shape)</source>
        <translation>K.int_shape(x) → tuple(x.shape)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `int_shape`: a tensor&apos;s static shape is `tuple(x.shape)`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `int_shape` : la forme statique d&apos;un tenseur est `tuple(x.shape)`.</translation>
    </message>
    <message>
        <source>K.set_value(x, v) → x.assign(v)</source>
        <translation>K.set_value(x, v) → x.assign(v)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `set_value`: assign to the variable.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `set_value` : affectez la valeur à la variable.</translation>
    </message>
    <message>
        <source>K.flatten / K.batch_flatten → keras.ops.reshape</source>
        <translation>K.flatten / K.batch_flatten → keras.ops.reshape</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `{{fn}}`: reshape with `keras.ops.reshape`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `{{fn}}` : changez la forme avec `keras.ops.reshape`.</translation>
    </message>
    <message>
        <source>K.batch_flatten(x) → keras.ops.reshape(x, (batch, -1))</source>
        <translation>K.batch_flatten(x) → keras.ops.reshape(x, (batch, -1))</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `batch_flatten`: reshape to (batch, -1) with `keras.ops.reshape`.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `batch_flatten` : changez la forme en (batch, -1) avec `keras.ops.reshape`.</translation>
    </message>
    <message>
        <source>K.repeat_elements(x, r, a) → keras.ops.repeat(x, r, axis=a)</source>
        <translation>K.repeat_elements(x, r, a) → keras.ops.repeat(x, r, axis=a)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `keras.backend` has no `repeat_elements`: use `keras.ops.repeat` with the axis by name.</source>
        <translation>Le `keras.backend` de Keras 3 n&apos;a pas de `repeat_elements` : utilisez `keras.ops.repeat` en nommant l&apos;axe.</translation>
    </message>
    <message>
        <source>K.gather(x, i) → keras.ops.take(x, i, axis=0)</source>
        <translation>K.gather(x, i) → keras.ops.take(x, i, axis=0)</translation>
    </message>
    <message>
        <source>`K.gather` took along axis 0; `keras.ops.take` flattens without an axis, so `axis=0` is written out.</source>
        <translation>`K.gather` prenait selon l&apos;axe 0 ; `keras.ops.take` aplatit en l&apos;absence d&apos;axe, donc `axis=0` est écrit explicitement.</translation>
    </message>
    <message>
        <source>K.function / gradients / placeholder / learning_phase / … (no Keras 3 equivalent)</source>
        <translation>K.function / gradients / placeholder / learning_phase / … (sans équivalent dans Keras 3)</translation>
    </message>
    <message>
        <source>`K.{{fn}}` does not exist in Keras 3 and has no mechanical replacement.</source>
        <translation>`K.{{fn}}` n&apos;existe pas dans Keras 3 et n&apos;a pas de remplacement mécanique.</translation>
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
        <translation>Optimiseur decay= → une planification InverseTimeDecay</translation>
    </message>
    <message>
        <source>Keras 3 optimizers silently ignore `decay=`; Keras 2 applied lr / (1 + decay * iterations), which is `keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)` (behaviour kept, code changes).</source>
        <translation>Les optimiseurs de Keras 3 ignorent silencieusement `decay=` ; Keras 2 appliquait lr / (1 + decay * iterations), soit `keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)` (comportement conservé, code modifié).</translation>
    </message>
    <message>
        <source>Optimizer decay= without a learning rate</source>
        <translation>Optimiseur decay= sans taux d&apos;apprentissage</translation>
    </message>
    <message>
        <source>Keras 3 optimizers silently ignore `decay=`.</source>
        <translation>Les optimiseurs de Keras 3 ignorent silencieusement `decay=`.</translation>
    </message>
    <message>
        <source>Write the optimizer&apos;s default learning rate explicitly and use learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay).</source>
        <translation>Écrivez explicitement le taux d&apos;apprentissage par défaut de l&apos;optimiseur et utilisez learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay).</translation>
    </message>
    <message>
        <source>Optimizer decay=0 → drop it</source>
        <translation>Optimiseur decay=0 → le retirer</translation>
    </message>
    <message>
        <source>Keras 3 optimizers have no `decay`; a decay of 0 changed nothing, so the argument is dropped.</source>
        <translation>Les optimiseurs de Keras 3 n&apos;ont pas de `decay` ; un decay de 0 ne changeait rien, l&apos;argument est donc retiré.</translation>
    </message>
    <message>
        <source>optimizer.lr → optimizer.learning_rate</source>
        <translation>optimizer.lr → optimizer.learning_rate</translation>
    </message>
    <message>
        <source>Keras 3 optimizers have `learning_rate`, not `lr`.</source>
        <translation>Les optimiseurs de Keras 3 ont `learning_rate`, et non `lr`.</translation>
    </message>
    <message>
        <source>Keras 1 argument nb_epoch= → epochs=</source>
        <translation>Argument Keras 1 nb_epoch= → epochs=</translation>
    </message>
    <message>
        <source>`nb_epoch=` is a Keras 1 argument name that Keras 3 rejects: it is `epochs=`.</source>
        <translation>`nb_epoch=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `epochs=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument output_dim= → units=</source>
        <translation>Argument Keras 1 output_dim= → units=</translation>
    </message>
    <message>
        <source>`output_dim=` is a Keras 1 argument name that Keras 3 rejects: it is `units=`.</source>
        <translation>`output_dim=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `units=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument init= → kernel_initializer=</source>
        <translation>Argument Keras 1 init= → kernel_initializer=</translation>
    </message>
    <message>
        <source>`init=` is a Keras 1 argument name that Keras 3 rejects: it is `kernel_initializer=`.</source>
        <translation>`init=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `kernel_initializer=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument W_regularizer= → kernel_regularizer=</source>
        <translation>Argument Keras 1 W_regularizer= → kernel_regularizer=</translation>
    </message>
    <message>
        <source>`W_regularizer=` is a Keras 1 argument name that Keras 3 rejects: it is `kernel_regularizer=`.</source>
        <translation>`W_regularizer=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `kernel_regularizer=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument b_regularizer= → bias_regularizer=</source>
        <translation>Argument Keras 1 b_regularizer= → bias_regularizer=</translation>
    </message>
    <message>
        <source>`b_regularizer=` is a Keras 1 argument name that Keras 3 rejects: it is `bias_regularizer=`.</source>
        <translation>`b_regularizer=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `bias_regularizer=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument W_constraint= → kernel_constraint=</source>
        <translation>Argument Keras 1 W_constraint= → kernel_constraint=</translation>
    </message>
    <message>
        <source>`W_constraint=` is a Keras 1 argument name that Keras 3 rejects: it is `kernel_constraint=`.</source>
        <translation>`W_constraint=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `kernel_constraint=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument b_constraint= → bias_constraint=</source>
        <translation>Argument Keras 1 b_constraint= → bias_constraint=</translation>
    </message>
    <message>
        <source>`b_constraint=` is a Keras 1 argument name that Keras 3 rejects: it is `bias_constraint=`.</source>
        <translation>`b_constraint=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `bias_constraint=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument border_mode= → padding=</source>
        <translation>Argument Keras 1 border_mode= → padding=</translation>
    </message>
    <message>
        <source>`border_mode=` is a Keras 1 argument name that Keras 3 rejects: it is `padding=`.</source>
        <translation>`border_mode=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `padding=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument subsample= → strides=</source>
        <translation>Argument Keras 1 subsample= → strides=</translation>
    </message>
    <message>
        <source>`subsample=` is a Keras 1 argument name that Keras 3 rejects: it is `strides=`.</source>
        <translation>`subsample=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `strides=`.</translation>
    </message>
    <message>
        <source>Keras 1 argument dim_ordering= → data_format=</source>
        <translation>Argument Keras 1 dim_ordering= → data_format=</translation>
    </message>
    <message>
        <source>`dim_ordering=` is a Keras 1 argument name that Keras 3 rejects: it is `data_format=`.</source>
        <translation>`dim_ordering=` est un nom d&apos;argument de Keras 1 que Keras 3 rejette : c&apos;est désormais `data_format=`.</translation>
    </message>
    <message>
        <source>samples_per_epoch= / nb_val_samples= count samples, not steps</source>
        <translation>samples_per_epoch= / nb_val_samples= comptent des échantillons, pas des pas</translation>
    </message>
    <message>
        <source>`{{keyword}}=` counted samples; Keras 3&apos;s `steps_per_epoch=` / `validation_steps=` count batches.</source>
        <translation>`{{keyword}}=` comptait des échantillons ; `steps_per_epoch=` / `validation_steps=` de Keras 3 comptent des lots.</translation>
    </message>
    <message>
        <source>Replace samples_per_epoch=N with steps_per_epoch=N // batch_size and nb_val_samples=M with validation_steps=M // batch_size, using the generator&apos;s batch size.</source>
        <translation>Remplacez samples_per_epoch=N par steps_per_epoch=N // batch_size et nb_val_samples=M par validation_steps=M // batch_size, en utilisant la taille de lot du générateur.</translation>
    </message>
    <message>
        <source>Model(input=, output=) → Model(inputs=, outputs=)</source>
        <translation>Model(input=, output=) → Model(inputs=, outputs=)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `Model` takes `inputs=` and `outputs=`.</source>
        <translation>Le `Model` de Keras 3 prend `inputs=` et `outputs=`.</translation>
    </message>
    <message>
        <source>LeakyReLU(alpha=) → LeakyReLU(negative_slope=)</source>
        <translation>LeakyReLU(alpha=) → LeakyReLU(negative_slope=)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `LeakyReLU` takes `negative_slope=`.</source>
        <translation>Le `LeakyReLU` de Keras 3 prend `negative_slope=`.</translation>
    </message>
    <message>
        <source>ThresholdedReLU(theta) → ReLU(threshold=theta)</source>
        <translation>ThresholdedReLU(theta) → ReLU(threshold=theta)</translation>
    </message>
    <message>
        <source>Keras 3 has no `ThresholdedReLU`: it is `ReLU(threshold=…)` (Keras 2&apos;s default theta was 1.0).</source>
        <translation>Keras 3 n&apos;a pas de `ThresholdedReLU` : il devient `ReLU(threshold=…)` (le theta par défaut de Keras 2 valait 1.0).</translation>
    </message>
    <message>
        <source>CuDNNLSTM / CuDNNGRU → LSTM / GRU</source>
        <translation>CuDNNLSTM / CuDNNGRU → LSTM / GRU</translation>
    </message>
    <message>
        <source>Keras 3 has no CuDNN layers: `LSTM` and `GRU` use cuDNN by themselves when they can.</source>
        <translation>Keras 3 n&apos;a pas de couches CuDNN : `LSTM` et `GRU` utilisent cuDNN d&apos;eux-mêmes quand ils le peuvent.</translation>
    </message>
    <message>
        <source>Embedding(input_length=) → drop it</source>
        <translation>Embedding(input_length=) → le retirer</translation>
    </message>
    <message>
        <source>Keras 3 has no `{{keyword}}=` argument.</source>
        <translation>Keras 3 n&apos;a pas d&apos;argument `{{keyword}}=`.</translation>
    </message>
    <message>
        <source>fit(workers=, use_multiprocessing=, max_queue_size=) → drop them</source>
        <translation>fit(workers=, use_multiprocessing=, max_queue_size=) → les retirer</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `{{method}}` raises TypeError on `{{keyword}}=`: multiprocessing belongs to a `keras.utils.PyDataset(workers=…, use_multiprocessing=…)`.</source>
        <translation>Le `{{method}}` de Keras 3 lève une TypeError sur `{{keyword}}=` : le multiprocessing relève d&apos;un `keras.utils.PyDataset(workers=…, use_multiprocessing=…)`.</translation>
    </message>
    <message>
        <source>Convolution2D(f, k1, k2) → Conv2D(f, (k1, k2))</source>
        <translation>Convolution2D(f, k1, k2) → Conv2D(f, (k1, k2))</translation>
    </message>
    <message>
        <source>Keras 1&apos;s `{{fn}}(filters, k1, k2)` passed the kernel size as two numbers; in Keras 3 the third positional argument of Conv2D is `strides`, so the kernel must be one tuple (a silent bug otherwise).</source>
        <translation>Le `{{fn}}(filters, k1, k2)` de Keras 1 passait la taille du noyau sous forme de deux nombres ; dans Keras 3, le troisième argument positionnel de Conv2D est `strides`, le noyau doit donc être un seul tuple (sinon, bogue silencieux).</translation>
    </message>
    <message>
        <source>Convolution3D(f, k1, k2, k3) → Conv3D(f, (k1, k2, k3))</source>
        <translation>Convolution3D(f, k1, k2, k3) → Conv3D(f, (k1, k2, k3))</translation>
    </message>
    <message>
        <source>Keras 1&apos;s `{{fn}}(filters, k1, k2, k3)` passed the kernel size as three numbers; Keras 3 takes one tuple.</source>
        <translation>Le `{{fn}}(filters, k1, k2, k3)` de Keras 1 passait la taille du noyau sous forme de trois nombres ; Keras 3 prend un seul tuple.</translation>
    </message>
    <message>
        <source>Convolution1D/2D/3D → Conv1D/2D/3D</source>
        <translation>Convolution1D/2D/3D → Conv1D/2D/3D</translation>
    </message>
    <message>
        <source>`{{name}}` is a Keras 1 name: Keras 3 calls it Conv1D / Conv2D / Conv3D.</source>
        <translation>`{{name}}` est un nom de Keras 1 : Keras 3 l&apos;appelle Conv1D / Conv2D / Conv3D.</translation>
    </message>
    <message>
        <source>Deconvolution2D/3D → Conv2DTranspose/Conv3DTranspose</source>
        <translation>Deconvolution2D/3D → Conv2DTranspose/Conv3DTranspose</translation>
    </message>
    <message>
        <source>`{{name}}` is a Keras 1 name: Keras 3 has Conv2DTranspose / Conv3DTranspose.</source>
        <translation>`{{name}}` est un nom de Keras 1 : Keras 3 a Conv2DTranspose / Conv3DTranspose.</translation>
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
        <translation>evaluate_generator / predict_generator → evaluate / predict</translation>
    </message>
    <message>
        <source>Keras 3 removed evaluate_generator and predict_generator: `evaluate` and `predict` take generators. A second positional argument (steps) is passed by name.</source>
        <translation>Keras 3 a supprimé evaluate_generator et predict_generator : `evaluate` et `predict` acceptent des générateurs. Un deuxième argument positionnel (steps) est passé par son nom.</translation>
    </message>
    <message>
        <source>predict_classes(x) → argmax of predict(x)</source>
        <translation>predict_classes(x) → argmax de predict(x)</translation>
    </message>
    <message>
        <source>Keras 3 models have no `predict_classes`: take the class from `predict`.</source>
        <translation>Les modèles Keras 3 n&apos;ont pas de `predict_classes` : déduisez la classe de `predict`.</translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;concat&apos;) → Concatenate()([…])</source>
        <translation>merge([…], mode=&apos;concat&apos;) → Concatenate()([…])</translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;concat&apos; is the `Concatenate` layer.</source>
        <translation>Keras 3 n&apos;a pas de fonction `merge` : le mode &apos;concat&apos; correspond à la couche `Concatenate`.</translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;sum&apos;) → Add()([…])</source>
        <translation>merge([…], mode=&apos;sum&apos;) → Add()([…])</translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;sum&apos; is the `Add` layer.</source>
        <translation>Keras 3 n&apos;a pas de fonction `merge` : le mode &apos;sum&apos; correspond à la couche `Add`.</translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;mul&apos;) → Multiply()([…])</source>
        <translation>merge([…], mode=&apos;mul&apos;) → Multiply()([…])</translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;mul&apos; is the `Multiply` layer.</source>
        <translation>Keras 3 n&apos;a pas de fonction `merge` : le mode &apos;mul&apos; correspond à la couche `Multiply`.</translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;ave&apos;) → Average()([…])</source>
        <translation>merge([…], mode=&apos;ave&apos;) → Average()([…])</translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;ave&apos; is the `Average` layer.</source>
        <translation>Keras 3 n&apos;a pas de fonction `merge` : le mode &apos;ave&apos; correspond à la couche `Average`.</translation>
    </message>
    <message>
        <source>merge([…], mode=&apos;max&apos;) → Maximum()([…])</source>
        <translation>merge([…], mode=&apos;max&apos;) → Maximum()([…])</translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function: mode &apos;max&apos; is the `Maximum` layer.</source>
        <translation>Keras 3 n&apos;a pas de fonction `merge` : le mode &apos;max&apos; correspond à la couche `Maximum`.</translation>
    </message>
    <message>
        <source>merge(…) with mode dot/cos, a function or extra arguments</source>
        <translation>merge(…) avec le mode dot/cos, une fonction ou des arguments supplémentaires</translation>
    </message>
    <message>
        <source>Keras 3 has no `merge` function; this call needs a hand-written replacement.</source>
        <translation>Keras 3 n&apos;a pas de fonction `merge` ; cet appel demande un remplacement écrit à la main.</translation>
    </message>
    <message>
        <source>mode=&apos;dot&apos; is keras.layers.Dot(axes=…)([a, b]); mode=&apos;cos&apos; is Dot(axes=…, normalize=True); a callable mode becomes a keras.layers.Layer subclass; concat_axis=… becomes Concatenate(axis=…).</source>
        <translation>mode=&apos;dot&apos; correspond à keras.layers.Dot(axes=…)([a, b]) ; mode=&apos;cos&apos; à Dot(axes=…, normalize=True) ; un mode appelable devient une sous-classe de keras.layers.Layer ; concat_axis=… devient Concatenate(axis=…).</translation>
    </message>
    <message>
        <source>model.save(&apos;m.h5&apos;) → model.save(&apos;m.keras&apos;)</source>
        <translation>model.save(&apos;m.h5&apos;) → model.save(&apos;m.keras&apos;)</translation>
    </message>
    <message>
        <source>load_model(&apos;m.h5&apos;) → load_model(&apos;m.keras&apos;)</source>
        <translation>load_model(&apos;m.h5&apos;) → load_model(&apos;m.keras&apos;)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s native format is `.keras`. Rename the path only if this repository saves the model itself (a downloaded .h5 file keeps its name: Keras 3 still reads it).</source>
        <translation>Le format natif de Keras 3 est `.keras`. Ne renommez le chemin que si ce dépôt enregistre lui-même le modèle (un fichier .h5 téléchargé garde son nom : Keras 3 le lit encore).</translation>
    </message>
    <message>
        <source>save(…, save_format=…) → drop it</source>
        <translation>save(…, save_format=…) → le retirer</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `save` has no `save_format`: the format follows the file name (`.keras`).</source>
        <translation>Le `save` de Keras 3 n&apos;a pas de `save_format` : le format découle du nom du fichier (`.keras`).</translation>
    </message>
    <message>
        <source>save_weights(&apos;w.h5&apos;) → save_weights(&apos;w.weights.h5&apos;)</source>
        <translation>save_weights(&apos;w.h5&apos;) → save_weights(&apos;w.weights.h5&apos;)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `save_weights` / `load_weights` want a path ending in `.weights.h5`.</source>
        <translation>Les `save_weights` / `load_weights` de Keras 3 veulent un chemin finissant par `.weights.h5`.</translation>
    </message>
    <message>
        <source>ModelCheckpoint(&apos;….h5&apos;) → &apos;….keras&apos; / &apos;….weights.h5&apos;</source>
        <translation>ModelCheckpoint(&apos;….h5&apos;) → &apos;….keras&apos; / &apos;….weights.h5&apos;</translation>
    </message>
    <message>
        <source>ModelCheckpoint(&apos;….h5&apos;, save_weights_only=True) → &apos;….weights.h5&apos;</source>
        <translation>ModelCheckpoint(&apos;….h5&apos;, save_weights_only=True) → &apos;….weights.h5&apos;</translation>
    </message>
    <message>
        <source>ModelCheckpoint(period=1) → save_freq=&apos;epoch&apos;</source>
        <translation>ModelCheckpoint(period=1) → save_freq=&apos;epoch&apos;</translation>
    </message>
    <message>
        <source>Keras 3&apos;s ModelCheckpoint has no `period`: `save_freq=&apos;epoch&apos;` saves every epoch (an integer save_freq counts batches).</source>
        <translation>Le ModelCheckpoint de Keras 3 n&apos;a pas de `period` : `save_freq=&apos;epoch&apos;` enregistre à chaque époque (un save_freq entier compte des lots).</translation>
    </message>
    <message>
        <source>ModelCheckpoint(period=N) with N ≠ 1</source>
        <translation>ModelCheckpoint(period=N) avec N ≠ 1</translation>
    </message>
    <message>
        <source>Keras 3&apos;s ModelCheckpoint has no `period`.</source>
        <translation>Le ModelCheckpoint de Keras 3 n&apos;a pas de `period`.</translation>
    </message>
    <message>
        <source>save_freq counts batches when it is an integer: use save_freq=N * steps_per_epoch, or save every epoch with save_freq=&apos;epoch&apos;.</source>
        <translation>save_freq compte des lots quand c&apos;est un entier : utilisez save_freq=N * steps_per_epoch, ou enregistrez à chaque époque avec save_freq=&apos;epoch&apos;.</translation>
    </message>
    <message>
        <source>history[&apos;lr&apos;] → history[&apos;learning_rate&apos;]</source>
        <translation>history[&apos;lr&apos;] → history[&apos;learning_rate&apos;]</translation>
    </message>
    <message>
        <source>Keras 3 logs the learning rate as `learning_rate`.</source>
        <translation>Keras 3 journalise le taux d&apos;apprentissage sous le nom `learning_rate`.</translation>
    </message>
    <message>
        <source>metrics.binary_crossentropy(…) → keras.losses.binary_crossentropy(…)</source>
        <translation>metrics.binary_crossentropy(…) → keras.losses.binary_crossentropy(…)</translation>
    </message>
    <message>
        <source>ImageDataGenerator → torchvision transforms + ImageFolder + DataLoader</source>
        <translation>ImageDataGenerator → transforms de torchvision + ImageFolder + DataLoader</translation>
    </message>
    <message>
        <source>`ImageDataGenerator` is not in Keras 3: load images with torchvision (`transforms`, `datasets.ImageFolder`, `DataLoader`) or `keras.utils.image_dataset_from_directory` with augmentation layers.</source>
        <translation>`ImageDataGenerator` n&apos;est pas dans Keras 3 : chargez les images avec torchvision (`transforms`, `datasets.ImageFolder`, `DataLoader`) ou avec `keras.utils.image_dataset_from_directory` et des couches d&apos;augmentation.</translation>
    </message>
    <message>
        <source>keras.preprocessing.text Tokenizer / one_hot / TimeseriesGenerator</source>
        <translation>Tokenizer / one_hot / TimeseriesGenerator de keras.preprocessing.text</translation>
    </message>
    <message>
        <source>`{{name}}` is not in Keras 3&apos;s public API.</source>
        <translation>`{{name}}` n&apos;est pas dans l&apos;API publique de Keras 3.</translation>
    </message>
    <message>
        <source>KerasClassifier / KerasRegressor</source>
        <translation>KerasClassifier / KerasRegressor</translation>
    </message>
    <message>
        <source>`keras.wrappers.scikit_learn` is not in Keras 3.</source>
        <translation>`keras.wrappers.scikit_learn` n&apos;est pas dans Keras 3.</translation>
    </message>
    <message>
        <source>Use keras.wrappers.SKLearnClassifier / SKLearnRegressor (they take a model-building function and its arguments differently), or the scikeras package.</source>
        <translation>Utilisez keras.wrappers.SKLearnClassifier / SKLearnRegressor (ils prennent la fonction de construction du modèle et ses arguments autrement), ou le paquet scikeras.</translation>
    </message>
    <message>
        <source>model_from_yaml / to_yaml (removed)</source>
        <translation>model_from_yaml / to_yaml (supprimés)</translation>
    </message>
    <message>
        <source>Keras 3 removed YAML model serialization.</source>
        <translation>Keras 3 a supprimé la sérialisation des modèles en YAML.</translation>
    </message>
    <message>
        <source>Save the whole model with model.save(&apos;m.keras&apos;) and keras.saving.load_model, or the architecture with to_json / model_from_json.</source>
        <translation>Enregistrez le modèle entier avec model.save(&apos;m.keras&apos;) et keras.saving.load_model, ou l&apos;architecture avec to_json / model_from_json.</translation>
    </message>
    <message>
        <source>TensorBoard callback needs TensorFlow</source>
        <translation>Le callback TensorBoard a besoin de TensorFlow</translation>
    </message>
    <message>
        <source>The TensorBoard callback writes its logs with TensorFlow: on the torch backend it needs TensorFlow installed (or use torch.utils.tensorboard).</source>
        <translation>Le callback TensorBoard écrit ses journaux avec TensorFlow : avec le backend torch, TensorFlow doit être installé (ou utilisez torch.utils.tensorboard).</translation>
    </message>
    <message>
        <source>Keep tensorflow (CPU) in the environment for TensorBoard, or log with torch.utils.tensorboard.SummaryWriter.</source>
        <translation>Gardez tensorflow (CPU) dans l&apos;environnement pour TensorBoard, ou journalisez avec torch.utils.tensorboard.SummaryWriter.</translation>
    </message>
    <message>
        <source>&apos;hard_sigmoid&apos; changed definition</source>
        <translation>La définition de &apos;hard_sigmoid&apos; a changé</translation>
    </message>
    <message>
        <source>Keras 3&apos;s hard_sigmoid is relu6(x + 3) / 6 (Keras 2: clip(0.2 x + 0.5, 0, 1)): results differ slightly.</source>
        <translation>Le hard_sigmoid de Keras 3 est relu6(x + 3) / 6 (Keras 2 : clip(0.2 x + 0.5, 0, 1)) : les résultats diffèrent légèrement.</translation>
    </message>
    <message>
        <source>Check the numbers of models that use hard_sigmoid after migration, or write the Keras 2 formula as a custom activation.</source>
        <translation>Après la migration, vérifiez les valeurs produites par les modèles qui utilisent hard_sigmoid, ou écrivez la formule de Keras 2 comme activation personnalisée.</translation>
    </message>
    <message>
        <source>add_metric / model.add_loss outside a layer</source>
        <translation>add_metric / model.add_loss hors d&apos;une couche</translation>
    </message>
    <message>
        <source>Lambda layer calling K.* / tf.*</source>
        <translation>Couche Lambda appelant K.* / tf.*</translation>
    </message>
    <message>
        <source>tf.Variable inside a Keras layer</source>
        <translation>tf.Variable dans une couche Keras</translation>
    </message>
    <message>
        <source>In build(): self.w = self.add_weight(shape=(), initializer=&apos;ones&apos;, trainable=True).</source>
        <translation>Dans build() : self.w = self.add_weight(shape=(), initializer=&apos;ones&apos;, trainable=True).</translation>
    </message>
    <message>
        <source>Custom train_step with tf.GradientTape</source>
        <translation>train_step personnalisé avec tf.GradientTape</translation>
    </message>
    <message>
        <source>`tf.GradientTape` does not record torch tensors: a custom `train_step` must be written for the torch backend.</source>
        <translation>`tf.GradientTape` n&apos;enregistre pas les tenseurs torch : un `train_step` personnalisé doit être réécrit pour le backend torch.</translation>
    </message>
    <message>
        <source>model.metrics_names zipped with evaluate()</source>
        <translation>model.metrics_names combiné par zip avec evaluate()</translation>
    </message>
    <message>
        <source>In Keras 3 `metrics_names` is only filled after the model is built and can differ from evaluate()&apos;s order.</source>
        <translation>Dans Keras 3, `metrics_names` n&apos;est rempli qu&apos;une fois le modèle construit et peut différer de l&apos;ordre d&apos;evaluate().</translation>
    </message>
    <message>
        <source>Use model.evaluate(x, y, return_dict=True), which returns {name: value}.</source>
        <translation>Utilisez model.evaluate(x, y, return_dict=True), qui renvoie {name: value}.</translation>
    </message>
    <message>
        <source>from scipy.misc import imread, imresize → PIL</source>
        <translation>from scipy.misc import imread, imresize → PIL</translation>
    </message>
    <message>
        <source>`scipy.misc.imread` / `imresize` were removed from SciPy: read and resize with PIL. Note: PIL&apos;s resize takes (width, height).</source>
        <translation>`scipy.misc.imread` / `imresize` ont été retirés de SciPy : lisez et redimensionnez les images avec PIL. Attention : le resize de PIL prend (largeur, hauteur).</translation>
    </message>
    <message>
        <source>tf.&lt;op&gt; inside a Keras layer/model → keras.ops.&lt;op&gt;</source>
        <translation>tf.&lt;op&gt; dans une couche/un modèle Keras → keras.ops.&lt;op&gt;</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.{{fn}}` is `keras.ops.{{fn}}`.</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.{{fn}}` correspond à `keras.ops.{{fn}}`.</translation>
    </message>
    <message>
        <source>tf.reduce_&lt;op&gt; inside a Keras layer/model → keras.ops.&lt;op&gt;</source>
        <translation>tf.reduce_&lt;op&gt; dans une couche/un modèle Keras → keras.ops.&lt;op&gt;</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.reduce_X` is `keras.ops.X`.</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.reduce_X` correspond à `keras.ops.X`.</translation>
    </message>
    <message>
        <source>tf.concat inside a Keras layer/model → keras.ops.concatenate</source>
        <translation>tf.concat dans une couche/un modèle Keras → keras.ops.concatenate</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.concat` is `keras.ops.concatenate`.</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.concat` correspond à `keras.ops.concatenate`.</translation>
    </message>
    <message>
        <source>tf.range inside a Keras layer/model → keras.ops.arange</source>
        <translation>tf.range dans une couche/un modèle Keras → keras.ops.arange</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.range` is `keras.ops.arange`.</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.range` correspond à `keras.ops.arange`.</translation>
    </message>
    <message>
        <source>tf.clip_by_value inside a Keras layer/model → keras.ops.clip</source>
        <translation>tf.clip_by_value dans une couche/un modèle Keras → keras.ops.clip</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.clip_by_value` is `keras.ops.clip`.</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.clip_by_value` correspond à `keras.ops.clip`.</translation>
    </message>
    <message>
        <source>tf.gather inside a Keras layer/model → keras.ops.take</source>
        <translation>tf.gather dans une couche/un modèle Keras → keras.ops.take</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.gather` is `keras.ops.take` with axis=0 (take flattens without an axis).</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.gather` correspond à `keras.ops.take` avec axis=0 (take aplatit en l&apos;absence d&apos;axe).</translation>
    </message>
    <message>
        <source>tf.random.normal inside a Keras layer/model → keras.random.normal</source>
        <translation>tf.random.normal dans une couche/un modèle Keras → keras.random.normal</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.random.normal` is `keras.random.normal`.</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.random.normal` correspond à `keras.random.normal`.</translation>
    </message>
    <message>
        <source>tf.random.uniform inside a Keras layer/model → keras.random.uniform</source>
        <translation>tf.random.uniform dans une couche/un modèle Keras → keras.random.uniform</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `tf.random.uniform` is `keras.random.uniform`.</source>
        <translation>Les opérations TensorFlow ne s&apos;exécutent pas sur des tenseurs torch : dans une couche ou un modèle Keras, `tf.random.uniform` correspond à `keras.random.uniform`.</translation>
    </message>
    <message>
        <source>Imported name not in Keras 3</source>
        <translation>Nom importé absent de Keras 3</translation>
    </message>
    <message>
        <source>`{{name.keras}}` is not in Keras 3&apos;s public API.</source>
        <translation>`{{name.keras}}` n&apos;est pas dans l&apos;API publique de Keras 3.</translation>
    </message>
    <message>
        <source>Module not in Keras 3</source>
        <translation>Module absent de Keras 3</translation>
    </message>
    <message>
        <source>`{{module.keras}}` is not a module of Keras 3.</source>
        <translation>`{{module.keras}}` n&apos;est pas un module de Keras 3.</translation>
    </message>
    <message>
        <source>Attribute not in Keras 3</source>
        <translation>Attribut absent de Keras 3</translation>
    </message>
    <message>
        <source>`{{ref.keras}}` is not in Keras 3&apos;s public API.</source>
        <translation>`{{ref.keras}}` n&apos;est pas dans l&apos;API publique de Keras 3.</translation>
    </message>
    <message>
        <source>K.&lt;name&gt; not in Keras 3</source>
        <translation>K.&lt;name&gt; absent de Keras 3</translation>
    </message>
    <message>
        <source>`{{ref.keras}}` is not in Keras 3: `keras.backend` keeps only a few configuration functions.</source>
        <translation>`{{ref.keras}}` n&apos;est pas dans Keras 3 : `keras.backend` ne garde que quelques fonctions de configuration.</translation>
    </message>
    <message>
        <source>Find the keras.ops function that does the same (keras.io/api/ops) and mind default arguments.</source>
        <translation>Trouvez la fonction keras.ops équivalente (keras.io/api/ops) et faites attention aux arguments par défaut.</translation>
    </message>
    <message>
        <source>Remove an import of a name Keras 3 lacks, now unused</source>
        <translation>Retirer l&apos;import d&apos;un nom absent de Keras 3, désormais inutilisé</translation>
    </message>
    <message>
        <source>`{{name}}` is not in Keras 3 and nothing uses it any more: the import is removed.</source>
        <translation>`{{name}}` n&apos;est pas dans Keras 3 et plus rien ne l&apos;utilise : l&apos;import est retiré.</translation>
    </message>
    <message>
        <source>requirements: tensorflow → keras&gt;=3, torch, torchvision</source>
        <translation>requirements : tensorflow → keras&gt;=3, torch, torchvision</translation>
    </message>
    <message>
        <source>The project runs on Keras 3 with the PyTorch backend: `{{line}}` becomes keras&gt;=3.0.0, torch and torchvision.</source>
        <translation>Le projet tourne sur Keras 3 avec le backend PyTorch : `{{line}}` devient keras&gt;=3.0.0, torch et torchvision.</translation>
    </message>
    <message>
        <source>requirements: keras 2 pin → keras&gt;=3</source>
        <translation>requirements : version figée de Keras 2 → keras&gt;=3</translation>
    </message>
    <message>
        <source>`{{line}}` pins Keras 2: the migration needs keras&gt;=3.0.0.</source>
        <translation>`{{line}}` fige une version de Keras 2 : la migration demande keras&gt;=3.0.0.</translation>
    </message>
    <message>
        <source>requirements: h5py pin → h5py&gt;=3.0.0</source>
        <translation>requirements : version figée de h5py → h5py&gt;=3.0.0</translation>
    </message>
    <message>
        <source>h5py is no longer pinned (Keras 3 prefers the .keras format): `{{line}}` becomes h5py&gt;=3.0.0.</source>
        <translation>La version de h5py n&apos;est plus figée (Keras 3 préfère le format .keras) : `{{line}}` devient h5py&gt;=3.0.0.</translation>
    </message>
    <message>
        <source>runtime.txt: Python → 3.12</source>
        <translation>runtime.txt : Python → 3.12</translation>
    </message>
    <message>
        <source>environment.yml: python → 3.12</source>
        <translation>environment.yml : python → 3.12</translation>
    </message>
    <message>
        <source>environment.yml: h5py pin → unpinned</source>
        <translation>environment.yml : version figée de h5py → non figée</translation>
    </message>
    <message>
        <source>h5py is no longer pinned (Keras 3 prefers the .keras format).</source>
        <translation>La version de h5py n&apos;est plus figée (Keras 3 préfère le format .keras).</translation>
    </message>
    <message>
        <source>environment.yml: tensorflow → keras&gt;=3, pytorch</source>
        <translation>environment.yml : tensorflow → keras&gt;=3, pytorch</translation>
    </message>
    <message>
        <source>The project runs on Keras 3 with the PyTorch backend: `{{line}}` becomes keras&gt;=3 and pytorch.</source>
        <translation>Le projet tourne sur Keras 3 avec le backend PyTorch : `{{line}}` devient keras&gt;=3 et pytorch.</translation>
    </message>
    <message>
        <source>Optimizer decay= (before the learning rate) → an InverseTimeDecay schedule</source>
        <translation>Optimiseur decay= (avant le taux d&apos;apprentissage) → une planification InverseTimeDecay</translation>
    </message>
    <message>
        <source>from keras.utils import np_utils → from keras import utils as np_utils</source>
        <translation>from keras.utils import np_utils → from keras import utils as np_utils</translation>
    </message>
    <message>
        <source>Keras 3 has no `np_utils`: its functions (`to_categorical`, `normalize`) are in `keras.utils`, imported here under the old name so the code keeps working.</source>
        <translation>Keras 3 n&apos;a pas de `np_utils` : ses fonctions (`to_categorical`, `normalize`) sont dans `keras.utils`, importé ici sous l&apos;ancien nom pour que le code continue de fonctionner.</translation>
    </message>
    <message>
        <source>dim_ordering=&apos;th&apos; → data_format=&apos;channels_first&apos;</source>
        <translation>dim_ordering=&apos;th&apos; → data_format=&apos;channels_first&apos;</translation>
    </message>
    <message>
        <source>`dim_ordering=&apos;th&apos;` is Keras 1: Keras 3 takes `data_format=&apos;channels_first&apos;`.</source>
        <translation>`dim_ordering=&apos;th&apos;` relève de Keras 1 : Keras 3 prend `data_format=&apos;channels_first&apos;`.</translation>
    </message>
    <message>
        <source>dim_ordering=&apos;tf&apos; → data_format=&apos;channels_last&apos;</source>
        <translation>dim_ordering=&apos;tf&apos; → data_format=&apos;channels_last&apos;</translation>
    </message>
    <message>
        <source>`dim_ordering=&apos;tf&apos;` is Keras 1: Keras 3 takes `data_format=&apos;channels_last&apos;`.</source>
        <translation>`dim_ordering=&apos;tf&apos;` relève de Keras 1 : Keras 3 prend `data_format=&apos;channels_last&apos;`.</translation>
    </message>
    <message>
        <source>predict_proba(x) → predict(x)</source>
        <translation>predict_proba(x) → predict(x)</translation>
    </message>
    <message>
        <source>Keras 3 models have no `predict_proba`: `predict` returns the probabilities of a softmax/sigmoid output (only objects named like a Keras model are matched: scikit-learn keeps predict_proba).</source>
        <translation>Les modèles Keras 3 n&apos;ont pas de `predict_proba` : `predict` renvoie les probabilités d&apos;une sortie softmax/sigmoïde (seuls les objets nommés comme un modèle Keras sont concernés : scikit-learn garde predict_proba).</translation>
    </message>
    <message>
        <source>Write the Keras model as a torch.nn.Module</source>
        <translation>Écrire le modèle Keras comme un torch.nn.Module</translation>
    </message>
    <message>
        <source>`{{model}}` is built with Keras layers. In plain PyTorch it is an `nn.Module` class: layers in `__init__` with their input sizes inferred, `forward` in PyTorch&apos;s channels-first layout, Keras&apos;s initialisation, and no final softmax/sigmoid when the loss takes logits.</source>
        <translation>`{{model}}` est construit avec des couches Keras. En PyTorch pur, c&apos;est une classe `nn.Module` : les couches dans `__init__` avec leurs tailles d&apos;entrée déduites, `forward` dans la disposition channels-first de PyTorch, l&apos;initialisation de Keras, et pas de softmax/sigmoïde final quand la perte prend des logits.</translation>
    </message>
    <message>
        <source>compile() becomes a loss and an optimizer</source>
        <translation>compile() devient une perte et un optimiseur</translation>
    </message>
    <message>
        <source>PyTorch has no `compile()`: `{{model}}.compile(…)` becomes a loss module and a `torch.optim` optimizer over `{{model}}.parameters()`, with Keras&apos;s defaults written out where PyTorch&apos;s differ.</source>
        <translation>PyTorch n&apos;a pas de `compile()` : `{{model}}.compile(…)` devient un module de perte et un optimiseur `torch.optim` sur `{{model}}.parameters()`, avec les valeurs par défaut de Keras écrites explicitement là où celles de PyTorch diffèrent.</translation>
    </message>
    <message>
        <source>Create the loss (`nn.CrossEntropyLoss()`, …) and the optimizer (`torch.optim.Adam(model.parameters(), …)`) by hand.</source>
        <translation>Créez à la main la perte (`nn.CrossEntropyLoss()`, …) et l&apos;optimiseur (`torch.optim.Adam(model.parameters(), …)`).</translation>
    </message>
    <message>
        <source>fit() becomes an explicit training loop</source>
        <translation>fit() devient une boucle d&apos;entraînement explicite</translation>
    </message>
    <message>
        <source>`{{model}}.{{method}}(…)` becomes an explicit loop: DataLoaders over the arrays, `train()`/`eval()`, `zero_grad()`, `backward()`, `step()`, validation under `torch.no_grad()`, and a Keras-like `history` (`.history[…]`, `.epoch`) so later plotting cells keep working.</source>
        <translation>`{{model}}.{{method}}(…)` devient une boucle explicite : des DataLoader sur les tableaux, `train()`/`eval()`, `zero_grad()`, `backward()`, `step()`, la validation sous `torch.no_grad()`, et un `history` à la manière de Keras (`.history[…]`, `.epoch`) pour que les cellules de tracé suivantes continuent de fonctionner.</translation>
    </message>
    <message>
        <source>evaluate() becomes a loop under torch.no_grad()</source>
        <translation>evaluate() devient une boucle sous torch.no_grad()</translation>
    </message>
    <message>
        <source>`{{model}}.evaluate(…)` becomes a loop over a DataLoader under `torch.no_grad()` that returns `[loss, accuracy]` as Keras did.</source>
        <translation>`{{model}}.evaluate(…)` devient une boucle sur un DataLoader sous `torch.no_grad()` qui renvoie `[loss, accuracy]` comme le faisait Keras.</translation>
    </message>
    <message>
        <source>Evaluate under `torch.no_grad()` with `model.eval()` by hand.</source>
        <translation>Évaluez à la main sous `torch.no_grad()` avec `model.eval()`.</translation>
    </message>
    <message>
        <source>predict() becomes a forward pass under torch.no_grad()</source>
        <translation>predict() devient une passe avant sous torch.no_grad()</translation>
    </message>
    <message>
        <source>`{{model}}.predict(…)` becomes batched forward passes under `torch.no_grad()` returning a NumPy array; when the module returns logits, the softmax/sigmoid Keras&apos;s model ended with is applied.</source>
        <translation>`{{model}}.predict(…)` devient des passes avant par lots sous `torch.no_grad()` qui renvoient un tableau NumPy ; quand le module renvoie des logits, le softmax/sigmoïde qui terminait le modèle Keras est appliqué.</translation>
    </message>
    <message>
        <source>Predict under `torch.no_grad()` with `model.eval()` by hand.</source>
        <translation>Prédisez à la main sous `torch.no_grad()` avec `model.eval()`.</translation>
    </message>
    <message>
        <source>flow_from_directory() becomes ImageFolder and a DataLoader</source>
        <translation>flow_from_directory() devient ImageFolder et un DataLoader</translation>
    </message>
    <message>
        <source>Write `datasets.ImageFolder(directory, transform=transforms.Compose([...]))` and a `DataLoader` by hand.</source>
        <translation>Écrivez à la main `datasets.ImageFolder(directory, transform=transforms.Compose([...]))` et un `DataLoader`.</translation>
    </message>
    <message>
        <source>ImageDataGenerator done by the transforms pipelines</source>
        <translation>ImageDataGenerator pris en charge par les pipelines de transforms</translation>
    </message>
    <message>
        <source>All the code does with `{{gen}}` is flow_from_directory(), whose torchvision pipelines take its arguments: the Keras object is kept as a comment, so nothing imports Keras for it.</source>
        <translation>Le code n&apos;utilise `{{gen}}` que pour flow_from_directory(), dont les pipelines torchvision reprennent les arguments : l&apos;objet Keras est gardé en commentaire, pour que rien n&apos;importe Keras à cause de lui.</translation>
    </message>
    <message>
        <source>to_categorical() without Keras</source>
        <translation>to_categorical() sans Keras</translation>
    </message>
    <message>
        <source>to_categorical(y, num_classes) without Keras</source>
        <translation>to_categorical(y, num_classes) sans Keras</translation>
    </message>
    <message>
        <source>`to_categorical` comes from Keras. The one-hot array is made with NumPy; the generated loop gives `nn.CrossEntropyLoss` the class indices.</source>
        <translation>`to_categorical` vient de Keras. Le tableau one-hot est créé avec NumPy ; la boucle générée donne à `nn.CrossEntropyLoss` les indices de classe.</translation>
    </message>
    <message>
        <source>model.save(&apos;x.h5&apos;) becomes torch.save(state_dict)</source>
        <translation>model.save(&apos;x.h5&apos;) devient torch.save(state_dict)</translation>
    </message>
    <message>
        <source>load_model() needs the module class in PyTorch</source>
        <translation>load_model() demande la classe du module en PyTorch</translation>
    </message>
    <message>
        <source>Custom Keras layer or model class</source>
        <translation>Classe de couche ou de modèle Keras personnalisée</translation>
    </message>
    <message>
        <source>`{{name}}` subclasses Keras&apos;s `{{base}}`, whose backend code the workbench does not translate.</source>
        <translation>`{{name}}` hérite de `{{base}}` de Keras, dont l&apos;atelier ne traduit pas le code backend.</translation>
    </message>
    <message>
        <source>Rewrite it as an `nn.Module`: weights made in `build()` become `nn.Parameter`s in `__init__` (their shapes must be known there, or use `nn.Lazy*`), `call()` becomes `forward()`, and `K.*`/`tf.*` operations become `torch.*` ones.</source>
        <translation>Réécrivez-la comme un `nn.Module` : les poids créés dans `build()` deviennent des `nn.Parameter` dans `__init__` (leurs formes doivent y être connues, sinon utilisez `nn.Lazy*`), `call()` devient `forward()`, et les opérations `K.*`/`tf.*` deviennent des opérations `torch.*`.</translation>
    </message>
    <message>
        <source>Keras callback with no PyTorch conversion</source>
        <translation>Callback Keras sans conversion PyTorch</translation>
    </message>
    <message>
        <source>`{{cb}}` is a Keras callback; the generated loop converts only EarlyStopping, ModelCheckpoint and ReduceLROnPlateau.</source>
        <translation>`{{cb}}` est un callback Keras ; la boucle générée ne convertit que EarlyStopping, ModelCheckpoint et ReduceLROnPlateau.</translation>
    </message>
    <message>
        <source>Do its work in the generated loop (the loop marks the place with a TODO). TensorBoard: `torch.utils.tensorboard.SummaryWriter` and `writer.add_scalar(…)` per epoch; LearningRateScheduler: `torch.optim.lr_scheduler.LambdaLR`; CSVLogger: write `history.history` with pandas.</source>
        <translation>Faites son travail dans la boucle générée (la boucle marque l&apos;endroit par un TODO). TensorBoard : `torch.utils.tensorboard.SummaryWriter` et `writer.add_scalar(…)` à chaque époque ; LearningRateScheduler : `torch.optim.lr_scheduler.LambdaLR` ; CSVLogger : écrivez `history.history` avec pandas.</translation>
    </message>
    <message>
        <source>Custom Keras callback class</source>
        <translation>Classe de callback Keras personnalisée</translation>
    </message>
    <message>
        <source>`{{name}}` subclasses Keras&apos;s Callback: its hooks have no place in PyTorch until the loop calls them.</source>
        <translation>`{{name}}` hérite du Callback de Keras : ses hooks n&apos;ont pas de place en PyTorch tant que la boucle ne les appelle pas.</translation>
    </message>
    <message>
        <source>Move what its `on_epoch_end`/`on_batch_end` do into the generated loop, at the matching place.</source>
        <translation>Déplacez ce que font ses `on_epoch_end`/`on_batch_end` dans la boucle générée, à l&apos;endroit correspondant.</translation>
    </message>
    <message>
        <source>Keras callback done by the generated loop</source>
        <translation>Callback Keras pris en charge par la boucle générée</translation>
    </message>
    <message>
        <source>The generated training loop does what `{{name}}` did (torch-fit reads its arguments from here): the Keras object is kept as a comment, so nothing imports Keras for it.</source>
        <translation>La boucle d&apos;entraînement générée fait ce que faisait `{{name}}` (torch-fit lit ses arguments ici) : l&apos;objet Keras est gardé en commentaire, pour que rien n&apos;importe Keras à cause de lui.</translation>
    </message>
    <message>
        <source>Remove a TensorFlow/Keras import nothing uses any more</source>
        <translation>Retirer un import TensorFlow/Keras que plus rien n&apos;utilise</translation>
    </message>
    <message>
        <source>`{{name}}` comes from TensorFlow/Keras and nothing uses it after the rewrite: the import is removed.</source>
        <translation>`{{name}}` vient de TensorFlow/Keras et plus rien ne l&apos;utilise après la réécriture : l&apos;import est retiré.</translation>
    </message>
    <message>
        <source>TensorFlow/Keras still used</source>
        <translation>TensorFlow/Keras encore utilisé</translation>
    </message>
    <message>
        <source>`{{name}}` comes from TensorFlow/Keras, which the PyTorch target drops. The rewrites of this pack replace the model, compile, fit, evaluate, predict and save code; once they are applied, the import goes when nothing else uses it. Any use left must be rewritten with torch.</source>
        <translation>`{{name}}` vient de TensorFlow/Keras, que la cible PyTorch abandonne. Les réécritures de ce jeu de règles remplacent le code du modèle, de compile, fit, evaluate, predict et save ; une fois qu&apos;elles sont appliquées, l&apos;import disparaît si plus rien d&apos;autre ne l&apos;utilise. Toute utilisation restante doit être réécrite avec torch.</translation>
    </message>
    <message>
        <source>Rewrite its uses with torch (`tf.reduce_sum` → `torch.sum`, `tf.argmax` → `torch.argmax`, initializers → `nn.init.*` in `reset_parameters_keras()`, `model.layers[i].weights` → `model.&lt;layer&gt;.weight`), then remove the import.</source>
        <translation>Réécrivez ses utilisations avec torch (`tf.reduce_sum` → `torch.sum`, `tf.argmax` → `torch.argmax`, initialiseurs → `nn.init.*` dans `reset_parameters_keras()`, `model.layers[i].weights` → `model.&lt;layer&gt;.weight`), puis retirez l&apos;import.</translation>
    </message>
    <message>
        <source>model.summary() becomes print(model) and a parameter count</source>
        <translation>model.summary() devient print(model) et un décompte des paramètres</translation>
    </message>
    <message>
        <source>Keras optimizer done by torch.optim</source>
        <translation>Optimiseur Keras pris en charge par torch.optim</translation>
    </message>
    <message>
        <source>All the code does with `{{opt}}` is pass it to compile(), whose rewrite makes the `torch.optim` optimizer from its arguments: the Keras object is kept as a comment, so nothing imports Keras for it.</source>
        <translation>Le code n&apos;utilise `{{opt}}` que pour le passer à compile(), dont la réécriture crée l&apos;optimiseur `torch.optim` à partir de ses arguments : l&apos;objet Keras est gardé en commentaire, pour que rien n&apos;importe Keras à cause de lui.</translation>
    </message>
    <message>
        <source>Save with `torch.save(model.state_dict(), &apos;model.pth&apos;)` once the model is an nn.Module.</source>
        <translation>Enregistrez avec `torch.save(model.state_dict(), &apos;model.pth&apos;)` une fois que le modèle est un nn.Module.</translation>
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
        <translation>K.function / K.placeholder / K.learning_phase relèvent du mode graphe de TensorFlow : appelez directement le modèle ou un sous-modèle (`keras.Model(inputs, outputs)(x)`), passez `training=True/False` aux couches, calculez les gradients avec torch.autograd (backend torch), et remplacez K.batch_dot par keras.ops.einsum ou keras.ops.matmul. Voir https://keras.io/guides/migrating_to_keras_3/.</translation>
    </message>
    <message>
        <source>Keras 3&apos;s native format is `.keras`; `.h5` is legacy.</source>
        <translation>Le format natif de Keras 3 est `.keras` ; `.h5` est un format hérité.</translation>
    </message>
    <message>
        <source>Use the loss functions of `keras.losses`.</source>
        <translation>Utilisez les fonctions de perte de `keras.losses`.</translation>
    </message>
    <message>
        <source>Rewrite the pipeline with torchvision: transforms.Compose([...]) for augmentation, datasets.ImageFolder(folder, transform=...) and DataLoader(dataset, batch_size=..., shuffle=True); model.fit(train_loader, validation_data=val_loader).</source>
        <translation>Réécrivez le pipeline avec torchvision : transforms.Compose([...]) pour l&apos;augmentation, datasets.ImageFolder(folder, transform=...) et DataLoader(dataset, batch_size=..., shuffle=True) ; model.fit(train_loader, validation_data=val_loader).</translation>
    </message>
    <message>
        <source>Use keras.layers.TextVectorization (or your own tokenizer) for text, and keras.utils.timeseries_dataset_from_array for time series.</source>
        <translation>Utilisez keras.layers.TextVectorization (ou votre propre tokenizer) pour le texte, et keras.utils.timeseries_dataset_from_array pour les séries temporelles.</translation>
    </message>
    <message>
        <source>Keras 3&apos;s Functional models do not implement `{{method}}` on symbolic tensors.</source>
        <translation>Les modèles Functional de Keras 3 n&apos;implémentent pas `{{method}}` sur des tenseurs symboliques.</translation>
    </message>
    <message>
        <source>Use a subclassed keras.Model and call self.add_loss(...) inside call(), on real tensors.</source>
        <translation>Utilisez une sous-classe de keras.Model et appelez self.add_loss(...) dans call(), sur des tenseurs réels.</translation>
    </message>
    <message>
        <source>A `Lambda` that calls keras.backend or TensorFlow does not run on the torch backend.</source>
        <translation>Une `Lambda` qui appelle keras.backend ou TensorFlow ne s&apos;exécute pas avec le backend torch.</translation>
    </message>
    <message>
        <source>Write a keras.layers.Layer subclass whose call() uses keras.ops (for example `class Sampling(keras.layers.Layer)`), or keras.ops inside the lambda.</source>
        <translation>Écrivez une sous-classe de keras.layers.Layer dont call() utilise keras.ops (par exemple `class Sampling(keras.layers.Layer)`), ou utilisez keras.ops dans la lambda.</translation>
    </message>
    <message>
        <source>The migrated project runs on Python 3.12.</source>
        <translation>Le projet migré tourne sur Python 3.12.</translation>
    </message>
    <message>
        <source>Write the model as an `nn.Module` subclass by hand.</source>
        <translation>Écrivez à la main le modèle comme une sous-classe de `nn.Module`.</translation>
    </message>
    <message>
        <source>Write the training loop by hand.</source>
        <translation>Écrivez à la main la boucle d&apos;entraînement.</translation>
    </message>
    <message>
        <source>`{{flow}}` reads a folder of class subfolders with Keras&apos;s ImageDataGenerator. In PyTorch it is `datasets.ImageFolder` with a `transforms` pipeline (resize, the generator&apos;s augmentations, `ToTensor` for `rescale=1./255`) and a `DataLoader`.</source>
        <translation>`{{flow}}` lit un dossier de sous-dossiers de classes avec l&apos;ImageDataGenerator de Keras. En PyTorch, c&apos;est `datasets.ImageFolder` avec un pipeline `transforms` (redimensionnement, les augmentations du générateur, `ToTensor` pour `rescale=1./255`) et un `DataLoader`.</translation>
    </message>
    <message>
        <source>`to_categorical` comes from Keras. The one-hot array is made with NumPy, so the cells that read its shape still work; the generated loop gives `nn.CrossEntropyLoss` the class indices (`argmax`), as categorical_crossentropy maps to it. Labels are read as integers and flattened, as Keras does for (N,) and (N, 1) labels; labels of shape (N, T) need `.reshape(N, T, C)` after.</source>
        <translation>`to_categorical` vient de Keras. Le tableau one-hot est créé avec NumPy, si bien que les cellules qui lisent sa forme fonctionnent toujours ; la boucle générée donne à `nn.CrossEntropyLoss` les indices de classe (`argmax`), puisque categorical_crossentropy lui correspond. Les étiquettes sont lues comme des entiers et aplaties, comme le fait Keras pour des étiquettes (N,) et (N, 1) ; des étiquettes de forme (N, T) demandent ensuite `.reshape(N, T, C)`.</translation>
    </message>
    <message>
        <source>PyTorch saves the weights as a `state_dict`: `{{call}}` becomes `torch.save({{model}}.state_dict(), &apos;….pth&apos;)`. Loading needs the module class: `model.load_state_dict(torch.load(&apos;….pth&apos;))`.</source>
        <translation>PyTorch enregistre les poids sous forme de `state_dict` : `{{call}}` devient `torch.save({{model}}.state_dict(), &apos;….pth&apos;)`. Le chargement demande la classe du module : `model.load_state_dict(torch.load(&apos;….pth&apos;))`.</translation>
    </message>
    <message>
        <source>`{{fn}}` restores a whole Keras model. A PyTorch checkpoint holds only the weights.</source>
        <translation>`{{fn}}` restaure un modèle Keras entier. Un point de contrôle PyTorch ne contient que les poids.</translation>
    </message>
    <message>
        <source>An `nn.Module` has no `summary()`: printing it lists its layers, and the parameter count is the sum of `numel()` over `parameters()`.</source>
        <translation>Un `nn.Module` n&apos;a pas de `summary()` : l&apos;afficher liste ses couches, et le nombre de paramètres est la somme de `numel()` sur `parameters()`.</translation>
    </message>
    <message>
        <source>Find its Keras 3 replacement in the Keras 3 API reference (https://keras.io/api/) or the migration guide (https://keras.io/guides/migrating_to_keras_3/); the import fails as it is.</source>
        <translation>Trouvez son remplacement dans la référence de l&apos;API Keras 3 (https://keras.io/api/) ou le guide de migration (https://keras.io/guides/migrating_to_keras_3/) ; l&apos;import échoue en l&apos;état.</translation>
    </message>
    <message>
        <source>Find where its names went in Keras 3 in the migration guide (https://keras.io/guides/migrating_to_keras_3/); the import fails as it is.</source>
        <translation>Cherchez dans le guide de migration (https://keras.io/guides/migrating_to_keras_3/) où ses noms se trouvent dans Keras 3 ; l&apos;import échoue en l&apos;état.</translation>
    </message>
    <message>
        <source>Find its Keras 3 replacement in the Keras 3 API reference (https://keras.io/api/) or the migration guide (https://keras.io/guides/migrating_to_keras_3/).</source>
        <translation>Trouvez son remplacement dans la référence de l&apos;API Keras 3 (https://keras.io/api/) ou le guide de migration (https://keras.io/guides/migrating_to_keras_3/).</translation>
    </message>
    <message>
        <source>Create the generated module class, then `model.load_state_dict(torch.load(&apos;….pth&apos;))` and `model.eval()`; `kmw-cli port-weights model.h5 --file &lt;notebook&gt; --out model.pth` converts the Keras weights.</source>
        <translation>Créez la classe de module générée, puis `model.load_state_dict(torch.load(&apos;….pth&apos;))` et `model.eval()` ; `kmw-cli port-weights model.h5 --file &lt;notebook&gt; --out model.pth` convertit les poids Keras.</translation>
    </message>
    <message>
        <source>model.load_weights(&apos;x.h5&apos;) becomes load_state_dict</source>
        <translation>model.load_weights(&apos;x.h5&apos;) devient load_state_dict</translation>
    </message>
    <message>
        <source>PyTorch loads weights as a `state_dict`: `{{call}}` becomes `{{model}}.load_state_dict(torch.load(&apos;….pth&apos;))`, from the Keras file converted once to PyTorch&apos;s layout.</source>
        <translation>PyTorch charge les poids sous forme de `state_dict` : `{{call}}` devient `{{model}}.load_state_dict(torch.load(&apos;….pth&apos;))`, à partir du fichier Keras converti une fois pour toutes à la disposition de PyTorch.</translation>
    </message>
    <message>
        <source>Convert the Keras weights with `kmw-cli port-weights x.h5 --file &lt;notebook&gt; --out x.pth`, then `model.load_state_dict(torch.load(&apos;x.pth&apos;))`.</source>
        <translation>Convertissez les poids Keras avec `kmw-cli port-weights x.h5 --file &lt;notebook&gt; --out x.pth`, puis `model.load_state_dict(torch.load(&apos;x.pth&apos;))`.</translation>
    </message>
    <message>
        <source>Write the step by hand: `optimizer.zero_grad(); loss = criterion(model(xb), yb); loss.backward(); optimizer.step()`.</source>
        <translation>Écrivez le pas à la main : `optimizer.zero_grad(); loss = criterion(model(xb), yb); loss.backward(); optimizer.step()`.</translation>
    </message>
    <message>
        <source>Keras model attributes become their values</source>
        <translation>Les attributs du modèle Keras deviennent leurs valeurs</translation>
    </message>
    <message>
        <source>Write the value by hand (`model(x).shape` gives PyTorch&apos;s channels-first shape).</source>
        <translation>Écrivez la valeur à la main (`model(x).shape` donne la forme de PyTorch, canaux en premier).</translation>
    </message>
    <message>
        <source>count_params() counts the module&apos;s tensors</source>
        <translation>count_params() compte les tenseurs du module</translation>
    </message>
    <message>
        <source>`{{model}}.count_params()` counts every Keras weight, BatchNormalization&apos;s moving statistics included: the module&apos;s floating-point parameters and buffers are counted the same way.</source>
        <translation>`{{model}}.count_params()` compte tous les poids Keras, statistiques mobiles de BatchNormalization comprises : les paramètres et tampons flottants du module sont comptés de la même façon.</translation>
    </message>
    <message>
        <source>Count `sum(p.numel() for p in model.parameters())` by hand (trainable weights only).</source>
        <translation>Comptez `sum(p.numel() for p in model.parameters())` à la main (poids entraînables seulement).</translation>
    </message>
    <message>
        <source>`{{model}}.{{attr}}` is a Keras model attribute the nn.Module does not have: the value Keras gives (the output shape with `None` for the batch, or `[&apos;loss&apos;, …]` with compile()&apos;s metrics) is written out; `model.layers` shown on its own line becomes the module&apos;s submodules.</source>
        <translation>`{{model}}.{{attr}}` est un attribut du modèle Keras que le nn.Module n&apos;a pas : la valeur que donne Keras (la forme de sortie avec `None` pour le lot, ou `[&apos;loss&apos;, …]` avec les métriques de compile()) est écrite en clair ; `model.layers` affiché seul sur sa ligne devient les sous-modules du module.</translation>
    </message>
    <message>
        <source>train_on_batch() becomes one optimizer step; test_on_batch() the batch&apos;s loss</source>
        <translation>train_on_batch() devient un pas de l&apos;optimiseur ; test_on_batch() la perte du lot</translation>
    </message>
    <message>
        <source>`{{model}}.{{method}}(…)` becomes PyTorch code on the batch: for train_on_batch, `train()`, `zero_grad()`, the forward pass, the loss, `backward()` and the optimizer&apos;s `step()`; for test_on_batch, the loss under `torch.no_grad()` in `eval()` mode; each gives the loss (and compile()&apos;s metrics) as Keras did.</source>
        <translation>`{{model}}.{{method}}(…)` devient du code PyTorch sur le lot : pour train_on_batch, `train()`, `zero_grad()`, la passe avant, la perte, `backward()` et le `step()` de l&apos;optimiseur ; pour test_on_batch, la perte sous `torch.no_grad()` en mode `eval()` ; chacun donne la perte (et les métriques de compile()) comme Keras.</translation>
    </message>
    <message>
        <source>A model&apos;s layers and weights become the module&apos;s submodules and tensors</source>
        <translation>Les couches et les poids d&apos;un modèle deviennent les sous-modules et les tenseurs du module</translation>
    </message>
    <message>
        <source>A Keras layer looked up by name or position, or weights read or set as NumPy arrays: the nn.Module has the layer as a submodule (`model.&lt;name&gt;`), `get_weights()` and `.weights` become its tensors in Keras&apos;s layout (Dense and convolution kernels transposed to Keras&apos;s order, BatchNormalization&apos;s moving statistics from its buffers), `set_weights(…)` copies arrays into them, and `trainable` becomes `requires_grad_`.</source>
        <translation>Une couche Keras cherchée par son nom ou sa position, ou des poids lus ou fixés comme tableaux NumPy : le nn.Module a la couche comme sous-module (`model.&lt;name&gt;`), `get_weights()` et `.weights` deviennent ses tenseurs dans la disposition de Keras (noyaux Dense et de convolution transposés dans l&apos;ordre de Keras, statistiques mobiles de BatchNormalization tirées de ses tampons), `set_weights(…)` y copie des tableaux, et `trainable` devient `requires_grad_`.</translation>
    </message>
    <message>
        <source>Use the submodule (`model.&lt;name&gt;`) and read `.weight.detach().cpu().numpy()` by hand: Keras&apos;s Dense kernel is the transpose of nn.Linear&apos;s weight.</source>
        <translation>Utilisez le sous-module (`model.&lt;name&gt;`) et lisez `.weight.detach().cpu().numpy()` à la main : le noyau Dense de Keras est la transposée du poids de nn.Linear.</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `Embedding` has no `input_length`. Without it a Sequential model whose first layer is the `Embedding` is not built until it sees data, so `summary()`, `count_params()` and `set_weights()` fail: the model starts with `keras.Input(shape=(length,))` instead.</source>
        <translation>Le `Embedding` de Keras 3 n&apos;a pas d&apos;`input_length`. Sans lui, un modèle Sequential dont la première couche est l&apos;`Embedding` n&apos;est construit qu&apos;en voyant des données, et `summary()`, `count_params()` et `set_weights()` échouent : le modèle commence plutôt par `keras.Input(shape=(length,))`.</translation>
    </message>
    <message>
        <source>steps_per_epoch=np.ceil(…) → int(np.ceil(…))</source>
        <translation>steps_per_epoch=np.ceil(…) → int(np.ceil(…))</translation>
    </message>
    <message>
        <source>Keras 3 counts steps with `range()`, which takes an integer: `{{k}}={{value}}` is a NumPy float and `fit()` raises a TypeError. Wrap it in `int(…)`.</source>
        <translation>Keras 3 compte les pas avec `range()`, qui attend un entier : `{{k}}={{value}}` est un flottant NumPy et `fit()` lève une TypeError. Entourez-le de `int(…)`.</translation>
    </message>
    <message>
        <source>tf.random.set_seed → keras.utils.set_random_seed</source>
        <translation>tf.random.set_seed → keras.utils.set_random_seed</translation>
    </message>
    <message>
        <source>With the torch backend, `tf.random.set_seed` does not seed Keras: weights are initialised differently on every run. `keras.utils.set_random_seed` seeds Python, NumPy and the backend (and TensorFlow when it is installed).</source>
        <translation>Avec le backend torch, `tf.random.set_seed` n&apos;initialise pas le générateur de Keras : les poids sont initialisés différemment à chaque exécution. `keras.utils.set_random_seed` initialise Python, NumPy et le backend (et TensorFlow s&apos;il est installé).</translation>
    </message>
    <message>
        <source>tf.saved_model.save / TFLiteConverter.from_keras_model on a Keras 3 model</source>
        <translation>tf.saved_model.save / TFLiteConverter.from_keras_model sur un modèle Keras 3</translation>
    </message>
    <message>
        <source>A Keras 3 model is not a TensorFlow trackable: `{{call}}` raises (`tf.saved_model.save` wants a `Trackable`; the TFLite converter reads Keras 2 internals), and on the torch backend `model.export()` cannot write a SavedModel either.</source>
        <translation>Un modèle Keras 3 n&apos;est pas un objet « trackable » de TensorFlow : `{{call}}` lève une erreur (`tf.saved_model.save` attend un `Trackable` ; le convertisseur TFLite lit des détails internes de Keras 2), et sur le backend torch `model.export()` ne sait pas non plus écrire de SavedModel.</translation>
    </message>
    <message>
        <source>Save the model as a Keras file (`model.save(&apos;name.keras&apos;)`), which every backend loads. To serve it from TensorFlow or convert it to TFLite, load that file in a session with `KERAS_BACKEND=tensorflow`, write the SavedModel there with `model.export(&apos;dir&apos;)`, and convert with `tf.lite.TFLiteConverter.from_saved_model(&apos;dir&apos;)`.</source>
        <translation>Enregistrez le modèle en fichier Keras (`model.save(&apos;nom.keras&apos;)`), que tous les backends chargent. Pour le servir depuis TensorFlow ou le convertir en TFLite, chargez ce fichier dans une session avec `KERAS_BACKEND=tensorflow`, écrivez-y le SavedModel avec `model.export(&apos;dossier&apos;)`, puis convertissez avec `tf.lite.TFLiteConverter.from_saved_model(&apos;dossier&apos;)`.</translation>
    </message>
    <message>
        <source>tf.estimator and model_to_estimator were removed</source>
        <translation>tf.estimator et model_to_estimator ont été supprimés</translation>
    </message>
    <message>
        <source>TensorFlow removed `tf.estimator` (and Keras&apos;s `model_to_estimator`) in 2.16, with Keras 3: `{{ref}}` raises an AttributeError.</source>
        <translation>TensorFlow a supprimé `tf.estimator` (et le `model_to_estimator` de Keras) en 2.16, avec Keras 3 : `{{ref}}` lève une AttributeError.</translation>
    </message>
    <message>
        <source>Train and evaluate the Keras model itself with `fit()`/`evaluate()`/`predict()`; for input pipelines feed a `tf.data.Dataset` or NumPy arrays, and for distributed training use the backend&apos;s tools (`keras.distribution`, or PyTorch&apos;s DistributedDataParallel with the torch backend).</source>
        <translation>Entraînez et évaluez directement le modèle Keras avec `fit()`/`evaluate()`/`predict()` ; pour les données, fournissez un `tf.data.Dataset` ou des tableaux NumPy, et pour l&apos;entraînement distribué utilisez les outils du backend (`keras.distribution`, ou DistributedDataParallel de PyTorch avec le backend torch).</translation>
    </message>
    <message>
        <source>model.save(&apos;dir&apos;) → model.save(&apos;dir.keras&apos;)</source>
        <translation>model.save(&apos;dossier&apos;) → model.save(&apos;dossier.keras&apos;)</translation>
    </message>
    <message>
        <source>`model.save({{path}})` wrote a TensorFlow SavedModel folder in Keras 2 (making the folders it needed); Keras 3 saves only `.keras` (or legacy `.h5`) files and raises a ValueError for a path without one. The file becomes `.keras` (its folder is made first), and `load_model` of the same path in this document is renamed with it.</source>
        <translation>`model.save({{path}})` écrivait un dossier SavedModel de TensorFlow avec Keras 2 (en créant les dossiers nécessaires) ; Keras 3 n&apos;enregistre que des fichiers `.keras` (ou `.h5`, ancien format) et lève une ValueError pour un chemin sans extension. Le fichier devient `.keras` (son dossier est créé d&apos;abord), et le `load_model` du même chemin dans ce document est renommé avec lui.</translation>
    </message>
    <message>
        <source>load_model(&apos;dir&apos;) of a model this document saves → load_model(&apos;dir.keras&apos;)</source>
        <translation>load_model(&apos;dossier&apos;) d&apos;un modèle que ce document enregistre → load_model(&apos;dossier.keras&apos;)</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `load_model` reads `.keras` and `.h5` files only. This document saves the model to {{path}} (renamed to `.keras` by the save rule), so the load follows it.</source>
        <translation>Le `load_model` de Keras 3 ne lit que les fichiers `.keras` et `.h5`. Ce document enregistre le modèle dans {{path}} (renommé en `.keras` par la règle d&apos;enregistrement), le chargement suit donc.</translation>
    </message>
    <message>
        <source>load_model(&apos;dir&apos;) of a TensorFlow SavedModel</source>
        <translation>load_model(&apos;dossier&apos;) d&apos;un SavedModel de TensorFlow</translation>
    </message>
    <message>
        <source>Keras 3&apos;s `load_model` reads `.keras` and `.h5` files only; {{path}} names a SavedModel folder that this document does not write.</source>
        <translation>Le `load_model` de Keras 3 ne lit que les fichiers `.keras` et `.h5` ; {{path}} désigne un dossier SavedModel que ce document n&apos;écrit pas.</translation>
    </message>
    <message>
        <source>Load the SavedModel for inference as a layer: `keras.layers.TFSMLayer({{path}}, call_endpoint=&apos;serving_default&apos;)` (TensorFlow must be installed), or save the model again from Keras 2 as a `.keras` or `.h5` file and load that.</source>
        <translation>Chargez le SavedModel pour l&apos;inférence comme une couche : `keras.layers.TFSMLayer({{path}}, call_endpoint=&apos;serving_default&apos;)` (TensorFlow doit être installé), ou enregistrez de nouveau le modèle depuis Keras 2 en fichier `.keras` ou `.h5` et chargez celui-ci.</translation>
    </message>
    <message>
        <source>.numpy() on a model&apos;s output → keras.ops.convert_to_numpy</source>
        <translation>.numpy() sur la sortie d&apos;un modèle → keras.ops.convert_to_numpy</translation>
    </message>
    <message>
        <source>With the torch backend, calling a model returns a torch tensor that requires a gradient (and a layer&apos;s weight slice is one too): `{{call}}` raises &quot;Can&apos;t call numpy() on Tensor that requires grad&quot;. `keras.ops.convert_to_numpy` works on every backend.</source>
        <translation>Avec le backend torch, appeler un modèle renvoie un tenseur torch qui exige un gradient (une tranche des poids d&apos;une couche aussi) : `{{call}}` lève « Can&apos;t call numpy() on Tensor that requires grad ». `keras.ops.convert_to_numpy` fonctionne sur tous les backends.</translation>
    </message>
    <message>
        <source>NumPy or matplotlib on a model&apos;s output → keras.ops.convert_to_numpy first</source>
        <translation>NumPy ou matplotlib sur la sortie d&apos;un modèle → keras.ops.convert_to_numpy d&apos;abord</translation>
    </message>
    <message>
        <source>With the torch backend, calling a model returns a torch tensor that requires a gradient, which `{{fn}}` cannot turn into an array (&quot;Can&apos;t call numpy() on Tensor that requires grad&quot;): convert `{{x}}` with `keras.ops.convert_to_numpy` first.</source>
        <translation>Avec le backend torch, appeler un modèle renvoie un tenseur torch qui exige un gradient, que `{{fn}}` ne sait pas convertir en tableau (« Can&apos;t call numpy() on Tensor that requires grad ») : convertissez `{{x}}` avec `keras.ops.convert_to_numpy` d&apos;abord.</translation>
    </message>
    <message>
        <source>Dense(keras.ops.prod(shape).numpy()) → Dense(int(keras.ops.prod(shape)))</source>
        <translation>Dense(keras.ops.prod(shape).numpy()) → Dense(int(keras.ops.prod(shape)))</translation>
    </message>
    <message>
        <source>`{{arg}}` is a 0-d array, and Keras 3 layers want a Python int for sizes (`units`, `filters`): the layer raises a ValueError. `int(…)` gives the number.</source>
        <translation>`{{arg}}` est un tableau de dimension 0, et les couches de Keras 3 veulent un entier Python pour les tailles (`units`, `filters`) : la couche lève une ValueError. `int(…)` donne le nombre.</translation>
    </message>
    <message>
        <source>Keras layer or model called inside tf.data map()</source>
        <translation>Couche ou modèle Keras appelé dans un map() de tf.data</translation>
    </message>
    <message>
        <source>`{{layer}}` is called inside a `tf.data` `map()`. There the inputs are TensorFlow graph tensors: only Keras preprocessing layers (`Rescaling`, `Resizing`, `RandomFlip`, `TextVectorization` …, which switch to TensorFlow inside tf.data) can take them. With the torch backend, any other layer, a `Sequential` of preprocessing layers, or a layer with a Python `standardize` function raises.</source>
        <translation>`{{layer}}` est appelé dans un `map()` de `tf.data`. Les entrées y sont des tenseurs de graphe TensorFlow : seules les couches de prétraitement de Keras (`Rescaling`, `Resizing`, `RandomFlip`, `TextVectorization` …, qui passent à TensorFlow dans tf.data) les acceptent. Avec le backend torch, toute autre couche, un `Sequential` de couches de prétraitement ou une couche avec une fonction `standardize` Python lève une erreur.</translation>
    </message>
    <message>
        <source>Call each preprocessing layer itself in `map()` (not a `Sequential` of them), or move the layers into the model so they run on the batches the model gets, or do the preprocessing in NumPy or a PyTorch `DataLoader`.</source>
        <translation>Appelez chaque couche de prétraitement elle-même dans `map()` (pas un `Sequential` de celles-ci), ou placez les couches dans le modèle pour qu&apos;elles s&apos;appliquent aux lots qu&apos;il reçoit, ou faites le prétraitement avec NumPy ou un `DataLoader` de PyTorch.</translation>
    </message>
    <message>
        <source>keras.Input(dtype=&apos;string&apos;) on the torch backend</source>
        <translation>keras.Input(dtype=&apos;string&apos;) sur le backend torch</translation>
    </message>
    <message>
        <source>The torch backend has no string tensors: a model whose input is `{{call}}` cannot be called or fit (&quot;Invalid dtype&quot;).</source>
        <translation>Le backend torch n&apos;a pas de tenseurs de chaînes : un modèle dont l&apos;entrée est `{{call}}` ne peut être ni appelé ni entraîné (« Invalid dtype »).</translation>
    </message>
    <message>
        <source>Turn the strings into numbers before the model: adapt the `StringLookup`/`TextVectorization` layer and apply it to the data (in a `tf.data` `map()` or on NumPy arrays), then give the model an integer input (`keras.Input(shape=…, dtype=&apos;int64&apos;)`).</source>
        <translation>Transformez les chaînes en nombres avant le modèle : adaptez la couche `StringLookup`/`TextVectorization` et appliquez-la aux données (dans un `map()` de `tf.data` ou sur des tableaux NumPy), puis donnez au modèle une entrée entière (`keras.Input(shape=…, dtype=&apos;int64&apos;)`).</translation>
    </message>
    <message>
        <source>tf.GradientTape / tf.function / apply_gradients around a Keras 3 model</source>
        <translation>tf.GradientTape / tf.function / apply_gradients autour d&apos;un modèle Keras 3</translation>
    </message>
    <message>
        <source>With the torch backend a Keras model computes with torch tensors: `tf.GradientTape` records nothing of it (its gradients are None), `@tf.function` cannot trace it, and the optimizer&apos;s `apply_gradients` gets no gradients. The training step must be written for torch.</source>
        <translation>Avec le backend torch, un modèle Keras calcule avec des tenseurs torch : `tf.GradientTape` n&apos;en enregistre rien (ses gradients valent None), `@tf.function` ne peut pas le tracer, et le `apply_gradients` de l&apos;optimiseur ne reçoit aucun gradient. Le pas d&apos;entraînement doit être écrit pour torch.</translation>
    </message>
    <message>
        <source>Write the training step for torch: drop `@tf.function` (or use `torch.compile`), give the model torch tensors or NumPy arrays, and let PyTorch compute the gradients, as in the Keras guide &quot;Writing a training loop from scratch in PyTorch&quot;:

```python
import torch

def train_step(x, y):
    logits = model(x, training=True)
    loss = loss_fn(y, logits)
    model.zero_grad()
    loss.backward()
    gradients = [v.value.grad for v in model.trainable_weights]
    with torch.no_grad():
        optimizer.apply(gradients, model.trainable_weights)
    return loss
```</source>
        <translation>Écrivez le pas d&apos;entraînement pour torch : retirez `@tf.function` (ou utilisez `torch.compile`), donnez au modèle des tenseurs torch ou des tableaux NumPy, et laissez PyTorch calculer les gradients, comme dans le guide Keras « Writing a training loop from scratch in PyTorch » :

```python
import torch

def train_step(x, y):
    logits = model(x, training=True)
    loss = loss_fn(y, logits)
    model.zero_grad()
    loss.backward()
    gradients = [v.value.grad for v in model.trainable_weights]
    with torch.no_grad():
        optimizer.apply(gradients, model.trainable_weights)
    return loss
```</translation>
    </message>
    <message>
        <source>model.save(&apos;m.h5&apos;) in a notebook that reads HDF5 itself</source>
        <translation>model.save(&apos;m.h5&apos;) dans un notebook qui lit lui-même le HDF5</translation>
    </message>
    <message>
        <source>Keras 3 still writes `.h5` (its legacy format), and this document works with HDF5 itself (it imports h5py), so the file stays `.h5`. Choose `.keras`, Keras 3&apos;s native format, only if nothing reads the file as HDF5.</source>
        <translation>Keras 3 écrit toujours le `.h5` (son ancien format), et ce document travaille lui-même avec le HDF5 (il importe h5py) : le fichier reste donc `.h5`. Ne choisissez `.keras`, le format natif de Keras 3, que si rien ne lit le fichier comme du HDF5.</translation>
    </message>
    <message>
        <source>tf.add_n(model.losses) → sum(model.losses)</source>
        <translation>tf.add_n(model.losses) → sum(model.losses)</translation>
    </message>
    <message>
        <source>With the torch backend `{{obj}}.losses` holds torch tensors, which `tf.add_n` cannot take. Python&apos;s `sum()` adds them on every backend.</source>
        <translation>Avec le backend torch, `{{obj}}.losses` contient des tenseurs torch, que `tf.add_n` ne sait pas prendre. Le `sum()` de Python les additionne sur tous les backends.</translation>
    </message>
    <message>
        <source>fused= / time_major= / reset_metrics= / dynamic= → drop them</source>
        <translation>fused= / time_major= / reset_metrics= / dynamic= → les retirer</translation>
    </message>
    <message>
        <source>Keras 3 layers create weights with `self.add_weight(...)` or `keras.Variable`; a `tf.Variable` set on a layer is not tracked (the layer has no trainable weights).</source>
        <translation>Les couches Keras 3 créent leurs poids avec `self.add_weight(...)` ou `keras.Variable` ; une `tf.Variable` posée sur une couche n’est pas suivie (la couche n’a aucun poids entraînable).</translation>
    </message>
    <message>
        <source>Move the custom loss into `compute_loss()` (it runs on every backend), or write `train_step` for torch as in the Keras guide &quot;Customizing what happens in fit() with PyTorch&quot;: zero the gradients, `loss.backward()`, then `optimizer.apply`:

```python
import torch

def train_step(self, data):
    x, y = data
    self.zero_grad()
    y_pred = self(x, training=True)
    loss = self.compute_loss(y=y, y_pred=y_pred)
    loss.backward()
    trainable_weights = [v for v in self.trainable_weights]
    gradients = [v.value.grad for v in trainable_weights]
    with torch.no_grad():
        self.optimizer.apply(gradients, trainable_weights)
    for metric in self.metrics:
        if metric.name == &quot;loss&quot;:
            metric.update_state(loss)
        else:
            metric.update_state(y, y_pred)
    return {m.name: m.result() for m in self.metrics}
```</source>
        <translation>Déplacer la perte personnalisée dans `compute_loss()` (elle tourne sur tous les backends), ou écrire `train_step` pour torch comme dans le guide Keras &quot;Customizing what happens in fit() with PyTorch&quot; : remettre les gradients à zéro, `loss.backward()`, puis `optimizer.apply` :

```python
import torch

def train_step(self, data):
    x, y = data
    self.zero_grad()
    y_pred = self(x, training=True)
    loss = self.compute_loss(y=y, y_pred=y_pred)
    loss.backward()
    trainable_weights = [v for v in self.trainable_weights]
    gradients = [v.value.grad for v in trainable_weights]
    with torch.no_grad():
        self.optimizer.apply(gradients, trainable_weights)
    for metric in self.metrics:
        if metric.name == &quot;loss&quot;:
            metric.update_state(loss)
        else:
            metric.update_state(y, y_pred)
    return {m.name: m.result() for m in self.metrics}
```</translation>
    </message>
    <message>
        <source>tf.&lt;op&gt; on a KerasTensor (a Functional model&apos;s value) → keras.ops.&lt;op&gt;</source>
        <translation>tf.&lt;op&gt; sur un KerasTensor (une valeur d’un modèle Functional) → keras.ops.&lt;op&gt;</translation>
    </message>
    <message>
        <source>Keras 3 refuses TensorFlow ops on a KerasTensor (`{{x}}` is one: it comes from `Input` or a layer call) while a Functional model is built: `{{callee}}` is `keras.ops.{{fn.renamed}}`.</source>
        <translation>Keras 3 refuse les opérations TensorFlow sur un KerasTensor (`{{x}}` en est un : il vient d’`Input` ou de l’appel d’une couche) pendant la construction d’un modèle Functional : `{{callee}}` devient `keras.ops.{{fn.renamed}}`.</translation>
    </message>
    <message>
        <source>tf.&lt;op&gt; with another name in keras.ops, inside a Keras layer/model</source>
        <translation>tf.&lt;op&gt; qui porte un autre nom dans keras.ops, dans une couche ou un modèle Keras</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors: inside a Keras layer or model, `{{callee}}` is `keras.ops.{{fn.renamed}}`.</source>
        <translation>Les opérations TensorFlow ne s’appliquent pas aux tenseurs torch : dans une couche ou un modèle Keras, `{{callee}}` devient `keras.ops.{{fn.renamed}}`.</translation>
    </message>
    <message>
        <source>tf.nn / tf.signal op whose keras.ops equivalent takes other arguments</source>
        <translation>Opération tf.nn / tf.signal dont l’équivalent keras.ops prend d’autres arguments</translation>
    </message>
    <message>
        <source>TensorFlow ops do not run on torch tensors or KerasTensors: `{{callee}}` becomes {{fn.renamed}}, whose arguments differ.</source>
        <translation>Les opérations TensorFlow ne s’appliquent ni aux tenseurs torch ni aux KerasTensors : `{{callee}}` devient {{fn.renamed}}, dont les arguments diffèrent.</translation>
    </message>
    <message>
        <source>Rewrite the call with its keras.ops equivalent and check its argument order and layout (keras.ops takes `(target, output)` for losses, kernels in Keras layout, and a `seed` from a `keras.random.SeedGenerator` kept on the layer).</source>
        <translation>Réécrire l’appel avec son équivalent keras.ops en vérifiant l’ordre et la disposition des arguments (keras.ops prend `(target, output)` pour les pertes, des noyaux dans la disposition de Keras, et un `seed` venant d’un `keras.random.SeedGenerator` gardé sur la couche).</translation>
    </message>
    <message>
        <source>tf.strings inside a Keras layer or model</source>
        <translation>tf.strings dans une couche ou un modèle Keras</translation>
    </message>
    <message>
        <source>`{{callee}}` has no Keras 3 op: XLA (`jit_compile`, on by default on GPU) refuses it, and on the torch backend it runs only on CPU through NumPy, without gradients.</source>
        <translation>`{{callee}}` n’a pas d’opération Keras 3 : XLA (`jit_compile`, actif par défaut sur GPU) la refuse, et avec le backend torch elle ne tourne que sur CPU via NumPy, sans gradients.</translation>
    </message>
    <message>
        <source>Do the string work outside the model (in the data pipeline, or with `keras.layers.StringLookup` / `TextVectorization` before `fit`), so that call() only sees numbers; with the TensorFlow backend, `model.jit_compile = False` keeps it running.</source>
        <translation>Traiter les chaînes hors du modèle (dans le pipeline de données, ou avec `keras.layers.StringLookup` / `TextVectorization` avant `fit`), pour que call() ne voie que des nombres ; avec le backend TensorFlow, `model.jit_compile = False` le laisse tourner.</translation>
    </message>
    <message>
        <source>Inputs nested more than one level in a Functional model</source>
        <translation>Entrées imbriquées sur plus d’un niveau dans un modèle Functional</translation>
    </message>
    <message>
        <source>Keras 3.0 to 3.3 refuse inputs nested more than one level (a dict holding `{{inner}}`); Keras 3.4 and later accept them.</source>
        <translation>Keras 3.0 à 3.3 refusent les entrées imbriquées sur plus d’un niveau (un dict qui contient `{{inner}}`) ; Keras 3.4 et suivants les acceptent.</translation>
    </message>
    <message>
        <source>Keep `keras&gt;=3.4` in the requirements, or flatten the inputs to one level: a dict, list or tuple of `keras.Input`s.</source>
        <translation>Garder `keras&gt;=3.4` dans les dépendances, ou aplatir les entrées sur un niveau : un dict, une liste ou un tuple de `keras.Input`.</translation>
    </message>
    <message>
        <source>None inside the nested inputs of a layer call</source>
        <translation>None dans les entrées imbriquées de l’appel d’une couche</translation>
    </message>
    <message>
        <source>Keras 3.0 to 3.12 refuse `None` inside nested `call()` inputs (`{{none}}` here); Keras 3.13 and later accept it.</source>
        <translation>Keras 3.0 à 3.12 refusent `None` dans les entrées imbriquées de `call()` (`{{none}}` ici) ; Keras 3.13 et suivants l’acceptent.</translation>
    </message>
    <message>
        <source>Keep `keras&gt;=3.13` in the requirements, or make the optional tensor a keyword argument of call() (`def call(self, foo, baz=None)`) and pass it as `layer(foo, baz=None)`.</source>
        <translation>Garder `keras&gt;=3.13` dans les dépendances, ou faire du tenseur facultatif un argument nommé de call() (`def call(self, foo, baz=None)`) et le passer par `layer(foo, baz=None)`.</translation>
    </message>
    <message>
        <source>Python `if` on a tensor inside call()</source>
        <translation>`if` Python sur un tenseur dans call()</translation>
    </message>
    <message>
        <source>Keras 3 does not run call() through TF autograph: `if {{condition}}` works eagerly (the torch backend) but fails in a compiled graph (the TensorFlow backend, `jit_compile`).</source>
        <translation>Keras 3 ne passe pas call() par l’autograph de TF : `if {{condition}}` fonctionne en mode immédiat (le backend torch) mais échoue dans un graphe compilé (le backend TensorFlow, `jit_compile`).</translation>
    </message>
    <message>
        <source>Use `keras.ops.cond(condition, true_fn, false_fn)` or `keras.ops.where(condition, a, b)`, which run on every backend, compiled or not.</source>
        <translation>Utiliser `keras.ops.cond(condition, true_fn, false_fn)` ou `keras.ops.where(condition, a, b)`, qui tournent sur tous les backends, compilés ou non.</translation>
    </message>
    <message>
        <source>evaluate() of a multi-output model unpacked into per-output losses</source>
        <translation>evaluate() d’un modèle à plusieurs sorties dépaqueté en pertes par sortie</translation>
    </message>
    <message>
        <source>Keras 3.0 to 3.4 return only the total loss and the compiled metrics from `{{model}}.evaluate()`, not one loss per output; Keras 3.5 and later return them again, so unpacking `{{targets}}` depends on the version.</source>
        <translation>Keras 3.0 à 3.4 ne renvoient de `{{model}}.evaluate()` que la perte totale et les métriques compilées, pas une perte par sortie ; Keras 3.5 et suivants les renvoient de nouveau : dépaqueter `{{targets}}` dépend donc de la version.</translation>
    </message>
    <message>
        <source>Keep `keras&gt;=3.5` in the requirements, or call `evaluate(..., return_dict=True)` and read the values by name (`results[&apos;output_1_loss&apos;]`), or list per-output metrics in compile().</source>
        <translation>Garder `keras&gt;=3.5` dans les dépendances, ou appeler `evaluate(..., return_dict=True)` et lire les valeurs par leur nom (`results[&apos;output_1_loss&apos;]`), ou lister des métriques par sortie dans compile().</translation>
    </message>
    <message>
        <source>A layer with sublayers and no build()</source>
        <translation>Une couche avec des sous-couches et sans build()</translation>
    </message>
    <message>
        <source>`{{name}}` creates sublayers in `__init__` and has no `build()`: Keras 3 must create all state before training, and where it cannot trace call() (the JAX backend) it stops with &quot;looks like it has unbuilt state&quot;. The torch backend builds the sublayers on their first call.</source>
        <translation>`{{name}}` crée des sous-couches dans `__init__` et n’a pas de `build()` : Keras 3 doit créer tout l’état avant l’entraînement, et là où il ne peut pas tracer call() (le backend JAX) il s’arrête sur « looks like it has unbuilt state ». Le backend torch construit les sous-couches à leur premier appel.</translation>
    </message>
    <message>
        <source>Add `def build(self, input_shape):` that builds each sublayer (`self.position_embeddings.build(input_shape)`), so the layer works on every backend.</source>
        <translation>Ajouter `def build(self, input_shape):` qui construit chaque sous-couche (`self.position_embeddings.build(input_shape)`), pour que la couche fonctionne sur tous les backends.</translation>
    </message>
    <message>
        <source>layer.metrics (removed from layers)</source>
        <translation>layer.metrics (retiré des couches)</translation>
    </message>
    <message>
        <source>Keras 3 layers no longer collect metrics: `{{ref}}` is an empty list (only `Model.metrics` lists them).</source>
        <translation>Les couches Keras 3 ne collectent plus de métriques : `{{ref}}` est une liste vide (seul `Model.metrics` les liste).</translation>
    </message>
    <message>
        <source>Track the value with a `keras.metrics.Metric` of the model (updated in the model&apos;s call() or train_step) and read it from `model.metrics`.</source>
        <translation>Suivre la valeur avec une `keras.metrics.Metric` du modèle (mise à jour dans son call() ou son train_step) et la lire dans `model.metrics`.</translation>
    </message>
    <message>
        <source>super().__init__(dynamic=…) in a Keras layer or model → drop it</source>
        <translation>super().__init__(dynamic=…) dans une couche ou un modèle Keras → le retirer</translation>
    </message>
    <message>
        <source>Keras 3 layers have no `dynamic` argument (the torch backend always runs call() eagerly).</source>
        <translation>Les couches Keras 3 n’ont pas d’argument `dynamic` (le backend torch exécute toujours call() en mode immédiat).</translation>
    </message>
    <message>
        <source>RNN layer called with constants=</source>
        <translation>Couche RNN appelée avec constants=</translation>
    </message>
    <message>
        <source>Keras 3&apos;s RNN layers have no `constants` argument.</source>
        <translation>Les couches RNN de Keras 3 n’ont pas d’argument `constants`.</translation>
    </message>
    <message>
        <source>Give the cell the constant another way: as an attribute set before the call, or concatenated to every timestep of the inputs.</source>
        <translation>Donner la constante à la cellule autrement : comme attribut posé avant l’appel, ou concaténée à chaque pas de temps des entrées.</translation>
    </message>
    <message>
        <source>keras.random with an integer seed in call() → a SeedGenerator made in __init__</source>
        <translation>keras.random avec une graine entière dans call() → un SeedGenerator créé dans __init__</translation>
    </message>
    <message>
        <source>`keras.random` ops are stateless: `{{callee}}(…, seed={{seed}})` draws the same numbers at every call of the layer (TensorFlow&apos;s `tf.random` ops drew new ones). A `keras.random.SeedGenerator({{seed}})` made once in `__init__` draws new ones at each call, eagerly or compiled.</source>
        <translation>Les opérations `keras.random` sont sans état : `{{callee}}(…, seed={{seed}})` tire les mêmes nombres à chaque appel de la couche (les opérations `tf.random` de TensorFlow en tiraient de nouveaux). Un `keras.random.SeedGenerator({{seed}})` créé une fois dans `__init__` en tire de nouveaux à chaque appel, en mode immédiat ou compilé.</translation>
    </message>
</context>
</TS>
