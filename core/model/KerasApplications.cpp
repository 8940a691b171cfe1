#include "KerasApplications.h"

#include <QRegularExpression>

namespace kmw {

namespace {

/// Appends layers to a Functional ModelIR the way keras/applications code calls them.
class GraphBuilder {
public:
    explicit GraphBuilder(ModelIR *model) : m(model) {}

    int input(const TensorShape &shape)
    {
        LayerSpec l;
        l.type = QStringLiteral("InputLayer");
        l.name = QStringLiteral("input_1");
        m->inputs.append(m->layers.size());
        m->inputShapes.append(shape);
        return add(l, {});
    }
    int conv(int from, qint64 filters, qint64 kernel, qint64 stride, const QString &padding,
             const QString &activation, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("Conv2D"), name);
        l.filters = filters;
        l.kernelSize = {kernel, kernel};
        l.strides = {stride, stride};
        l.padding = padding;
        l.activation = activation;
        return add(l, {from});
    }
    int batchNorm(int from, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("BatchNormalization"), name);
        l.epsilon = 1.001e-5;
        return add(l, {from});
    }
    int activation(int from, const QString &fn, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("Activation"), name);
        l.activation = fn;
        return add(l, {from});
    }
    int pool(int from, const QString &type, qint64 size, qint64 stride, const QString &name)
    {
        LayerSpec l = named(type, name);
        l.poolSize = {size, size};
        l.strides = {stride, stride};
        return add(l, {from});
    }
    int zeroPad(int from, qint64 pad, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("ZeroPadding2D"), name);
        l.explicitPadding = {pad, pad, pad, pad};
        return add(l, {from});
    }
    /// MobileNet's pieces: a bias-free convolution, BatchNormalization(epsilon=1e-3,
    /// momentum=0.999), ReLU(6.), padding (top, bottom, left, right), a depthwise conv.
    int convNoBias(int from, qint64 filters, qint64 kernel, qint64 stride, const QString &padding, const QString &name)
    {
        const int x = conv(from, filters, kernel, stride, padding, QString(), name);
        m->layers[x].useBias = false;
        return x;
    }
    int mobileBatchNorm(int from, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("BatchNormalization"), name);
        l.epsilon = 1e-3;
        l.momentum = 0.999;
        return add(l, {from});
    }
    int relu6(int from, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("ReLU"), name);
        l.maxValue = 6.0;
        return add(l, {from});
    }
    int pad(int from, const QVector<qint64> &padding, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("ZeroPadding2D"), name);
        l.explicitPadding = padding;
        return add(l, {from});
    }
    int depthwise(int from, qint64 stride, const QString &padding, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("DepthwiseConv2D"), name);
        l.kernelSize = {3, 3};
        l.strides = {stride, stride};
        l.padding = padding;
        l.useBias = false;
        return add(l, {from});
    }
    int dense(int from, qint64 units, const QString &activation, const QString &name)
    {
        LayerSpec l = named(QStringLiteral("Dense"), name);
        l.units = units;
        l.activation = activation;
        return add(l, {from});
    }
    int simple(int from, const QString &type, const QString &name)
    {
        return add(named(type, name), {from});
    }
    int merge(const QVector<int> &from, const QString &type, const QString &name)
    {
        return add(named(type, name), from);
    }

private:
    static LayerSpec named(const QString &type, const QString &name)
    {
        LayerSpec l;
        l.type = type;
        l.name = name;
        l.explicitName = true;
        return l;
    }
    int add(LayerSpec l, const QVector<int> &from)
    {
        l.inbound = from;
        m->layers.append(l);
        return m->layers.size() - 1;
    }
    ModelIR *m;
};

