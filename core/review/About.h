#pragma once

#include "RulePack.h"

#include <QStringList>
#include <QVector>

namespace kmw {

/// The libraries linked into kmw_core, each as "name version — licence (URL)": Qt,
/// tree-sitter and its Python grammar, nlohmann_json, HDF5, zlib. The programs add what
/// they link beyond it (QScintilla, LibTorch).
QStringList coreLibraryNotices();

/// "keras3-torch 2026.12.1 (118 rules)" for each pack.
QStringList rulePackNotices(const QVector<RulePack> &packs);

} // namespace kmw
