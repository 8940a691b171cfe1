#include <torch/torch.h>

#include "TorchHelpers.h"
#include "TorchTrainer.h"

#include <QDateTime>


#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace kmw::torchsmoke {

namespace {

using Clock = std::chrono::steady_clock;

QString num(double v, int precision = 3)
{
    return QString::number(v, 'g', precision);
}


/// The loss of a batch as `plan` says; `out` is batch-first, `y` as targetTensor() made it.
at::Tensor lossOf(const LossPlan &plan, const at::Tensor &out, const at::Tensor &y)
{
    const at::Tensor o = out.dim() == 2 ? out : out.reshape({out.size(0), -1});
    using K = LossPlan::Kind;
    switch (plan.kind) {
    case K::CrossEntropyLogits:
        return torch::nn::functional::cross_entropy(o, y);
    case K::SoftCrossEntropyLogits:
        return -(y * torch::log_softmax(o, 1)).sum(1).mean();
    case K::NllOfProbs:
        return torch::nll_loss(torch::log(o.clamp(1e-7, 1.0)), y);
    case K::SoftNllOfProbs:
        return -(y * torch::log(o.clamp(1e-7, 1.0))).sum(1).mean();
    case K::BceLogits:
        return torch::binary_cross_entropy_with_logits(o, y);
    case K::BceProbs:
        return torch::binary_cross_entropy(o.clamp(1e-7, 1.0 - 1e-7), y);
    case K::Mse:
        return torch::mse_loss(o, y);
    case K::Mae:
        return torch::l1_loss(o, y);
    case K::Huber:
        return torch::huber_loss(o, y, at::Reduction::Mean, 1.0);
    }
    return torch::mse_loss(o, y);
}

/// Number of correct predictions in the batch, counted on the raw values (a handful of
/// tiny LibTorch ops per step would cost more than the rest of a small model's step);
/// -1 when accuracy does not apply. Argmax ties go to the first index, as torch.argmax.
int64_t correctOf(const LossPlan &plan, const at::Tensor &out, const at::Tensor &y)
{
    using A = LossPlan::Accuracy;
    if (plan.accuracy == A::None)
        return -1;
    const int64_t n = out.size(0);
    const at::Tensor o = out.detach().reshape({n, -1}).to(torch::kFloat).contiguous();
    const int64_t w = o.size(1);
    const float *po = o.data_ptr<float>();
    const at::Tensor yc = y.contiguous();
    int64_t correct = 0;
    if (plan.accuracy == A::Argmax) {
        const bool ids = yc.dim() == 1;
        const at::Tensor yf = ids ? yc.to(torch::kLong) : yc.to(torch::kFloat);
        const int64_t yw = ids ? 1 : yf.size(1);
        for (int64_t i = 0; i < n; ++i) {
            const float *row = po + i * w;
            const int64_t pred = std::max_element(row, row + w) - row;
            int64_t truth;
            if (ids) {
                truth = yf.data_ptr<int64_t>()[i];
            } else {
                const float *t = yf.data_ptr<float>() + i * yw;
                truth = std::max_element(t, t + yw) - t;
            }
            correct += pred == truth;
        }
        return correct;
    }
    const float threshold = plan.accuracy == A::BinaryLogit ? 0.0f : 0.5f;
    const at::Tensor yf = yc.to(torch::kFloat);
    const float *py = yf.data_ptr<float>();
    const int64_t count = std::min<int64_t>(o.numel(), yf.numel());
    for (int64_t i = 0; i < count; ++i)
        correct += (po[i] > threshold) == (py[i] > 0.5f);
    return correct;
}

/// Predictions judged per row (1 for argmax, the output width for binary).
int64_t judgedPerRow(const LossPlan &plan, const at::Tensor &y)
{
    if (plan.accuracy == LossPlan::Accuracy::Argmax || y.dim() == 1)
        return 1;
    return y.size(1);
}

/// The targets of all rows as one tensor in the form `plan` needs.
at::Tensor targetTensor(const Dataset &data, const LossPlan &plan)
{
    const int64_t rows = data.rows;
    const int64_t width = std::max(1, data.targetWidth);
    if (data.targets.size() != rows * width)
        throw fail(QStringLiteral("the data has %1 target values for %2 rows of width %3")
                       .arg(data.targets.size()).arg(rows).arg(width));
    at::Tensor t = torch::from_blob(const_cast<float *>(data.targets.constData()),
                                    {rows, width}, torch::kFloat).clone();
    switch (plan.targets) {
    case LossPlan::Targets::ClassIds:
        return t.select(1, 0).round().to(torch::kLong);
    case LossPlan::Targets::OneHot:
        return torch::one_hot(t.select(1, 0).round().to(torch::kLong), plan.classes)
            .to(torch::kFloat);
    case LossPlan::Targets::Floats:
        return t;
    }
    return t;
}

struct EvalResult {
    double loss = 0;
    double accuracy = std::numeric_limits<double>::quiet_NaN();
};

/// Loss and accuracy of rows [start, start + count) in eval mode without gradients.
EvalResult evaluate(SmokeNet &net, const LossPlan &plan, const at::Tensor &x,
                    const at::Tensor &y, int64_t start, int64_t count)
{
    torch::NoGradGuard noGrad;
    net.setTraining(false);
    EvalResult r;
    double lossSum = 0;
    int64_t correct = 0, judged = 0;
    const int64_t chunk = 512;
    for (int64_t s = start; s < start + count; s += chunk) {
        const int64_t n = std::min(chunk, start + count - s);
        const at::Tensor xb = x.narrow(0, s, n), yb = y.narrow(0, s, n);
        const at::Tensor out = net.forward(xb);
        lossSum += lossOf(plan, out, yb).item<double>() * double(n);
        const int64_t c = correctOf(plan, out, yb);
        if (c >= 0) {
            correct += c;
            judged += n * judgedPerRow(plan, yb);
        }
    }
    net.setTraining(true);
    r.loss = count > 0 ? lossSum / double(count) : std::numeric_limits<double>::quiet_NaN();
    if (judged > 0)
        r.accuracy = double(correct) / double(judged);
    return r;
}

/// Drops the gradients (PyTorch's zero_grad(set_to_none=True)): backward then writes
/// fresh ones instead of zeroing and accumulating.
void clearGradients(std::vector<at::Tensor> &params)
{
    for (at::Tensor &p : params)
        p.mutable_grad().reset();
}

std::vector<at::Tensor> trainableParameters(SmokeNet &net)
{
    std::vector<at::Tensor> params;
    for (auto &p : net.namedParameters())
        if (p.second.requires_grad())
            params.push_back(p.second);
    return params;
}

struct OverfitOutcome {
    bool passed = false;
    bool cancelled = false;
    QString detail;
};

/// The wall-clock budget of a run (SmokeOptions::budgetSeconds; 0 = none).
struct Budget {
    Clock::time_point start = Clock::now();
    double seconds = 0;
    double asked = 0; ///< the budget as the user gave it, for messages (seconds keeps a reserve)
    double elapsed() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
    double left() const { return seconds > 0 ? seconds - elapsed() : std::numeric_limits<double>::infinity(); }
    /// More than `fraction` of the budget is spent.
    bool over(double fraction) const { return seconds > 0 && elapsed() > fraction * seconds; }
};

/// Reports a check's step to the progress callback (the last training step repeated).
using CheckStepFn = std::function<void(int step, int steps)>;

/// Trains a fresh copy on one batch until 100 % accuracy or loss < 10 % of its start, for
/// at most `budget` steps and until `clock` runs out (then it passes when the loss fell).
OverfitOutcome overfitOnce(const NetFactory &fresh, const OptimizerSpec &spec,
                           const LossPlan &plan, const at::Tensor &xb, const at::Tensor &yb,
                           int budget, const Budget &clock, const std::atomic_bool *cancel,
                           const CheckStepFn &onStep)
{
    OverfitOutcome r;
    std::unique_ptr<SmokeNet> net = fresh();
    std::vector<at::Tensor> params = trainableParameters(*net);
    auto opt = makeOptimizer(spec, params);
    const int64_t judged = xb.size(0) * judgedPerRow(plan, yb);
    const QString rows = QStringLiteral("one batch of %1 rows").arg(xb.size(0));
    const EvalResult start = evaluate(*net, plan, xb, yb, 0, xb.size(0));
    net->setTraining(true);
    double first = std::numeric_limits<double>::quiet_NaN(), last = first, lastAcc = first;
    double stepSeconds = 0; // the last step's duration: a step that would end past the clock is not started
    for (int s = 1; s <= budget; ++s) {
        if (cancel && cancel->load()) {
            r.cancelled = true;
            r.detail = QStringLiteral("stopped at step %1").arg(s - 1);
            return r;
        }
        if (s > 1 && clock.left() <= stepSeconds) {
            r.passed = last < first;
            r.detail = QStringLiteral("stopped by the %1 s budget after %2 steps (%3) on %4: loss %5 -> %6")
                           .arg(clock.asked).arg(s - 1).arg(spec.type, rows, num(first), num(last));
            return r;
        }
        if (onStep)
            onStep(s, budget);
        const auto t0 = Clock::now();
        const at::Tensor out = net->forward(xb);
        const at::Tensor loss = lossOf(plan, out, yb);
        clearGradients(params);
        loss.backward();
        opt->step();
        last = loss.item<double>();
        stepSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (s == 1)
            first = last;
        if (!std::isfinite(last)) {
            r.detail = QStringLiteral("loss became %1 at step %2").arg(last).arg(s);
            return r;
        }
        const int64_t c = correctOf(plan, out, yb);
        lastAcc = c >= 0 ? double(c) / double(judged) : lastAcc;
        bool done = (c >= 0 && lastAcc >= 1.0) || last < 0.1 * first;
        EvalResult ev;
        if (!done && (s % 10 == 0 || s == budget)) {
            ev = evaluate(*net, plan, xb, yb, 0, xb.size(0));
            done = (ev.accuracy >= 1.0) || ev.loss < 0.1 * start.loss;
        }
        if (done) {
            r.passed = true;
            r.detail = (c >= 0 && (lastAcc >= 1.0 || ev.accuracy >= 1.0))
                           ? QStringLiteral("100% accuracy on %1 after %2 steps (%3)")
                                 .arg(rows).arg(s).arg(spec.type)
                           : QStringLiteral("loss %1 -> %2 on %3 after %4 steps (%5)")
                                 .arg(num(first), num(std::min(last, ev.loss > 0 ? ev.loss : last)),
                                      rows).arg(s).arg(spec.type);
            return r;
        }
    }
    r.detail = QStringLiteral("after %1 steps (%2) on %3: loss %4 (start %5)")
                   .arg(budget).arg(spec.type, rows, num(last), num(first));
    if (std::isfinite(lastAcc))
        r.detail += QStringLiteral(", accuracy %1%").arg(num(lastAcc * 100, 3));
    return r;
}

/// The run's wall-clock budget: SmokeOptions::budgetSeconds less a reserve for what
/// follows the checks, its start moved back by the setup's time (reading, migrating, data,
/// model) when that took a second or more, with a note in `notes` (SmokeResult::scaled).
Budget runBudget(const RunSettings &settings, QStringList &notes)
{
    Budget budget;
    // what follows the checks (the report, freeing the model and the module) runs after
    // the clock: a reserve of 5 % (at least 1 s, at most a tenth) keeps the whole run
    // within the budget (measured: 0.6-1.8 s past 60 s without it, on 2 busy cores)
    budget.seconds = settings.budgetSeconds > 0
                         ? settings.budgetSeconds - std::min(0.1 * settings.budgetSeconds,
                                                             std::max(1.0, 0.05 * settings.budgetSeconds))
                         : 0.0;
    budget.asked = settings.budgetSeconds;
    const double setupSeconds = settings.startedAtMs > 0
                                    ? std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - settings.startedAtMs) / 1000.0
                                    : 0.0;
    if (budget.seconds > 0 && setupSeconds >= 1.0) {
        // what the setup took (reading, migrating, data, model) is part of the run's budget
        const double spent = std::min(setupSeconds, 0.9 * budget.seconds);
        budget.start -= std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(spent));
        notes << QStringLiteral("%1 s of the %2 s budget went to reading and migrating the code, making the "
                                "data and building the model").arg(num(setupSeconds, 3)).arg(budget.asked);
    }
    return budget;
}

