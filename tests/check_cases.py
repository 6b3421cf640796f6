"""Suite cli: `optref cases` lists every case of golden/cases.in with its spec.
Expected values are read from golden/cases.in's own text, not from optref.
usage: check_cases.py SOURCE_ROOT OPTREF_EXE"""
import subprocess
import sys

root, exe = sys.argv[1], sys.argv[2]
lines = [l.split() for l in open(root + "/golden/cases.in") if l.strip() and not l.startswith("#")]
out = subprocess.run([exe, "cases"], capture_output=True, text=True, check=True).stdout.splitlines()[1:]
rows = {r.split()[0]: r.split() for r in out}
bad = [l[0] for l in lines if l[0] not in rows or rows[l[0]][1:5] != l[1:5]]
extra = set(rows) - {l[0] for l in lines}


def values(words):
    """name -> numbers of the name=value items (x0=-5,-2 -> [-5.0, -2.0])."""
    out = {}
    for w in words:
        name, eq, val = w.partition("=")
        if eq and ":" not in w and not name.startswith(("schedule", "every", "coords")):
            out[name] = [float(v) for v in val.split(",") if v != "..."]
    return out


def shown(row, name, v):
    """The row shows name=v (x0 lists are cut after 4 values)."""
    got = values(row).get(name)
    return got == v or (name == "x0" and got == v[:4] and len(v) > 4)


# every item of a spec line (eta=0.2, x0=10, ...) is shown with the same value
items = [(l[0], n, v) for l in lines for n, v in values(l[5:]).items()]
missing = [(c, n, v) for c, n, v in items if not shown(rows.get(c, []), n, v)]
print("%d cases, %d items; mismatched %s, extra %s, items not shown %s" % (len(lines), len(items), bad, extra, missing[:5]))
sys.exit(1 if bad or extra or missing else 0)
