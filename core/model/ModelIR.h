#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace kmw {

/// A tensor shape without the batch dimension, in the layout of the layer that makes it
/// (Keras: channels-last, e.g. {28, 28, 1}; PyTorch-sourced models: channels-first).
/// -1 is an unknown size (Keras `None`, e.g. a variable sequence length).
using TensorShape = QVector<qint64>;

/// The number of values of a shape (1 for an empty one); -1 when a size is unknown.
qint64 shapeProduct(const TensorShape &shape);

/// `(None, 28, 28, 1)`: Keras's print form of a shape with its batch dimension.
QString kerasShapeString(const TensorShape &shape);

/// 25636712 -> "25,636,712": Python's `'{:,}'.format(n)`, as Keras prints counts.
QString groupedThousands(qint64 n);

/// One layer of a model, with the Keras arguments that matter for shapes, parameters and
/// training. Field names follow the Keras argument names (keras/layers/*.py); a field a
/// layer type does not use keeps its default. Activation names are Keras's ("" = linear,
/// "relu", "tanh", "sigmoid", "softmax", "elu", "selu", "softplus", "softsign",
/// "leaky_relu", "gelu", "swish", "hard_sigmoid", "exponential").
struct LayerSpec {
    /// Keras class name: InputLayer, Dense, Activation, Dropout, Flatten, Reshape,
    /// Conv1D, Conv2D, MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D,
    /// GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D, ZeroPadding2D,
    /// BatchNormalization, Embedding, SimpleRNN, LSTM, GRU, Bidirectional, Concatenate,
    /// Add, Multiply, Dot, LeakyReLU, ReLU, Softmax; SpatialDropout1D/2D, GaussianNoise,
    /// GaussianDropout, AlphaDropout, ActivityRegularization (identity at inference);
    /// Conv2DTranspose, UpSampling1D/2D; preprocessing inside the model: Rescaling,
    /// Resizing, CenterCrop, Normalization, RandomFlip, and RandomRotation, RandomZoom,
    /// RandomTranslation, RandomContrast (augmentation: identity at inference); Lambda with
    /// one of the functions `function` names.
    QString type;
    /// Keras layer name (`name=` or Keras's automatic `dense`, `dense_1`, …).
    QString name;
    bool explicitName = false;
    /// "keras" (channels-last unless dataFormat says otherwise) or "pytorch" (layers
    /// extracted from torch.nn code: channels-first, explicit numeric padding).
    QString framework = QStringLiteral("keras");