/// The batch size `bs`, cut so that a training step takes at most a twelfth of the budget
/// (a row's cost measured by forward and backward passes on 2 rows of x/y), to 2 rows at
/// least (8 with batch statistics); a note in `notes` (SmokeResult::scaled) when cut.
int64_t affordableBatchSize(SmokeNet &net, const LossPlan &plan, const at::Tensor &x, const at::Tensor &y,
                            std::vector<at::Tensor> &params, const Budget &budget, int64_t bs, QStringList &notes)
{
    // A large model (an application base at 224x224: a second or more a row) could
    // spend the budget on its first batch: one forward and backward pass on 2 rows
    // measures a row's cost, and batches shrink so that a step takes at most a
    // twelfth of the budget (the training half then fits at least 6 steps).
    net.setTraining(true);
    const auto probe = [&] {
        const auto t0 = Clock::now();
        const at::Tensor loss = lossOf(plan, net.forward(x.narrow(0, 0, 2)), y.narrow(0, 0, 2));
        clearGradients(params);
        loss.backward();
        clearGradients(params);
        return std::chrono::duration<double>(Clock::now() - t0).count() / 2.0;
    };
    const auto affordableFor = [&](double perRow) {
        return int64_t(std::floor(budget.seconds / 12.0 / std::max(perRow, 1e-9)));
    };
    double perRow = probe();
    if (affordableFor(perRow) < bs) // the first pass also warms up (allocations, kernels): measured again
        perRow = probe();
    const int64_t affordable = affordableFor(perRow);
    // at least 2 rows (batch normalisation needs two values per channel in training);
    // 8 with batch statistics (BatchNormalization): on 2 rows every normalised value is
    // ±1 and the layers before get no gradient
    const int64_t floorRows = net.buffers().empty() ? 2 : 8;
    const int64_t scaled = std::min(bs, std::max(floorRows, affordable));
    if (scaled < bs) {
        notes << QStringLiteral("batches of %1 rows (not %2): a training step takes about %3 ms a row and the %4 s "
                                "budget allows a twelfth of it for one step")
                     .arg(scaled).arg(bs).arg(num(perRow * 1000, 3)).arg(budget.asked);
        bs = scaled;
    }
    return bs;
}

