#pragma once

#include "RuleEngine.h"

namespace kmw {

/// The outcome of one rule example (Rule::examples).
struct RuleExampleResult {
    QString ruleId;
    int index = 0;     ///< the example's index in the rule
    bool passed = false;
    QString detail;    ///< what went wrong, with the expected and actual text
};

/// Runs every example of every rule of `engine`: `before` is read as a script, every
/// finding of the rule takes its first fix, and the result must equal `after`;
/// a `no_match` snippet must give no finding of the rule.
QVector<RuleExampleResult> runRuleExamples(const RuleEngine &engine);

} // namespace kmw
