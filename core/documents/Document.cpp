#include "Document.h"

namespace kmw {

int Document::firstCodeCell() const
{
    for (int i = 0; i < cells.size(); ++i)
        if (cells[i].type == CellType::Code)
            return i;
    return -1;
}

QString InputError::toString() const
{
    if (line > 0)
        return QStringLiteral("%1:%2:%3: %4").arg(path).arg(line).arg(column).arg(message);
    return QStringLiteral("%1: %2").arg(path, message);
}

} // namespace kmw