/// One training step on the batch (xb, yb), as PyTorch's zero_grad/backward/step: the
/// batch's loss, with `*correct` set to correctOf()'s count (-1: no accuracy). The first
/// one (`gradientsChecked` false) lists in `noGradient` the trainable parameters that got
/// a zero or no gradient.
double trainStep(SmokeNet &net, torch::optim::Optimizer &opt, std::vector<at::Tensor> &params,
                 const LossPlan &plan, const at::Tensor &xb, const at::Tensor &yb, bool &gradientsChecked,
                 QStringList &noGradient, int64_t *correct)
{
    const at::Tensor out = net.forward(xb);
    const at::Tensor loss = lossOf(plan, out, yb);
    clearGradients(params);
    loss.backward();
    if (!gradientsChecked) {
        gradientsChecked = true;
        for (auto &np : net.namedParameters()) {
            if (!np.second.requires_grad())
                continue;
            const at::Tensor g = np.second.grad();
            if (!g.defined() || !g.ne(0).any().item<bool>())
                noGradient << QString::fromStdString(np.first);
        }
    }
    opt.step();
    const double l = loss.item<double>();
    *correct = correctOf(plan, out, yb);
    return l;
}

/// Validation loss and accuracy at an epoch's end (evaluate()) on the `valRows` rows from
/// `trainRows` on, or on fewer when a forward pass over them (a third of a training step:
/// `trainSeconds` over `step` steps of `bs` rows) would take over a tenth of the budget;
/// a note in `notes` (SmokeResult::scaled) then on the `firstEpoch`.
EvalResult validateEpoch(SmokeNet &net, const LossPlan &plan, const at::Tensor &x, const at::Tensor &y,
                         int64_t trainRows, int64_t valRows, int64_t bs, qint64 step, double trainSeconds,
                         const Budget &budget, bool firstEpoch, QStringList &notes)
{
    // A forward pass costs about a third of a training step; validation may take
    // a tenth of the budget.
    int64_t evalRows = valRows;
    if (budget.seconds > 0 && step > 0 && trainSeconds > 0) {
        const double perRow = trainSeconds / double(step) / double(bs) / 3.0;
        const auto affordable = int64_t(std::max(1.0, std::floor(0.1 * budget.seconds / perRow)));
        if (affordable < valRows) {
            evalRows = affordable;
            if (firstEpoch)
                notes << QStringLiteral("validation on the first %1 of %2 rows: a forward pass takes "
                                        "about %3 ms a row and the %4 s budget allows a tenth for it")
                             .arg(evalRows).arg(valRows).arg(num(perRow * 1000, 3)).arg(budget.asked);
        }
    }
    return evaluate(net, plan, x, y, trainRows, evalRows);
}

