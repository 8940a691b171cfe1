// Raw-string fixtures of tst_rules.cpp, kept apart because moc misreads raw strings.

#include <QByteArray>

extern const QByteArray kBrokenPack;
const QByteArray kBrokenPack = R"json({
  "pack": "bad",
  "rules": [
    {
      "id": "broken",
      "severity": "low",
      "category": "imports",
      "message": "m",
      "query": "(call function: (identifier) @f"
    },
    {
      "id": "unknown-node",
      "severity": "low",
      "category": "imports",
      "message": "m",
      "query": "(no_such_node) @x"
    },
    {
      "id": "good",
      "severity": "low",
      "category": "imports",
      "message": "m",
      "query": "((identifier) @x (#eq? @x \"foo\"))"
    }
  ]
}
)json";

extern const QByteArray kPredicateQuery;
const QByteArray kPredicateQuery = R"q(((identifier) @x (#any-of? @x "a" "b")) ((identifier) @y (#not-match? @y "^[a-c]$") (#not-eq? @y "zz")))q";
extern const QByteArray kUnknownPredicateQuery;
const QByteArray kUnknownPredicateQuery = R"q(((identifier) @x (#frobnicate? @x "a")))q";