void topOrPooling(GraphBuilder &g, int x, bool includeTop, const QString &pooling,
                  qint64 classes, bool vgg, ModelIR *model)
{
    if (includeTop) {
        if (vgg) {
            x = g.simple(x, QStringLiteral("Flatten"), QStringLiteral("flatten"));
            x = g.dense(x, 4096, QStringLiteral("relu"), QStringLiteral("fc1"));
            x = g.dense(x, 4096, QStringLiteral("relu"), QStringLiteral("fc2"));
        } else {
            x = g.simple(x, QStringLiteral("GlobalAveragePooling2D"), QStringLiteral("avg_pool"));
        }
        // keras_applications resnet50.py (tf.keras <= 2.2, the corpus's) names it
        // "probs"; VGG16 and later ResNets "predictions".
        x = g.dense(x, classes, QStringLiteral("softmax"), vgg ? QStringLiteral("predictions") : QStringLiteral("probs"));
    } else if (pooling == QStringLiteral("avg")) {
        x = g.simple(x, QStringLiteral("GlobalAveragePooling2D"),
                     vgg ? QStringLiteral("global_average_pooling2d") : QStringLiteral("avg_pool"));
    } else if (pooling == QStringLiteral("max")) {
        x = g.simple(x, QStringLiteral("GlobalMaxPooling2D"),
                     vgg ? QStringLiteral("global_max_pooling2d") : QStringLiteral("max_pool"));
    }
    model->outputs = {x};
}

/// keras/applications/vgg16.py and vgg19.py (Keras 2.x): five blocks of 3x3 'same'
/// convolutions (VGG16: 2, 2, 3, 3, 3; VGG19: 2, 2, 4, 4, 4) each ending in a 2x2 pool.
void buildVgg(ModelIR *model, bool vgg19, bool includeTop, const TensorShape &shape,
              const QString &pooling, qint64 classes)
{
    GraphBuilder g(model);
    int x = g.input(shape);
    const qint64 filters[] = {64, 128, 256, 512, 512};
    const int convs16[] = {2, 2, 3, 3, 3};
    const int convs19[] = {2, 2, 4, 4, 4};
    const int *convs = vgg19 ? convs19 : convs16;
    for (int b = 0; b < 5; ++b) {
        const QString block = QStringLiteral("block%1_").arg(b + 1);
        for (int c = 0; c < convs[b]; ++c)
            x = g.conv(x, filters[b], 3, 1, QStringLiteral("same"), QStringLiteral("relu"),
                       block + QStringLiteral("conv%1").arg(c + 1));
        x = g.pool(x, QStringLiteral("MaxPooling2D"), 2, 2, block + QStringLiteral("pool"));
    }
    topOrPooling(g, x, includeTop, pooling, classes, true, model);
}

/// block1 of keras/applications/resnet.py: shortcut (conv + BN when conv_shortcut),
/// then 1x1, kxk 'same', 1x1 convolutions with BN, Add, relu.
int resnetBlock(GraphBuilder &g, int x, qint64 filters, qint64 stride, bool convShortcut,
                const QString &name)
{
    int shortcut = x;
    if (convShortcut) {
        shortcut = g.conv(x, 4 * filters, 1, stride, QStringLiteral("valid"), QString(),
                          name + QStringLiteral("_0_conv"));
        shortcut = g.batchNorm(shortcut, name + QStringLiteral("_0_bn"));
    }
    x = g.conv(x, filters, 1, stride, QStringLiteral("valid"), QString(),
               name + QStringLiteral("_1_conv"));
    x = g.batchNorm(x, name + QStringLiteral("_1_bn"));
    x = g.activation(x, QStringLiteral("relu"), name + QStringLiteral("_1_relu"));
    x = g.conv(x, filters, 3, 1, QStringLiteral("same"), QString(), name + QStringLiteral("_2_conv"));
    x = g.batchNorm(x, name + QStringLiteral("_2_bn"));
    x = g.activation(x, QStringLiteral("relu"), name + QStringLiteral("_2_relu"));
    x = g.conv(x, 4 * filters, 1, 1, QStringLiteral("valid"), QString(),
               name + QStringLiteral("_3_conv"));
    x = g.batchNorm(x, name + QStringLiteral("_3_bn"));
    x = g.merge({shortcut, x}, QStringLiteral("Add"), name + QStringLiteral("_add"));
    return g.activation(x, QStringLiteral("relu"), name + QStringLiteral("_out"));
}