/// What the training loop leaves for the checks.
struct TrainingState {
    QStringList noGradient;        ///< parameters the first backward pass gave a zero or no gradient
    bool gradientsChecked = false; ///< a backward pass ran and its gradients were checked
    double initialLoss = std::numeric_limits<double>::quiet_NaN(); ///< the first step's loss
    double trainSeconds = 0;       ///< time spent in training steps, s
    qint64 step = 0;               ///< training steps run
};

/// Keras fit(shuffle=True) on rows [0, trainRows) of x/y in batches of `bs` (a new seeded
/// order every epoch), validated each epoch on the rows after, for `totalSteps` steps or
/// until cancelled (r.cancelled) or half the budget is spent. Each step goes to r.steps,
/// each epoch to r.history, both to `progress`; sets r.seconds, r.stepsPerSecond, r.ran.
TrainingState trainEpochs(SmokeNet &net, std::vector<at::Tensor> &params, const at::Tensor &x, const at::Tensor &y,
                          const LossPlan &plan, const RunSettings &settings, const Budget &budget, int64_t trainRows,
                          int64_t valRows, int64_t bs, int64_t stepsPerEpoch, int64_t totalSteps,
                          const SmokeProgressFn &progress, const std::atomic_bool *cancel, SmokeResult &r)
{
    auto opt = makeOptimizer(settings.optimizer, params);

    std::mt19937_64 rng(settings.seed); // Keras fit(shuffle=True): a new order every epoch
    std::vector<int64_t> order(static_cast<size_t>(trainRows));
    std::iota(order.begin(), order.end(), int64_t(0));
    // Batch buffers filled by index_select_out: one pair for full batches, one for the
    // shorter last batch, so nothing is reallocated step to step.
    at::Tensor xFull = torch::empty({0}, x.options()), yFull = torch::empty({0}, y.options());
    at::Tensor xTail = torch::empty({0}, x.options()), yTail = torch::empty({0}, y.options());

    QStringList noGradient;
    bool gradientsChecked = false;
    double initialLoss = std::numeric_limits<double>::quiet_NaN();
    double trainSeconds = 0;
    qint64 step = 0;
    const auto loopStart = Clock::now();
    bool budgetStop = false;
    net.setTraining(true);

    for (int epoch = 1; step < totalSteps; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        const at::Tensor perm = torch::from_blob(order.data(), {trainRows}, torch::kLong);
        double lossSum = 0;
        int64_t seen = 0, judged = 0, correct = 0;
        for (int64_t b = 0; b < stepsPerEpoch && step < totalSteps; ++b) {
            if (cancel && cancel->load()) {
                r.cancelled = true;
                break;
            }
            const auto t0 = Clock::now();
            const int64_t n = std::min(bs, trainRows - b * bs);
            const at::Tensor idx = perm.narrow(0, b * bs, n);
            at::Tensor &xb = n == bs ? xFull : xTail;
            at::Tensor &yb = n == bs ? yFull : yTail;
            torch::index_select_out(xb, x, 0, idx);
            torch::index_select_out(yb, y, 0, idx);
            int64_t c = -1;
            const double l = trainStep(net, *opt, params, plan, xb, yb, gradientsChecked, noGradient, &c);
            if (c >= 0) {
                correct += c;
                judged += n * judgedPerRow(plan, yb);
            }
            trainSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
            ++step;
            if (step == 1)
                initialLoss = l;
            lossSum += l * double(n);
            seen += n;
            StepRecord rec;
            rec.step = step;
            rec.epoch = epoch;
            rec.loss = l;
            r.steps.push_back(rec);
            if (progress) {
                SmokeEvent ev;
                ev.step = rec;
                ev.totalSteps = totalSteps;
                ev.stepsPerSecond = trainSeconds > 0 ? double(step) / trainSeconds : 0;
                progress(ev);
            }
            if (cancel && cancel->load()) {
                r.cancelled = true;
                break;
            }
            // stopped when half the budget is spent, or would be by the next step
            const double lastStep = std::chrono::duration<double>(Clock::now() - t0).count();
            if (step < totalSteps && budget.seconds > 0 && budget.elapsed() + lastStep > 0.5 * budget.seconds) {
                budgetStop = true;
                r.scaled << QStringLiteral("training stopped after %1 of %2 steps: half of the %3 s budget was spent "
                                           "(%4 steps/s)")
                                .arg(step).arg(totalSteps).arg(budget.asked)
                                .arg(num(trainSeconds > 0 ? double(step) / trainSeconds : 0, 3));
                break;
            }
        }
        if (r.cancelled)
            break;
        EpochRecord er;
        er.epoch = epoch;
        er.loss = seen > 0 ? lossSum / double(seen) : er.loss;
        if (judged > 0)
            er.accuracy = double(correct) / double(judged);
        if (valRows > 0) {
            const EvalResult v = validateEpoch(net, plan, x, y, trainRows, valRows, bs, step, trainSeconds, budget,
                                               r.history.isEmpty(), r.scaled);
            er.valLoss = v.loss;
            er.valAccuracy = v.accuracy;
        }
        r.history.push_back(er);
        if (progress) {
            SmokeEvent ev;
            ev.step = r.steps.isEmpty() ? StepRecord() : r.steps.last();
            ev.epoch = er;
            ev.totalSteps = totalSteps;
            ev.stepsPerSecond = trainSeconds > 0 ? double(step) / trainSeconds : 0;
            progress(ev);
        }
        if (budgetStop)
            break;
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - loopStart).count();
    r.stepsPerSecond = trainSeconds > 0 ? double(step) / trainSeconds : 0;
    r.ran = true;
    return {std::move(noGradient), gradientsChecked, initialLoss, trainSeconds, step};
}

