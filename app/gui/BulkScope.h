#pragma once

namespace kmw {

/// Where a bulk decision applies (a finding row's menu; ReviewSession::decideBulk).
enum class BulkScope {
    RuleInFile,       ///< every finding of the finding's rule in its file
    RuleInRepository, ///< every finding of the rule in every scanned file
    Cell,             ///< every finding of the finding's cell
};

} // namespace kmw