    qint64 units = 0;               ///< Dense, SimpleRNN, LSTM, GRU
    QString activation;             ///< Dense, Conv*, Activation, recurrent layers
    bool useBias = true;
    qint64 filters = 0;             ///< Conv1D/2D
    QVector<qint64> kernelSize;     ///< Conv: one entry per spatial dimension
    QVector<qint64> strides;        ///< Conv and pooling (pooling: defaults to poolSize)
    QVector<qint64> dilationRate;   ///< Conv (default all 1)
    QVector<qint64> poolSize;       ///< pooling
    QString padding = QStringLiteral("valid"); ///< "valid" | "same" (Keras layers)
    QVector<qint64> explicitPadding; ///< PyTorch layers: padding per spatial dimension;
                                     ///< ZeroPadding2D: {top, bottom, left, right}
    QVector<qint64> cropping;       ///< Cropping1D {begin, end}; Cropping2D {top, bottom, left, right}
    QString dataFormat = QStringLiteral("channels_last"); ///< or "channels_first"
    qint64 groups = 1;              ///< Conv (DepthwiseConv2D: its input channels, set by inferModel)
    qint64 depthMultiplier = 1;     ///< DepthwiseConv2D `depth_multiplier`
    double maxValue = -1;           ///< ReLU `max_value` (-1: none)
    QVector<qint64> outputPadding;  ///< Conv2DTranspose `output_padding` (empty: None)
    QVector<qint64> size;           ///< UpSampling factors; Resizing/CenterCrop {height, width}
    QString interpolation = QStringLiteral("nearest"); ///< UpSampling2D, Resizing ("bilinear")
    double rescale = 1.0;           ///< Rescaling `scale`: x * scale + offset
    double offset = 0.0;            ///< Rescaling
    QString mode;                   ///< RandomFlip: "horizontal", "vertical" or both
    /// Lambda: what its function computes, when the IR knows it (see lambdaFromCode() and
    /// applicationPreprocessing()): "resize" (tf.image.resize to `size`, `interpolation`),
    /// "affine" (x * rescale + offset, elementwise), "channels" (the channels reversed when
    /// `flipChannels`, then (x * rescale - channelMean[c]) / channelStd[c] per channel c,
    /// as keras.applications' preprocess_input does); `code` is the function as written.
    QString function;
    QString code;
    bool flipChannels = false;
    QVector<double> channelMean;
    QVector<double> channelStd;
    double rate = 0.0;              ///< Dropout variants; GaussianNoise stddev
    TensorShape targetShape;        ///< Reshape (may hold one -1)
    int axis = -1;                  ///< Concatenate, BatchNormalization, Softmax
    QVector<int> dotAxes;           ///< Dot
    bool normalize = false;         ///< Dot
    double momentum = 0.99;         ///< BatchNormalization (Keras convention)
    double epsilon = 1e-3;          ///< BatchNormalization
    bool center = true;             ///< BatchNormalization beta
    bool scale = true;              ///< BatchNormalization gamma
    qint64 inputDim = 0;            ///< Embedding vocabulary; Dense/Conv in-features when
                                    ///< the code states them (torch nn.Linear in_features)
    qint64 outputDim = 0;           ///< Embedding vector size
    qint64 inputLength = 0;         ///< Embedding `input_length` (0 = not given)
    bool returnSequences = false;   ///< recurrent layers
    bool resetAfter = true;         ///< GRU (Keras >= 2.4 default true)
    QString recurrentActivation = QStringLiteral("sigmoid"); ///< LSTM/GRU
    double negativeSlope = 0.3;     ///< LeakyReLU (Keras 2 `alpha`)
    QString mergeMode = QStringLiteral("concat"); ///< Bidirectional
    std::shared_ptr<LayerSpec> wrapped; ///< Bidirectional: the recurrent layer
    /// False after `layer.trainable = False` (or the argument, or `model.trainable = False`
    /// on a model holding it): its weights are not updated by training.
    bool trainable = true;
    /// The model this layer came in with when a model was used as a layer of another
    /// (`Sequential([base, Dense(…)])`, `base(inputs)`): its name and kind ("Sequential",
    /// "Functional"); Keras lists such a model as one layer (one summary row, one item of
    /// `model.layers`). Empty for the model's own layers; the outermost nesting wins.
    QString nestedModel;
    QString nestedKind;
    /// The trainable flag of that nested model: a model set non-trainable freezes all its
    /// layers whatever their own flags (Keras's Model.trainable_weights).
    bool nestedTrainable = true;
    /// A keras.applications layer built with pretrained weights: "VGG19(weights='imagenet')";
    /// empty otherwise. The IR has no weights: the generated module says it starts from
    /// random ones.
    QString pretrained;
    /// Keras arguments given in the code that the IR does not model (kernel_initializer,
    /// *_regularizer, recurrent dropout, …): the runner ignores them and the generated
    /// PyTorch code flags them for the reviewer.
    QStringList unconverted;
    /// kernel_regularizer / bias_regularizer (embeddings_regularizer for Embedding) read
    /// as L1/L2 factors (keras.regularizers.L1, L2, L1L2 and the 'l1'/'l2'/'l1_l2'
    /// strings: https://keras.io/api/layers/regularizers/): Keras adds
    /// l1·Σ|w| + l2·Σw² to the loss. 0 when absent.
    double kernelL1 = 0, kernelL2 = 0, biasL1 = 0, biasL2 = 0;
    /// SimpleRNN/LSTM/GRU `dropout=` (of the inputs; Keras drops the same input units at
    /// every time step) and `recurrent_dropout=` (of the recurrent state). 0 when absent.
    double inputDropout = 0, recurrentDropout = 0;

    /// Indices into ModelIR::layers of the layers whose outputs feed this one, in
    /// argument order (empty for InputLayer).
    QVector<int> inbound;
    /// A layer object called again (a siamese model's shared Dense): the index into
    /// ModelIR::layers of its first call, whose weights this call uses; -1 otherwise.
    /// Its parameters are counted once, at the first call (Keras's count_params()).
    int sharedWith = -1;
    /// SimpleRNN/GRU (1) and LSTM (2, h then c) called with `initial_state=`: the last
    /// entries of `inbound` are the states, each (batch, units).
    int initialStates = 0;

    // Filled by inferModel():
    TensorShape outputShape;        ///< without the batch dimension
    qint64 paramsKeras = 0;         ///< Keras model.summary() "Param #"
    qint64 nonTrainableKeras = 0;   ///< of which non-trainable (BatchNorm moving stats)
    qint64 paramsTorch = 0;         ///< sum of numel over PyTorch parameters()
    qint64 buffersTorch = 0;        ///< PyTorch buffers holding Keras weights (BN stats)
};