/// The initial_loss check: the first step's loss is finite and, for a cross-entropy over
/// `plan.classes` > 1 classes, within max(1, ln(C) / 2) nats of ln(C) (a uniform guess).
SmokeCheck initialLossCheck(const LossPlan &plan, double initialLoss, qint64 step)
{
    SmokeCheck initial{QStringLiteral("initial_loss"), false, QString()};
    const bool crossEntropy = plan.kind == LossPlan::Kind::CrossEntropyLogits
                              || plan.kind == LossPlan::Kind::NllOfProbs
                              || plan.kind == LossPlan::Kind::SoftCrossEntropyLogits
                              || plan.kind == LossPlan::Kind::SoftNllOfProbs;
    if (!std::isfinite(initialLoss)) {
        initial.detail = step == 0 ? QStringLiteral("no step was run")
                                   : QStringLiteral("initial loss is %1").arg(initialLoss);
    } else if (crossEntropy && plan.classes > 1) {
        const double lnC = std::log(double(plan.classes));
        // Glorot-initialised logits have a variance near 1 (more after ReLU and
        // BatchNormalization stacks), which adds up to about one nat to ln(C); a softmax
        // applied twice or logits fed as probabilities land far outside this band.
        const double tol = std::max(1.0, 0.5 * lnC);
        initial.passed = std::abs(initialLoss - lnC) <= tol;
        initial.detail = QStringLiteral("%1 vs ln(%2) = %3 (tolerance %4)")
                             .arg(initialLoss, 0, 'f', 2).arg(plan.classes)
                             .arg(lnC, 0, 'f', 2).arg(tol, 0, 'f', 2);
    } else {
        initial.passed = true;
        initial.detail = QStringLiteral("%1 (%2)").arg(num(initialLoss, 4), plan.describe);
    }
    return initial;
}

