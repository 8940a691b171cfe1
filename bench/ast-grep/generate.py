#!/usr/bin/env python3
"""Regenerate bench/ast-grep/rules/ from rules/keras3-torch.json (standard library only).

Each Python rule of the pack becomes one ast-grep rule file <id>.yml. The tree-sitter
query is parsed as an S-expression and translated mechanically:

  (kind ...)                  -> kind: kind          (_) -> any named node
  field: (child)              -> has: {field: field, ...}
  [(a) (b)]                   -> any: [...]          several top-level patterns -> any
  . (x) . (y) .               -> nthChild: 1 / 2, trailing anchor -> nthChild reverse 1
  unanchored siblings (a) (b) -> b follows a (stopBy: end), as tree-sitter keeps order
  #eq? / #any-of? / #match?   -> regex ^text$ / ^(a|b)$ / the regex (lookarounds dropped)
  #not-...                    -> not: {...}
  #inside-class? @c "re"      -> inside: {kind: class_definition, has superclasses regex}
  #resolves-to? @c "re"       -> regex on the text (tensorflow -> tf|tensorflow, a module's
                                 last part alone, keras.backend -> K)        [approximate]
  #keras3-missing? @c         -> last dotted part not a Keras 3 name         [approximate]
  #unused? @c                 -> dropped                                     [approximate]

The rule is re-rooted on the reported capture (`report`, else the outermost capture),
so ast-grep reports the same node our scanner reports: the captured node gets its own
tests and its ancestors become a chain of `inside` rules (with `field`). `scope:
document` rules match the `module` node (one finding per file) and `unless` becomes
`not: {has: ...}`. Usage: python3 bench/ast-grep/generate.py [pack.json] [outdir]
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SEVERITY = {'critical': 'error', 'high': 'error', 'medium': 'warning', 'low': 'info', 'info': 'hint'}
# ast-grep's `field` only sees the first child of a field (child_by_field_name): for
# fields holding several children the position stands in for the field.
MULTI_FIELDS = {('import_from_statement', 'name'): {'nthChild': 'n+2'},
                ('import_statement', 'name'): {}}
TOKEN = re.compile(r'\s+|;[^\n]*|(?P<t>"(?:[^"\\]|\\.)*"|[()\[\].?*+]|@[\w.-]+|![\w-]+'
                   r'|[\w-]+:|#[\w-]+[?!]?|[\w-]+)')


class Parser:
    """Query -> list of (pattern, predicates). A pattern is a node
    {'kind', 'children': [entry], 'caps', 'end'} or an alternation {'alts', 'caps'};
    an entry is {'field', 'item', 'anchor' (a `.` before it), 'quant'}."""

    def __init__(self, src):
        if TOKEN.sub('', src).strip():
            raise ValueError('unparsed query text: %r' % TOKEN.sub('', src))
        self.toks, self.i = [m.group('t') for m in TOKEN.finditer(src) if m.group('t')], 0

    def patterns(self):
        out = []
        while self.i < len(self.toks):
            self.preds = []
            items, _ = self.seq(None)
            out += [(e['item'], self.preds) for e in items]
        return out

    def seq(self, close):
        """Items up to `close` (or the end / one top-level pattern when close is None)."""
        items, anchor, field = [], False, None
        while self.i < len(self.toks):
            t = self.toks[self.i]
            if t == close:
                self.i += 1
                return items, anchor
            if close is None and items and t in '([':
                break
            self.i += 1
            if t == '.':
                anchor = True
            elif t.endswith(':'):
                field = t[:-1]
            elif t[0] == '@':
                items[-1]['item']['caps'].append(t[1:])
            elif t in '?*+':
                items[-1]['quant'] = t
            elif t in '([':                 # (a negated field `!f` is ignored)
                item = self.group() if t == '(' else {'alts': [e['item'] for e in self.seq(']')[0]], 'caps': []}
                if item is not None:
                    items.append({'field': field, 'item': item, 'anchor': anchor, 'quant': ''})
                anchor, field = False, None
        return items, anchor

    def group(self):
        t = self.toks[self.i]
        if t.startswith('#'):             # predicate
            end = self.toks.index(')', self.i)
            args = [('cap', a[1:]) if a[0] == '@' else ('str', json.loads(a) if a[0] == '"' else a)
                    for a in self.toks[self.i + 1:end]]
            self.i = end + 1
            self.preds.append((t.strip('?!#'), args))
            return None
        if t in '([':                     # grouping: ((pattern) (#pred ...))
            items, _ = self.seq(')')
            return items[0]['item']
        self.i += 1
        kind = None if t == '_' else json.loads(t) if t[0] == '"' else t
        children, end = self.seq(')')
        return {'kind': kind, 'children': children, 'caps': [], 'end': end}


def escape(s):
    return re.sub(r'([.^$*+?()\[\]{}|\\])', r'\\\1', s)


def rust_regex(rx, notes):
    """Qt/PCRE -> Rust regex: Rust has no lookaround, so such groups are removed."""
    out = rx
    while re.search(r'\(\?<?[=!]', out):
        m = re.search(r'\(\?<?[=!]', out)
        i, depth, cls = m.end(), 1, False    # find the closing paren (escapes, [...])
        while depth:
            c = out[i]
            i += 2 if c == '\\' else 1
            if cls or c == '[':
                cls = c != ']'
            elif c != '\\':
                depth += {'(': 1, ')': -1}.get(c, 0)
        out = out[:m.start()] + out[i:]
    if out != rx:
        notes.append('lookaround dropped from regex %s -> %s' % (json.dumps(rx), json.dumps(out)))
    return out


def resolves_regex(rx):
    """Text approximation of a resolved dotted name: `tf.` for `tensorflow.`, the last
    part alone (from-imports), `K` for keras.backend."""
    alts = [rx.replace('tensorflow', '(?:tf|tensorflow)')]
    m = re.search(r'\\\.(\w+)\$$', rx)
    if m:
        alts.append('^%s$' % {'backend': '(?:K|backend)'}.get(m.group(1), m.group(1)))
    return alts[0] if len(alts) == 1 else '|'.join('(?:%s)' % a for a in alts)


def keras3_names():
    with open(os.path.join(REPO, 'resources', 'data', 'keras3-api.json')) as f:
        mods = json.load(f)['modules']
    names = {n for v in mods.values() for n in v} | {p for m in mods for p in m.split('.')}
    return '(?:^|\\.)(?:%s)(?:\\s+as\\s+\\w+)?$' % '|'.join(escape(n) for n in sorted(names))


def predicate(name, args, notes):
    """One predicate -> (capture, rule dict), or None when it cannot be expressed."""
    neg = name.startswith('not-')
    base, cap, strs = name[4:] if neg else name, args[0][1], [a[1] for a in args[1:]]
    if any(a[0] == 'cap' for a in args[1:]):
        notes.append('#%s? between two captures dropped' % name)
        return None
    if base in ('eq', 'any-of'):
        alts = '|'.join(escape(s) for s in strs)
        r = {'regex': '^%s$' % (alts if len(strs) == 1 else '(?:%s)' % alts)}
    elif base == 'match':
        r = {'regex': rust_regex(strs[0], notes)}
    elif base == 'resolves-to':
        r = {'regex': resolves_regex(strs[0])}
        notes.append('#%s? @%s %s -> text regex %s' % (name, cap, json.dumps(strs[0]), json.dumps(r['regex'])))
    elif base == 'inside-class':
        r = {'inside': {'kind': 'class_definition', 'stopBy': 'end',
                        'has': {'field': 'superclasses', 'regex': rust_regex(strs[0], notes)}}}
    elif base == 'keras3-missing':
        r = {'not': {'regex': KERAS3}}
        notes.append('#%s? @%s -> last dotted part is no Keras 3 module or name '
                     '(resources/data/keras3-api.json), no import resolution' % (name, cap))
        return cap, (r['not'] if neg else r)
    else:
        notes.append('#%s? @%s dropped (needs semantic analysis)' % (name, cap))
        return None
    return cap, ({'not': r} if neg else r)


def merge(parts):
    """AND a list of single-purpose rule dicts; repeated keys go into `all`."""
    out, extra = {}, []
    for p in parts:
        for k, v in p.items():
            (extra.append({k: v}) if k in out else out.__setitem__(k, v))
    return dict(out, all=extra) if extra else out


class Translator:
    def __init__(self, pattern, preds, notes):
        self.pattern, self.tests = pattern, {}
        for name, args in preds:
            got = predicate(name, args, notes)
            if got:
                self.tests.setdefault(got[0], []).append(got[1])

    def own(self, node, skip=None):
        """Tests on the node itself and its children (but the child entry `skip`)."""
        if 'alts' in node:
            return {'any': [self.own(dict(a, caps=a['caps'] + node['caps'])) for a in node['alts']]}
        parts = [{'kind': node['kind']}] if node['kind'] else []
        parts += [t for c in node['caps'] for t in self.tests.get(c, [])]
        for i, e in enumerate(node['children']):
            if i != skip and e['quant'] not in ('?', '*'):
                parts.append({'has': merge([self.own(e['item']), self.place(node, i)])})
        out = merge(parts)
        return out or {'regex': ''}     # ast-grep needs some test: '' matches any node

    def place(self, parent, i):
        """Position of child entry i: field, nthChild from anchors, order of siblings."""
        kids, e, out = parent['children'], parent['children'][i], {}
        if (parent['kind'], e['field']) in MULTI_FIELDS:
            out.update(MULTI_FIELDS[parent['kind'], e['field']])
        elif e['field']:
            out['field'] = e['field']
        k = i
        while k >= 0 and kids[k]['anchor'] and not kids[k]['field']:
            k -= 1
        parts = [out, {'nthChild': i + 1}] if k < 0 else [out]   # anchors chained from the start
        if i == len(kids) - 1 and parent['end']:
            parts.append({'nthChild': {'position': 1, 'reverse': True}})
        prev = [j for j in range(i) if not kids[j]['field']]
        if k >= 0 and prev and not e['field']:
            parts.append({'follows': merge([self.own(kids[prev[-1]]['item']),
                                            {'stopBy': 'neighbor' if e['anchor'] else 'end'}])})
        return merge(parts)

    def position(self, parent, i):
        return {k: v for k, v in self.place(parent, i).items() if k != 'field'}

    def paths(self, node, cap, up=()):
        """Chains [(parent, entry index)] from the root to each node captured as cap."""
        if 'alts' in node:
            return [p for a in node['alts'] for p in self.paths(dict(a, caps=a['caps'] + node['caps']), cap, up)]
        found = [(node, up)] if cap in node['caps'] else []
        for i, e in enumerate(node['children']):
            found += self.paths(e['item'], cap, up + ((node, i),))
        return found

    def rooted(self, cap):
        """Rule that matches the node captured as cap (the root when cap is None): its own
        tests, its position, and its ancestors as a chain of `inside` rules."""
        found = [(n, up) for n, up in self.paths(self.pattern, cap) if n['kind']] if cap else []
        if not found:
            return self.own(self.pattern)
        rules = []
        for node, up in found:
            ctx = None
            for j, (parent, i) in enumerate(up):        # root first, down to the parent
                parts = [self.own(parent, skip=i)]
                if j:
                    parts.append(self.position(*up[j - 1]))
                    parts.append({'inside': ctx})
                field = self.place(parent, i).get('field')
                ctx = merge(parts + ([{'field': field}] if field else []))
            parts = [self.own(node)]
            if up:
                parts += [self.position(*up[-1]), {'inside': ctx}]
            rules.append(merge(parts))
        return rules[0] if len(rules) == 1 else {'any': rules}


def root_capture(pattern):
    """Default report capture: the outermost one (breadth-first)."""
    level = [pattern]
    while level:
        caps = [c for n in level for c in n['caps']]
        if caps:
            return caps[0]
        level = [x for n in level for x in (n['alts'] if 'alts' in n else [e['item'] for e in n['children']])]


def yaml(value, indent=0):
    """Block-style YAML; strings as JSON (double-quoted YAML) scalars."""
    pad, lines = ' ' * indent, []
    scalar = lambda v: str(v).lower() if isinstance(v, (bool, int)) else json.dumps(v)
    for k, v in (value.items() if isinstance(value, dict) else [('-', v) for v in value]):
        sub = yaml(v, indent + 2) if isinstance(v, (dict, list)) else [pad + '  ' + scalar(v)]
        if k == '-':                       # list item: first line goes after the dash
            lines += [pad + '- ' + sub[0][indent + 2:]] + sub[1:]
        else:
            lines += ['%s%s:' % (pad, k)] + sub if isinstance(v, (dict, list)) else ['%s%s: %s' % (pad, k, scalar(v))]
    return lines


def joined(q):
    return q if isinstance(q, str) else '\n'.join(q)


def translate(rule):
    """Pack rule -> (ast-grep rule dict, notes on what was approximated)."""
    notes, doc = [], rule.get('scope') == 'document'
    rules = [Translator(p, preds, notes).rooted(None if doc else rule.get('report') or root_capture(p))
             for p, preds in Parser(joined(rule['query'])).patterns()]
    body = rules[0] if len(rules) == 1 else {'any': rules}
    unless = None
    if rule.get('unless'):
        us = [Translator(p, pr, notes).own(p) for p, pr in Parser(joined(rule['unless'])).patterns()]
        unless = merge([us[0] if len(us) == 1 else {'any': us}, {'stopBy': 'end'}])
    if doc:
        notes.append('scope document: the rule matches the module node (one finding per file)')
        body = merge([{'kind': 'module', 'has': merge([body, {'stopBy': 'end'}])}]
                     + ([{'not': {'has': unless}}] if unless else []))
    elif unless:
        body = merge([body, {'not': {'inside': {'kind': 'module', 'stopBy': 'end', 'has': unless}}}])
    return body, list(dict.fromkeys(notes))


def main():
    pack = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'rules', 'keras3-torch.json')
    outdir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, 'rules')
    with open(pack) as f:
        rules = json.load(f)['rules']
    os.makedirs(outdir, exist_ok=True)
    for old in [n for n in os.listdir(outdir) if n.endswith('.yml')]:
        os.remove(os.path.join(outdir, old))
    rules = [r for r in rules if r.get('language', 'python') == 'python']
    for rule in rules:
        body, notes = translate(rule)
        head = ['# Generated by bench/ast-grep/generate.py from rules/keras3-torch.json: do not edit.',
                '# ' + rule.get('title', '')]
        head += ['# query: ' + line for line in joined(rule['query']).split('\n')]
        head += ['# approximated: ' + n for n in notes]
        doc = {'id': rule['id'], 'language': 'python', 'severity': SEVERITY[rule['severity']],
               'message': rule['message'], 'rule': body}
        with open(os.path.join(outdir, rule['id'] + '.yml'), 'w') as f:
            f.write('\n'.join(head + yaml(doc)) + '\n')
    print('wrote %d rules to %s' % (len(rules), outdir))


KERAS3 = keras3_names()

if __name__ == '__main__':
    main()