/// ResNet50 of keras/applications/resnet.py (stack1 x 4: 3, 4, 6, 3 blocks).
void buildResNet50(ModelIR *model, bool includeTop, const TensorShape &shape,
                   const QString &pooling, qint64 classes)
{
    GraphBuilder g(model);
    int x = g.input(shape);
    x = g.zeroPad(x, 3, QStringLiteral("conv1_pad"));
    x = g.conv(x, 64, 7, 2, QStringLiteral("valid"), QString(), QStringLiteral("conv1_conv"));
    x = g.batchNorm(x, QStringLiteral("conv1_bn"));
    x = g.activation(x, QStringLiteral("relu"), QStringLiteral("conv1_relu"));
    x = g.zeroPad(x, 1, QStringLiteral("pool1_pad"));
    x = g.pool(x, QStringLiteral("MaxPooling2D"), 3, 2, QStringLiteral("pool1_pool"));
    const qint64 filters[] = {64, 128, 256, 512};
    const int blocks[] = {3, 4, 6, 3};
    for (int s = 0; s < 4; ++s) {
        const QString stack = QStringLiteral("conv%1").arg(s + 2);
        for (int b = 1; b <= blocks[s]; ++b)
            x = resnetBlock(g, x, filters[s], b == 1 && s > 0 ? 2 : 1, b == 1,
                            stack + QStringLiteral("_block%1").arg(b));
    }
    topOrPooling(g, x, includeTop, pooling, classes, false, model);
}

/// keras/applications/mobilenet_v2.py (Keras 2.x, alpha 1.0): _inverted_res_block.
/// `inChannels` is the block input's channel count (the builder tracks it).
int invertedResBlock(GraphBuilder &g, int x, qint64 inChannels, qint64 expansion, qint64 stride, qint64 filters,
                     int blockId)
{
    const int inputs = x;
    QString prefix = QStringLiteral("block_%1_").arg(blockId);
    if (blockId) {
        x = g.convNoBias(x, expansion * inChannels, 1, 1, QStringLiteral("same"), prefix + QStringLiteral("expand"));
        x = g.mobileBatchNorm(x, prefix + QStringLiteral("expand_BN"));
        x = g.relu6(x, prefix + QStringLiteral("expand_relu"));
    } else {
        prefix = QStringLiteral("expanded_conv_");
    }
    if (stride == 2) // imagenet_utils.correct_pad for even sizes: ((0, 1), (0, 1))
        x = g.pad(x, {0, 1, 0, 1}, prefix + QStringLiteral("pad"));
    x = g.depthwise(x, stride, stride == 1 ? QStringLiteral("same") : QStringLiteral("valid"),
                    prefix + QStringLiteral("depthwise"));
    x = g.mobileBatchNorm(x, prefix + QStringLiteral("depthwise_BN"));
    x = g.relu6(x, prefix + QStringLiteral("depthwise_relu"));
    x = g.convNoBias(x, filters, 1, 1, QStringLiteral("same"), prefix + QStringLiteral("project"));
    x = g.mobileBatchNorm(x, prefix + QStringLiteral("project_BN"));
    if (inChannels == filters && stride == 1)
        return g.merge({inputs, x}, QStringLiteral("Add"), prefix + QStringLiteral("add"));
    return x;
}

/// MobileNetV2 of keras/applications/mobilenet_v2.py (alpha 1.0; the Keras >= 2.4 form,
/// whose first convolution pads 'same' itself).
void buildMobileNetV2(ModelIR *model, bool includeTop, const TensorShape &shape, const QString &pooling,
                      qint64 classes)
{
    GraphBuilder g(model);
    int x = g.input(shape);
    x = g.convNoBias(x, 32, 3, 2, QStringLiteral("same"), QStringLiteral("Conv1"));
    x = g.mobileBatchNorm(x, QStringLiteral("bn_Conv1"));
    x = g.relu6(x, QStringLiteral("Conv1_relu"));
    struct Block { qint64 filters, stride, expansion; };
    const Block blocks[] = {{16, 1, 1}, {24, 2, 6}, {24, 1, 6}, {32, 2, 6}, {32, 1, 6}, {32, 1, 6},
                            {64, 2, 6}, {64, 1, 6}, {64, 1, 6}, {64, 1, 6}, {96, 1, 6}, {96, 1, 6},
                            {96, 1, 6}, {160, 2, 6}, {160, 1, 6}, {160, 1, 6}, {320, 1, 6}};
    qint64 channels = 32;
    for (int b = 0; b < 17; ++b) {
        x = invertedResBlock(g, x, channels, blocks[b].expansion, blocks[b].stride, blocks[b].filters, b);
        channels = blocks[b].filters;
    }
    x = g.convNoBias(x, 1280, 1, 1, QStringLiteral("valid"), QStringLiteral("Conv_1"));
    x = g.mobileBatchNorm(x, QStringLiteral("Conv_1_bn"));
    x = g.relu6(x, QStringLiteral("out_relu"));
    if (includeTop) {
        x = g.simple(x, QStringLiteral("GlobalAveragePooling2D"), QStringLiteral("global_average_pooling2d"));
        x = g.dense(x, classes, QStringLiteral("softmax"), QStringLiteral("predictions"));
    } else if (pooling == QStringLiteral("avg")) {
        x = g.simple(x, QStringLiteral("GlobalAveragePooling2D"), QStringLiteral("global_average_pooling2d"));
    } else if (pooling == QStringLiteral("max")) {
        x = g.simple(x, QStringLiteral("GlobalMaxPooling2D"), QStringLiteral("global_max_pooling2d"));
    }
    model->outputs = {x};
}

} // namespace