/// The loss_decreases check: the last epoch's mean loss below the first's, or with one
/// epoch the mean of the last tenth of the `step` steps below `initialLoss`.
SmokeCheck lossDecreasesCheck(const SmokeResult &r, double initialLoss, qint64 step)
{
    SmokeCheck decreases{QStringLiteral("loss_decreases"), false, QString()};
    if (r.history.size() >= 2) {
        const double a = r.history.first().loss, b = r.history.last().loss;
        decreases.passed = b < a;
        decreases.detail = QStringLiteral("epoch 1 mean %1 -> epoch %2 mean %3")
                               .arg(num(a, 4)).arg(r.history.last().epoch).arg(num(b, 4));
    } else if (step >= 2) {
        const int k = std::max(1, int(step / 10));
        double s = 0;
        for (int i = int(step) - k; i < int(step); ++i)
            s += r.steps[i].loss;
        const double tail = s / k;
        decreases.passed = tail < initialLoss;
        decreases.detail = QStringLiteral("initial %1 -> mean of the last %2 steps %3")
                               .arg(num(initialLoss, 4)).arg(k).arg(num(tail, 4));
    } else {
        decreases.detail = QStringLiteral("only %1 step(s) run").arg(step);
    }
    return decreases;
}

/// The finite check: every step's loss, and with validation rows every epoch's val_loss,
/// is finite, and a step was run.
SmokeCheck finiteCheck(const SmokeResult &r, int64_t valRows, qint64 step)
{
    SmokeCheck finite{QStringLiteral("finite"), true, QString()};
    for (const StepRecord &s : r.steps) {
        if (!std::isfinite(s.loss)) {
            finite.passed = false;
            finite.detail = QStringLiteral("loss %1 at step %2").arg(s.loss).arg(s.step);
            break;
        }
    }
    for (const EpochRecord &e : r.history) {
        if (finite.passed && valRows > 0 && !std::isfinite(e.valLoss)) {
            finite.passed = false;
            finite.detail = QStringLiteral("val_loss %1 after epoch %2").arg(e.valLoss).arg(e.epoch);
        }
    }
    if (finite.passed)
        finite.detail = step > 0 ? QStringLiteral("all %1 losses finite").arg(step)
                                 : QStringLiteral("no step was run");
    finite.passed = finite.passed && step > 0;
    return finite;
}