/// `compile(optimizer=…)`: Keras optimizer with its arguments, Keras defaults filled in
/// (keras/optimizers/*.py): SGD lr 0.01; Adam lr 1e-3, beta_1 0.9, beta_2 0.999,
/// epsilon 1e-7; RMSprop lr 1e-3, rho 0.9, epsilon 1e-7; Adagrad lr 1e-3,
/// initial_accumulator_value 0.1, epsilon 1e-7. The string form `optimizer='adam'` gives
/// the same defaults. Keras's compile() default is "rmsprop".
struct OptimizerSpec {
    QString type = QStringLiteral("rmsprop"); ///< "sgd" | "adam" | "rmsprop" | "adagrad" | "adamw"
    double learningRate = 1e-3;
    double momentum = 0.0;          ///< SGD, RMSprop
    bool nesterov = false;          ///< SGD
    double beta1 = 0.9, beta2 = 0.999;
    double epsilon = 1e-7;
    double rho = 0.9;               ///< RMSprop (torch `alpha`)
    double initialAccumulator = 0.1; ///< Adagrad
    double weightDecay = 0.0;       ///< AdamW (Keras default 0.004)
    bool fromCode = false;          ///< false when compile() was not seen
};

/// `fit(...)` arguments that shape a smoke run.
struct FitSpec {
    int epochs = 1;
    int batchSize = 32;
    double validationSplit = 0.0;
    bool hasValidationData = false;
    QString xName;   ///< the variable passed as x (its `.shape[i]` is taken from the data)
    QString yName;   ///< the variable passed as y
    bool fromCode = false;
};

/// A model as the workbench understands it: a layer graph in construction order plus
/// compile/fit settings. Built by extractModel() (ModelExtractor.h) or by the Keras
/// application builders, completed by inferModel().
struct ModelIR {
    /// `model.trainable = False`: every weight is non-trainable, whatever the layers' flags
    /// (Keras's Model.trainable_weights is empty then).
    bool trainable = true;
    QString name;        ///< Keras model name ("sequential", "model", "vgg16", …)
    QString variable;    ///< the Python variable it was assigned to
    QString kind;        ///< "Sequential" | "Functional" | "nn.Sequential" | "nn.Module"
    /// A subclassed keras.Model: `layers` is the graph its call() makes (kind
    /// "Functional"); Keras's summary lists the layers in the order __init__ assigned them
    /// (`tracked`, indices into `layers`), each with output shape "multiple".
    bool subclassed = false;
    QVector<int> tracked;
    QVector<LayerSpec> layers; ///< construction order; Functional models start with InputLayers
    QVector<int> inputs;  ///< indices of the input layers (Sequential: the first layer)
    QVector<int> outputs; ///< indices of the output layers
    /// Input shapes without batch, one per input. For a Sequential model without an
    /// InputLayer this is the first layer's input (from input_shape/input_dim/data).
    QVector<TensorShape> inputShapes;
    /// True when inputs are integer token ids (first layer Embedding).
    bool integerInputs = false;

    /// True when the model's outputs are logits for `loss` (PyTorch code with
    /// CrossEntropyLoss/BCEWithLogitsLoss, Keras `from_logits=True`).
    bool fromLogits = false;
    QString loss;        ///< Keras loss name: categorical_crossentropy,
                         ///< sparse_categorical_crossentropy, binary_crossentropy,
                         ///< mean_squared_error, mean_absolute_error, huber; "" if none
    QStringList metrics;
    OptimizerSpec optimizer;
    FitSpec fit;

    int cell = -1;       ///< cell index where the model was built
    int line = 0;        ///< 1-based line in that cell
    QStringList notes;   ///< what was assumed or taken from the data, for the report

    // Filled by inferModel():
    TensorShape outputShape;   ///< of the first output
    qint64 paramsKeras = 0;    ///< Keras "Total params"
    qint64 trainableKeras = 0; ///< Keras "Trainable params"
    qint64 nonTrainableKeras = 0;
    qint64 paramsTorch = 0;    ///< PyTorch sum(p.numel() for p in model.parameters())

    /// Index of the layer whose output is the model's first output (or -1).
    int outputLayer() const { return outputs.isEmpty() ? -1 : outputs.first(); }
};

/// Shape inference and parameter counting (Keras semantics, channels-last unless a
/// layer says otherwise). Fills every layer's outputShape/params and the model totals.
/// Shapes: 'valid' out = floor((L - d(k-1) - 1)/s) + 1, 'same' out = ceil(L/s) (catalog
/// §2 "Shapes"); parameter counts: catalog §2 "Parameter counts" table (Keras and
/// PyTorch conventions; GRU reset_after both ways; BatchNormalization 4C in Keras,
/// 2C parameters + 2C buffers in PyTorch; Bidirectional twice the wrapped layer).
/// Returns false with `*error` naming the layer ("dense_1 (Dense): …") when a shape
/// is incompatible or a layer type is not supported.
bool inferModel(ModelIR &model, QString *error);

/// The layer types inferModel() and the runner support, sorted.
QStringList supportedLayerTypes();

/// Keras's automatic layer name stem: "Conv2D" -> "conv2d", "BatchNormalization" ->
/// "batch_normalization", "LSTM" -> "lstm" (keras/utils/generic_utils.py to_snake_case).
QString kerasSnakeCase(const QString &className);

} // namespace kmw
