#!/usr/bin/env python3
"""Seeds the fuzz corpora (fuzz/run.sh, docs/fuzzing.md).
usage: python3 seed_corpus.py ROOT OUT   (defaults: .. corpus)
lint: every .hj of ROOT; schedule: the same behind five control prefixes;
record: every record of tests/corpus and examples/records (TOML, and as JSON),
behind the selector byte of the procedure it names."""
import os, json, tomllib, hashlib, datetime, glob, re
import sys
root = sys.argv[1] if len(sys.argv) > 1 else '..'
OUT = sys.argv[2] if len(sys.argv) > 2 else 'corpus'
for _d in ('lint', 'record', 'schedule'): os.makedirs(os.path.join(OUT, _d), exist_ok=True)
names = ['居委会换届选举','党组织委员会选举','社区党组织两推一选','社区党组织公推直选','党组织倒着选','两委三推一选','党支部两票制选举','社区两委换届']
def put(d, data):
    h = hashlib.sha1(data).hexdigest()
    open(os.path.join(OUT, d, h), 'wb').write(data)
hj = [p for p in glob.glob(root + '/**/*.hj', recursive=True) if '/target/' not in p and '/fuzz/' not in p[len(root):]]
for p in hj:
    b = open(p, 'rb').read()
    put('lint', b)
    for ctl in (b'\x00\x00\x10\x02', b'\x01\x03\x00\x00', b'\x45\x01\xff\x00', b'\x82\x02\x05\x00', b'\xc4\x05\x34\x12'):
        put('schedule', ctl + b)
def conv(o):
    if isinstance(o, dict): return {k: conv(v) for k, v in o.items()}
    if isinstance(o, list): return [conv(v) for v in o]
    if isinstance(o, (datetime.date, datetime.time, datetime.datetime)): return o.isoformat()
    return o
recs = [p for p in glob.glob(root + '/tests/corpus/**/*', recursive=True) + glob.glob(root + '/examples/records/*') if p.endswith(('.toml', '.json'))]
for p in recs:
    b = open(p, 'rb').read()
    m = re.search(rb'(procedure|\xe7\xa8\x8b\xe5\xba\x8f)"?\s*[=:]\s*"([^"]+)"', b)
    idx = names.index(m.group(2).decode()) if m and m.group(2).decode() in names else 0
    if p.endswith('.json'):
        put('record', bytes([idx*2+1]) + b); continue
    put('record', bytes([idx*2]) + b)
    if idx: put('record', bytes([0]) + b)
    try:
        t = tomllib.loads(b.decode())
        put('record', bytes([idx*2+1]) + json.dumps(conv(t), ensure_ascii=False, indent=1).encode())
    except Exception as e:
        pass