/// The overfit_batch check: a fresh copy (same initial weights) overfits the first
/// training rows (overfitOnce()) with the model's optimizer, else with Adam 1e-2; rows and
/// steps cut to what is left of the budget (a note in r.scaled), and r.cancelled set when
/// cancelled. The progress events repeat the last training step (`totalSteps`, speed from
/// `step` steps in `trainSeconds`).
SmokeCheck overfitCheck(const NetFactory &fresh, const at::Tensor &x, const at::Tensor &y, const LossPlan &plan,
                        const RunSettings &settings, const Budget &budget, int64_t bs, int64_t totalSteps, qint64 step,
                        double trainSeconds, const SmokeProgressFn &progress, const std::atomic_bool *cancel,
                        SmokeResult &r)
{
    SmokeCheck overfit{QStringLiteral("overfit_batch"), false, QString()};
    if (r.cancelled) {
        overfit.detail = QStringLiteral("not run: cancelled");
    } else if (settings.overfitSteps <= 0) {
        overfit.passed = true;
        overfit.detail = QStringLiteral("skipped (no step budget)");
    } else {
        // Two attempts (the model's optimizer, then Adam) of overfitSteps steps each must
        // fit in what is left of the budget: fewer rows, then fewer steps.
        int64_t overfitRows = bs;
        int overfitSteps = settings.overfitSteps;
        const double left = budget.left();
        if (budget.seconds > 0 && step > 0 && trainSeconds > 0) {
            const double perRowStep = trainSeconds / double(step) / double(bs);
            const double need = 2.0 * overfitSteps * perRowStep * double(bs);
            if (need > left) {
                overfitRows = std::clamp<int64_t>(int64_t(std::floor(std::max(0.0, left) / (2.0 * overfitSteps * perRowStep))),
                                                  std::min<int64_t>(2, bs), bs);
                const double stillNeed = 2.0 * overfitSteps * perRowStep * double(overfitRows);
                if (stillNeed > left)
                    overfitSteps = std::max(10, int(std::floor(std::max(0.0, left) / (2.0 * perRowStep * double(overfitRows)))));
                r.scaled << QStringLiteral("overfit_batch on %1 rows and at most %2 steps per attempt (not %3 and %4): "
                                           "a step takes about %5 ms a row and %6 s of the %7 s budget were left")
                                .arg(overfitRows).arg(overfitSteps).arg(bs).arg(settings.overfitSteps)
                                .arg(num(perRowStep * 1000, 3)).arg(num(std::max(0.0, left), 3)).arg(budget.asked);
            }
        }
        const StepRecord lastStep = r.steps.isEmpty() ? StepRecord() : r.steps.last();
        const CheckStepFn onStep = [&](int s, int of) {
            if (!progress)
                return;
            SmokeEvent ev;
            ev.step = lastStep;
            ev.totalSteps = totalSteps;
            ev.stepsPerSecond = trainSeconds > 0 ? double(step) / trainSeconds : 0;
            ev.check = QStringLiteral("overfit_batch");
            ev.checkStep = s;
            ev.checkSteps = of;
            progress(ev);
        };
        const at::Tensor ox = x.narrow(0, 0, overfitRows), oy = y.narrow(0, 0, overfitRows);
        OverfitOutcome o = overfitOnce(fresh, settings.optimizer, plan, ox, oy, overfitSteps, budget, cancel, onStep);
        if (!o.passed && !o.cancelled) {
            OptimizerSpec adam;
            adam.type = QStringLiteral("adam");
            adam.learningRate = 1e-2;
            OverfitOutcome o2 = overfitOnce(fresh, adam, plan, ox, oy, overfitSteps, budget, cancel, onStep);
            o2.detail = QStringLiteral("%1; with Adam 1e-2: %2").arg(o.detail, o2.detail);
            o = o2;
        }
        if (o.cancelled)
            r.cancelled = true;
        overfit.passed = o.passed;
        overfit.detail = o.detail;
    }
    return overfit;
}

} // namespace

QString errorMessage(const std::exception &e)
{
    QString m;
    if (auto *c10e = dynamic_cast<const c10::Error *>(&e))
        m = QString::fromStdString(c10e->what_without_backtrace());
    else
        m = QString::fromUtf8(e.what());
    const int nl = m.indexOf(QLatin1Char('\n'));
    return (nl > 0 ? m.left(nl) : m).trimmed();
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerSpec &spec,
                                                       const std::vector<at::Tensor> &params)
{
    const QString type = spec.type.trimmed().toLower();
    if (type == QLatin1String("sgd"))
        return std::make_unique<torch::optim::SGD>(
            params, torch::optim::SGDOptions(spec.learningRate)
                        .momentum(spec.momentum)
                        .nesterov(spec.nesterov && spec.momentum > 0));
    if (type == QLatin1String("adam"))
        return std::make_unique<torch::optim::Adam>(
            params, torch::optim::AdamOptions(spec.learningRate)
                        .betas(std::make_tuple(spec.beta1, spec.beta2))
                        .eps(spec.epsilon));
    if (type == QLatin1String("adamw"))
        return std::make_unique<torch::optim::AdamW>(
            params, torch::optim::AdamWOptions(spec.learningRate)
                        .betas(std::make_tuple(spec.beta1, spec.beta2))
                        .eps(spec.epsilon)
                        .weight_decay(spec.weightDecay));
    if (type == QLatin1String("rmsprop"))
        return std::make_unique<torch::optim::RMSprop>(
            params, torch::optim::RMSpropOptions(spec.learningRate)
                        .alpha(spec.rho)
                        .eps(spec.epsilon)
                        .momentum(spec.momentum));
    if (type == QLatin1String("adagrad"))
        return std::make_unique<torch::optim::Adagrad>(
            params, torch::optim::AdagradOptions(spec.learningRate)
                        .initial_accumulator_value(spec.initialAccumulator)
                        .eps(spec.epsilon));
    throw fail(QStringLiteral("optimizer '%1' is not supported (sgd, adam, adamw, rmsprop, "
                              "adagrad)").arg(spec.type));
}