QStringList kerasApplications()
{
    return {QStringLiteral("MobileNetV2"), QStringLiteral("ResNet50"), QStringLiteral("VGG16"), QStringLiteral("VGG19")};
}

bool buildKerasApplication(const QString &name, bool includeTop, const TensorShape &inputShape,
                           const QString &pooling, qint64 classes, ModelIR *model,
                           QString *error)
{
    ModelIR m;
    m.kind = QStringLiteral("Functional");
    m.name = name.toLower();
    const TensorShape shape = inputShape.isEmpty() ? TensorShape{224, 224, 3} : inputShape;
    if (name == QStringLiteral("VGG16") || name == QStringLiteral("VGG19"))
        buildVgg(&m, name == QStringLiteral("VGG19"), includeTop, shape, pooling, classes);
    else if (name == QStringLiteral("ResNet50"))
        buildResNet50(&m, includeTop, shape, pooling, classes);
    else if (name == QStringLiteral("MobileNetV2")) {
        buildMobileNetV2(&m, includeTop, shape, pooling, classes);
        // Keras names it mobilenetv2_<alpha>_<rows>
        m.name = QStringLiteral("mobilenetv2_1.00_%1").arg(shape.value(0, 224) > 0 ? shape.value(0, 224) : 224);
    }
    else {
        *error = QStringLiteral("keras.applications.%1 is not supported (supported: %2)")
                     .arg(name, kerasApplications().join(QStringLiteral(", ")));
        return false;
    }
    *model = m;
    return true;
}

bool applicationPreprocessing(const QString &functionPath, LayerSpec *function)
{
    static const QRegularExpression path(QStringLiteral("(?:^|\\.)applications\\.(\\w+)\\.preprocess_input$"));
    const QRegularExpressionMatch m = path.match(functionPath);
    if (!m.hasMatch())
        return false;
    const QString module = m.captured(1);
    static const QStringList caffe{QStringLiteral("vgg16"), QStringLiteral("vgg19"), QStringLiteral("resnet50"),
                                   QStringLiteral("resnet"), QStringLiteral("imagenet_utils")};
    static const QStringList tf{QStringLiteral("mobilenet"), QStringLiteral("mobilenet_v2"), QStringLiteral("inception_v3"),
                                QStringLiteral("inception_resnet_v2"), QStringLiteral("xception"),
                                QStringLiteral("resnet_v2"), QStringLiteral("nasnet")};
    static const QStringList unchanged{QStringLiteral("efficientnet"), QStringLiteral("efficientnet_v2"),
                                       QStringLiteral("convnext"), QStringLiteral("mobilenet_v3"), QStringLiteral("regnet")};
    if (caffe.contains(module)) {
        function->function = QStringLiteral("channels");
        function->flipChannels = true;
        function->rescale = 1.0;
        function->channelMean = {103.939, 116.779, 123.68};
        function->channelStd = {1.0, 1.0, 1.0};
    } else if (module == QLatin1String("densenet")) {
        function->function = QStringLiteral("channels");
        function->flipChannels = false;
        function->rescale = 1.0 / 255.0;
        function->channelMean = {0.485, 0.456, 0.406};
        function->channelStd = {0.229, 0.224, 0.225};
    } else if (tf.contains(module) || unchanged.contains(module)) {
        function->function = QStringLiteral("affine");
        function->rescale = tf.contains(module) ? 1.0 / 127.5 : 1.0;
        function->offset = tf.contains(module) ? -1.0 : 0.0;
    } else {
        return false;
    }
    function->code = functionPath;
    return true;
}

} // namespace kmw
