#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compile ved's hardening rules (vedctl/rules/*.rules) into a C table.

usage: gen_rules.py OUT.c kconfig.rules cmdline.rules sysctl.rules profiles.rules

The rule files are the source of truth; this script only checks them and
turns them into static data so vedctl needs no files at run time.  Any
mistake in a rule file stops the build with FILE:LINE: problem.
"""
import re
import sys

SEVERITIES = ('low', 'medium', 'high')
TYPES = {'kconfig.rules': 'SRC_KCONFIG', 'cmdline.rules': 'SRC_CMDLINE',
         'sysctl.rules': 'SRC_SYSCTL'}
NAME_RE = r'[A-Za-z0-9_.\-]+'


class RuleError(Exception):
    pass


def parse_version(text):
    m = re.fullmatch(r'(\d+)\.(\d+)(?:\.(\d+))?', text)
    if not m:
        raise RuleError(f'bad version "{text}" (want X.Y or X.Y.Z)')
    return [int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)]


def parse_term(text, default_src):
    """One condition: NAME = V | NAME is not set | ... | version >= X.Y.Z"""
    text = text.strip()
    m = re.fullmatch(r'version\s*>=\s*(\S+)', text)
    if m:
        return {'src': 'SRC_VERSION', 'op': 'OP_VERSION_GE', 'name': 'version',
                'value': m.group(1), 'ver': parse_version(m.group(1))}
    m = re.fullmatch(rf'({NAME_RE})\s+(.*)', text)
    if not m:
        raise RuleError(f'cannot read condition "{text}"')
    name, rest = m.group(1), m.group(2).strip()
    src = 'SRC_KCONFIG' if name.startswith('CONFIG_') else default_src
    if src == 'SRC_KCONFIG' and not name.startswith('CONFIG_'):
        raise RuleError(f'kconfig option "{name}" must start with CONFIG_')
    forms = {'is not set': 'OP_NOT_SET', 'is present': 'OP_PRESENT',
             'is not off': 'OP_NOT_OFF'}
    if rest in forms:
        return {'src': src, 'op': forms[rest], 'name': name, 'value': rest, 'ver': [0, 0, 0]}
    m = re.fullmatch(r'=\s*(\S+)', rest)
    if m:
        return {'src': src, 'op': 'OP_EQ', 'name': name, 'value': m.group(1), 'ver': [0, 0, 0]}
    m = re.fullmatch(r'has\s+(\S+)', rest)
    if m:
        return {'src': src, 'op': 'OP_HAS', 'name': name, 'value': m.group(1), 'ver': [0, 0, 0]}
    raise RuleError(f'unknown comparison "{rest}" for {name}')


def parse_rules(path, src):
    defaults = {'category': None, 'source': None, 'decision': None, 'severity': 'medium'}
    rules = []
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            try:
                if not line.strip() or line.lstrip().startswith('#'):
                    continue
                if line.startswith('@'):
                    key, _, val = line[1:].partition(' ')
                    if key not in defaults or not val.strip():
                        raise RuleError(f'unknown or empty directive "@{key}"')
                    if key == 'severity' and val.strip() not in SEVERITIES:
                        raise RuleError(f'severity must be one of {SEVERITIES}')
                    defaults[key] = val.strip()
                    continue
                if not line[0].isspace():
                    if None in defaults.values():
                        raise RuleError('check before @category/@source/@decision')
                    rule = dict(defaults)
                    rule.update(main=parse_term(line, src), needs=[], alts=[],
                                since=[0, 0, 0], old=None, why=None, fix=None,
                                id=None, where=f'{path}:{lineno}')
                    rules.append(rule)
                    continue
                if not rules:
                    raise RuleError('indented line before any check')
                rule = rules[-1]
                key, _, val = line.strip().partition(' ')
                val = val.strip()
                if not val:
                    raise RuleError(f'"{key}" needs a value')
                if key == 'or':
                    rule['alts'].append([parse_term(t, src) for t in re.split(r'\s+and\s+', val)])
                elif key == 'needs':
                    rule['needs'].append(parse_term(val, src))
                elif key == 'since':
                    rule['since'] = parse_version(val)
                elif key == 'old':
                    rule['old'] = val
                elif key in ('why', 'fix', 'source', 'id'):
                    rule[key] = val
                elif key == 'sev':
                    if val not in SEVERITIES:
                        raise RuleError(f'severity must be one of {SEVERITIES}')
                    rule['severity'] = val
                else:
                    raise RuleError(f'unknown attribute "{key}"')
            except RuleError as e:
                raise RuleError(f'{path}:{lineno}: {e}') from None
    for rule in rules:
        if not rule['why']:
            raise RuleError(f'{rule["where"]}: check {rule["main"]["name"]} has no "why" line')
        if rule['old'] and rule['since'] == [0, 0, 0]:
            raise RuleError(f'{rule["where"]}: "old" needs "since"')
    return rules


def assign_ids(rules):
    """The option name is the id; repeated names get NAME=MEMBER suffixes."""
    count = {}
    for r in rules:
        count[r['main']['name']] = count.get(r['main']['name'], 0) + 1
    seen = set()
    for r in rules:
        if r['id'] is None:
            name = r['main']['name']
            r['id'] = name if count[name] == 1 else f'{name}={r["main"]["value"]}'
        if r['id'] in seen:
            raise RuleError(f'{r["where"]}: duplicate check id "{r["id"]}"')
        seen.add(r['id'])


def parse_profiles(path):
    profiles = []
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            m = re.fullmatch(r'profile\s+(\S+)\s+(.+)', line)
            if m:
                profiles.append({'name': m.group(1), 'desc': m.group(2), 'mutes': []})
                continue
            m = re.fullmatch(r'(\S+)\s+(.+)', line)
            if not m or not profiles:
                raise RuleError(f'{path}:{lineno}: want "PATTERN REASON" inside a profile')
            profiles[-1]['mutes'].append((m.group(1), m.group(2)))
    return profiles


def c_str(s):
    if s is None:
        return 'NULL'
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def c_term(t):
    v = t['ver']
    return (f'{{ .src = {t["src"]}, .op = {t["op"]}, .name = {c_str(t["name"])}, '
            f'.value = {c_str(t["value"])}, .ver = {{ {v[0]}, {v[1]}, {v[2]} }} }}')


def emit(out, rules, profiles):
    w = out.write
    w('// SPDX-License-Identifier: GPL-2.0\n')
    w('/* Generated by vedctl/tools/gen_rules.py from vedctl/rules/: do not edit. */\n')
    w('#include <stddef.h>\n#include "rules.h"\n\n')
    w('const struct rule ved_rules[] = {\n')
    for r in rules:
        w('\t{\n')
        w(f'\t\t.id = {c_str(r["id"])},\n')
        w(f'\t\t.category = {c_str(r["category"])},\n')
        w(f'\t\t.source = {c_str(r["source"])},\n')
        w(f'\t\t.decision = {c_str(r["decision"])},\n')
        w(f'\t\t.severity = SEV_{r["severity"].upper()},\n')
        w(f'\t\t.main = {c_term(r["main"])},\n')
        if r['needs']:
            w(f'\t\t.n_needs = {len(r["needs"])},\n')
            w('\t\t.needs = (const struct rule_term[]){\n')
            for t in r['needs']:
                w(f'\t\t\t{c_term(t)},\n')
            w('\t\t},\n')
        if r['alts']:
            w(f'\t\t.n_alts = {len(r["alts"])},\n')
            w('\t\t.alts = (const struct rule_alt[]){\n')
            for alt in r['alts']:
                w(f'\t\t\t{{ .n_terms = {len(alt)}, .terms = (const struct rule_term[]){{\n')
                for t in alt:
                    w(f'\t\t\t\t{c_term(t)},\n')
                w('\t\t\t} },\n')
            w('\t\t},\n')
        s = r['since']
        w(f'\t\t.since = {{ {s[0]}, {s[1]}, {s[2]} }},\n')
        w(f'\t\t.old_name = {c_str(r["old"])},\n')
        w(f'\t\t.why = {c_str(r["why"])},\n')
        w(f'\t\t.fix = {c_str(r["fix"])},\n')
        w('\t},\n')
    w('};\n\n')
    w(f'const unsigned ved_rules_count = {len(rules)};\n\n')
    w('const struct profile ved_profiles[] = {\n')
    for p in profiles:
        w(f'\t{{ .name = {c_str(p["name"])}, .description = {c_str(p["desc"])},\n')
        w(f'\t  .n_mutes = {len(p["mutes"])}, .mutes = (const struct profile_mute[]){{\n')
        for pat, why in p['mutes']:
            w(f'\t\t{{ {c_str(pat)}, {c_str(why)} }},\n')
        w('\t} },\n')
    w('};\n\n')
    w(f'const unsigned ved_profiles_count = {len(profiles)};\n')


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out_path, rule_files = argv[1], argv[2:]
    rules, profiles = [], []
    try:
        for path in rule_files:
            base = path.rsplit('/', 1)[-1]
            if base == 'profiles.rules':
                profiles = parse_profiles(path)
            elif base in TYPES:
                rules += parse_rules(path, TYPES[base])
            else:
                raise RuleError(f'{path}: unknown rule file (want one of {list(TYPES)} or profiles.rules)')
        assign_ids(rules)
    except (RuleError, OSError) as e:
        sys.exit(f'gen_rules: {e}')
    with open(out_path + '.tmp', 'w', encoding='utf-8') as out:
        emit(out, rules, profiles)
    import os
    os.replace(out_path + '.tmp', out_path)


if __name__ == '__main__':
    main(sys.argv)