at::Tensor featureTensor(const Dataset &data, bool integer)
{
    std::vector<int64_t> shape = {data.rows};
    int64_t per = 1;
    for (qint64 d : data.featureShape) {
        shape.push_back(d);
        per *= d;
    }
    if (data.featureShape.isEmpty()) {
        per = data.rows > 0 ? data.features.size() / data.rows : 0;
        shape.push_back(per);
    }
    if (data.rows <= 0 || per <= 0 || data.features.size() != data.rows * per)
        throw fail(QStringLiteral("the data has %1 feature values for %2 rows of shape %3")
                       .arg(data.features.size()).arg(data.rows)
                       .arg(kerasShapeString(data.featureShape)));
    at::Tensor t = torch::from_blob(const_cast<float *>(data.features.constData()), shape,
                                    torch::kFloat).clone();
    return integer ? t.round().to(torch::kLong) : t;
}

void trainAndCheck(SmokeNet &net, const NetFactory &fresh, const at::Tensor &x,
                   const Dataset &data, const LossPlan &plan, const RunSettings &settings,
                   const SmokeProgressFn &progress, const std::atomic_bool *cancel,
                   SmokeResult *result)
{
    SmokeResult &r = *result;
    const at::Tensor y = targetTensor(data, plan);
    const int64_t rows = x.size(0);
    // keras/engine/data_adapter.py train_validation_split: split_at = floor(n * (1 - v)).
    const double split = std::clamp(settings.validationSplit, 0.0, 0.99);
    const int64_t trainRows = int64_t(std::floor(double(rows) * (1.0 - split)));
    const int64_t valRows = rows - trainRows;
    if (trainRows <= 0)
        throw fail(QStringLiteral("no training rows: %1 rows with validation split %2")
                       .arg(rows).arg(split));
    const Budget budget = runBudget(settings, r.scaled);
    int64_t bs = std::max<int64_t>(1, std::min<int64_t>(settings.batchSize, trainRows));
    std::vector<at::Tensor> params = trainableParameters(net);
    if (params.empty())
        throw fail(QStringLiteral("the model has no trainable parameters"));
    if (budget.seconds > 0 && bs > 2)
        bs = affordableBatchSize(net, plan, x, y, params, budget, bs, r.scaled);
    const int64_t stepsPerEpoch = (trainRows + bs - 1) / bs;
    const int64_t totalSteps = settings.maxSteps > 0 ? settings.maxSteps
                                                     : int64_t(std::max(1, settings.epochs))
                                                           * stepsPerEpoch;
    r.trainRows = trainRows;
    r.validationRows = valRows;
    r.batchSize = int(bs);

    const TrainingState t = trainEpochs(net, params, x, y, plan, settings, budget, trainRows, valRows, bs,
                                        stepsPerEpoch, totalSteps, progress, cancel, r);

    r.checks.push_back(initialLossCheck(plan, t.initialLoss, t.step));
    r.checks.push_back(lossDecreasesCheck(r, t.initialLoss, t.step));
    r.checks.push_back(finiteCheck(r, valRows, t.step));

    // gradients
    SmokeCheck grads{QStringLiteral("gradients"), false, QString()};
    if (!t.gradientsChecked)
        grads.detail = QStringLiteral("no backward pass was run");
    else if (t.noGradient.isEmpty()) {
        grads.passed = true;
        grads.detail = QStringLiteral("all %1 parameter tensors have non-zero gradients")
                           .arg(params.size());
    } else {
        grads.detail = QStringLiteral("zero or no gradient: %1").arg(t.noGradient.join(QStringLiteral(", ")));
    }
    r.checks.push_back(grads);

    // overfit_batch: a fresh copy (same initial weights) on the first training rows.
    r.checks.push_back(overfitCheck(fresh, x, y, plan, settings, budget, bs, totalSteps, t.step, t.trainSeconds,
                                    progress, cancel, r));
}

} // namespace kmw::torchsmoke
