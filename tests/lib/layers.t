#!/bin/sh
# The library's files call one another in layers: no file of lib/ calls
# into one that calls back into it, directly or through others (the
# graph of which member of libar.a uses a symbol another defines has no
# cycle).  Read off the installed libar.a with nm.
. "$(dirname "$0")/../cli/lib.sh"

: "${AR_DESTDIR:?set AR_DESTDIR to the install root (make check does)}"
LIB=$(find "$AR_DESTDIR" -name libar.a | head -1)
ok 'the installed static library' test -f "$LIB"
nm -A --defined-only -g "$LIB" >defs.txt
nm -A -u "$LIB" >uses.txt
ok 'its members define symbols' test -s defs.txt
is 'age.o among them' 'age.o' sh -c "grep -o ':age\\.o:' defs.txt | sort -u | tr -d :"
is 'no two files of lib/ call each other, in any loop' '' /usr/bin/python3 -c '
import collections
def rows(path):
    # "ARCHIVE:MEMBER:ADDRESS T SYMBOL" (or "... U SYMBOL")
    for line in open(path):
        parts = line.rstrip("\n").split(":")
        if len(parts) >= 3 and parts[-1].split():
            yield parts[-2], parts[-1].split()[-1]
defs = {sym: m for m, sym in rows("defs.txt")}
uses = collections.defaultdict(set)
for m, sym in rows("uses.txt"):
    if sym in defs and defs[sym] != m:
        uses[m].add(defs[sym])
# Tarjan: every strongly connected part of more than one file is a loop
index, low, stack, on, loops = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v); on.add(v)
    for w in sorted(uses[v]):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        part = []
        while True:
            w = stack.pop(); on.discard(w); part.append(w)
            if w == v:
                break
        if len(part) > 1:
            loops.append(" <-> ".join(sorted(part)))
for v in sorted(set(defs.values())):
    if v not in index:
        visit(v)
print("\n".join(loops))'

finish
