"""Writes optref's static site: a page per algorithm, schedule and theory claim
(the slide's numbered lines beside the C lines tagged with them, sources,
slips, hyper-parameters, golden cases and their plots), an errata page and an
index deck -> slide -> page.  Everything comes from the tree at build time:
`optref list --json` (the type objects), the files' header comments,
golden/cases.in and golden/out/, doc/decks.in, and `optref run` / `optref
check` for what is computed.  Plots: matplotlib (Agg).  The pages open from
disk: no script, no network, one local style sheet.

usage: site_gen.py --optref EXE --srcroot DIR --out DIR [--no-plots | --plots-for PAGE,...]
  --no-plots   write the pages (identical) but not the PNG files: the test of
               suite pages uses it to check the pages cheaply.
  --plots-for  draw only the plots of these pages (the browser test).
Run by `meson compile -C build docs` (build/site/index.html)."""
import argparse
import decimal
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap

MARK = ".optref-site"   # the output directory is ours to replace only if it holds this


def die(msg):
    sys.exit(f"site_gen.py: {msg}")


def esc(s):
    return html.escape(str(s), quote=True)


# ---- reading the tree -------------------------------------------------------

def run_optref(exe, args, may_fail=False):
    p = subprocess.run([exe] + args, capture_output=True, text=True)
    if p.returncode != 0:
        if may_fail:
            return None, p.stderr.strip()
        die(f"optref {' '.join(args)}: {p.stderr.strip() or 'exit status %d' % p.returncode}")
    return p.stdout, None


def read_decks(path):
    """doc/decks.in: [(name, [names longest first], title)]."""
    decks = []
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            die(f"{path}: expected 'name | other names | title': {line}")
        names = [parts[0]] + [a.strip() for a in parts[1].split(",") if a.strip()]
        decks.append((parts[0], sorted(names, key=len, reverse=True), parts[2]))
    return decks


def load_golden_loader(root):
    """The loader printed in doc/golden-format.md (suite doc runs it too)."""
    doc = open(os.path.join(root, "doc", "golden-format.md"), encoding="utf-8").read()
    block = re.search(r"```python\n(.*?)```", doc, re.S)
    if not block:
        die("doc/golden-format.md: no python block")
    ns = {}
    exec(block.group(1), ns)
    return ns["load_golden"]


def read_cases(path):
    """golden/cases.in: cases with the comment block written above them."""
    cases, comment, block = [], [], []
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line:
            comment, block = [], []
            continue
        if line.startswith("#"):
            if block:           # a comment after cases starts a new description
                comment, block = [], []
            comment.append(line.lstrip("#").strip())
            continue
        f = line.split("#", 1)[0].split()
        if len(f) < 5:
            die(f"{path}: a case needs name algorithm variant problem steps: {line}")
        items = dict(i.split("=", 1) for i in f[5:] if "=" in i)
        sched = items.get("schedule", "constant")
        cases.append({"name": f[0], "alg": f[1], "variant": f[2], "problem": f[3], "steps": int(f[4]),
                      "items": f[5:], "hp": items, "schedule": sched.split(":", 1)[0],
                      "schedule_spec": sched, "doc": " ".join(comment)})
        block.append(f[0])
    return cases


# ---- the header comment of an algorithm or schedule file --------------------

TAG = re.compile(r"/\*\s*(L\d+(?: L\d+)*)(?::\s*(.*?))?\s*\*/")
FIELD = re.compile(r"^(deck|slide|says|source|note):\s*(.*)$")


def parse_file(root, rel):
    path = os.path.join(root, rel)
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        die(f"{rel}: {e.strerror}")
    m = re.match(r"\s*/\*(.*?)\*/", text, re.S)
    if not m:
        die(f"{rel}: no header comment")
    head_lines = [re.sub(r"^\s*\* ?", "", l).rstrip() for l in m.group(1).split("\n")]
    header_end = text[:m.end()].count("\n") + 1
    paras, cur = [], []
    for l in head_lines:
        if l.strip():
            cur.append(l)
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    f = {"file": rel, "title": "", "sources": [], "slips": [], "slips_none": "", "notes": [],
         "pseudocode": [], "pcaption": "", "text": text}
    for k, p in enumerate(paras):
        first = p[0].strip()
        if "@pseudocode" in "\n".join(p):
            i = next(j for j, l in enumerate(p) if "@pseudocode" in l)
            e = next((j for j, l in enumerate(p) if "@end" in l), None)
            if e is None:
                die(f"{rel}: @pseudocode without @end")
            f["pcaption"] = " ".join(l.strip() for l in p[:i])
            for l in p[i + 1:e]:
                pl = re.match(r"\s*L(\d+)\s+(.*?)\s*$", l)
                if pl:
                    body, variant = pl.group(2), ""
                    v = re.match(r"(.*?)\s+\[(\w+)\]$", body)
                    if v:
                        body, variant = v.group(1), v.group(2)
                    f["pseudocode"].append({"n": int(pl.group(1)), "text": body, "variant": variant})
            if p[e + 1:]:
                f["notes"].append(("", [" ".join(l.strip() for l in p[e + 1:])]))
        elif k == 0:
            f["title"] = " ".join(l.strip() for l in p)
        elif first.startswith("Sources"):
            rest = first[len("Sources"):].lstrip(":").strip()
            f["sources"] = [" ".join([rest] + [l.strip() for l in p[1:]])] if rest else bullets(p[1:])
        elif first.startswith("Slips noticed"):
            rest = first[len("Slips noticed"):].lstrip(":").strip()
            items = [[rest] + [l.strip() for l in p[1:]]] if rest else bullets(p[1:], raw=True)
            for b in items:
                joined = " ".join(b)
                if re.match(r"none\b", joined, re.I):
                    f["slips_none"] = joined
                else:
                    f["slips"].append(b)
        else:
            if len(p) > 1 and re.match(r"\s*- ", p[1]) and len(first) < 60 and not first.endswith("."):
                f["notes"].append((first, bullets(p[1:])))
            else:
                f["notes"].append(("", [" ".join(l.strip() for l in p)]))
    if not f["pseudocode"]:
        die(f"{rel}: no numbered line between @pseudocode and @end")
    # the code: each line after the header, its tags
    code = []
    for n, l in enumerate(text.split("\n"), start=1):
        if n <= header_end:
            continue
        tags = []
        for t in TAG.finditer(l):
            tags += [int(x[1:]) for x in t.group(1).split()]
        code.append({"n": n, "text": l, "tags": tags})
    f["code"] = code
    return f


def bullets(lines, raw=False):
    """'- ' items and their continuation lines; raw keeps each item's lines."""
    out = []
    for l in lines:
        s = l.strip()
        if s.startswith("- "):
            out.append([s[2:]])
        elif out:
            out[-1].append(s)
        else:
            out.append([s])
    return out if raw else [" ".join(b) for b in out]


# ---- slips: the structured form and free text --------------------------------

def find_decks(text, decks):
    """Every mention of a deck in text: [(start, end, deck name)], in order."""
    found = []
    for name, aliases, _ in decks:
        for a in aliases:
            for m in re.finditer(r"(?<![\w.])" + re.escape(a) + r"(?![\w.])", text):
                if not any(s <= m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), name))
    return sorted(found)


def slide_after(window, before, title):
    m = re.search(r'slides? "([^"]+)"', window)
    if m:
        return m.group(1)
    m = re.match(r'\s*(?:\([^)]*\))?,?\s*(Algorithm \d+(?:\.\d+)?)(?:,? "([^"]+)")?', window)
    if m:
        return m.group(1) + (f' "{m.group(2)}"' if m.group(2) else "")
    m = re.match(r'\s*(?:\([^)]*\))?,?\s*"([^"]+)"', window)   # DS 4440 "Adam", Topic 27 (HKUST), "..."
    if m and m.group(1) != title:
        return m.group(1)
    m = re.findall(r"(Algorithm \d+(?:\.\d+)?)", before)
    return f"{m[-1]} (as quoted)" if m else ""


def mentions(text, decks):
    """(deck, slide) pairs a text names; a slide may be ''."""
    titles = {n: t for n, _, t in decks}
    found = find_decks(text, decks)
    out = []
    for k, (s, e, name) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else len(text)
        window = text[e:stop]
        slide = slide_after(window, text[:s], titles[name])
        if not slide and k + 1 < len(found) and re.fullmatch(r"[\s,/]*(and)?[\s,/]*", window):
            nxt = found[k + 1]
            nstop = found[k + 2][0] if k + 2 < len(found) else len(text)
            slide = slide_after(text[nxt[1]:nstop], "", titles[nxt[2]])
        out.append((name, slide))
    return out


def parse_slip(lines, decks):
    """A slip note: the structured form (doc/design.md) or free text."""
    fields, cur = {}, None
    if FIELD.match(lines[0]):
        for l in (l.strip() for l in lines):
            m = FIELD.match(l)
            if m:
                cur = m.group(1)
                fields[cur] = m.group(2)
            else:
                fields[cur] += " " + l
            if cur == "deck" and "; slide:" in fields["deck"]:
                d, s = fields["deck"].split("; slide:", 1)
                fields["deck"], fields["slide"] = d.strip(), s.strip()
                cur = "slide"
        slip = {k: fields.get(k, "").strip() for k in ("deck", "slide", "says", "source", "note")}
        canon = find_decks(slip["deck"], decks)
        if canon:
            slip["deck"] = canon[0][2]
        slip["structured"] = True
        return slip
    text = " ".join(lines)
    m = mentions(text, decks)
    return {"deck": m[0][0] if m else "", "slide": m[0][1] if m else "", "says": text, "source": "",
            "note": "", "structured": False}


def file_slips(f, decks):
    """The file's slips; a note that names no deck (or no slide) concerns the
    one its Sources cite first (for that deck): marked inferred."""
    cited = [m for src in f["sources"] for m in mentions(src, decks)]
    out = []
    for lines in f["slips"]:
        s = parse_slip(lines, decks)
        s["inferred"] = False
        if not s["deck"] and cited:
            s["deck"], s["slide"], s["inferred"] = cited[0][0], cited[0][1], True
        elif s["deck"] and not s["slide"]:
            same = [sl for d, sl in cited if d == s["deck"] and sl]
            if same:
                s["slide"], s["inferred"] = same[0], True
        out.append(s)
    return out


# ---- plots (matplotlib, Agg) ------------------------------------------------

def plot_job(job):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=job.get("size", (6.4, 4.2)), dpi=100)
    kind = job["kind"]
    if kind == "traj":
        g = job["grid"]
        levels = job["levels"]
        cs = ax.contour(g["x"], g["y"], g["f"], levels=levels, cmap="viridis", linewidths=0.8)
        ax.clabel(cs, fontsize=7, fmt="%.3g")
        xs, ys = job["x"], job["y"]
        ax.plot(xs, ys, "-o", color="#d62728", ms=3, lw=1, label="exact trajectory (golden)")
        ax.plot(xs[:1], ys[:1], "s", color="black", ms=6, label="x0")
        if job.get("xmin"):
            ax.plot([job["xmin"][0]], [job["xmin"][1]], "*", color="black", ms=10, label="x*")
        ax.set_xlabel("x[0]")
        ax.set_ylabel("x[1]")
        ax.legend(fontsize=8, loc="best")
    elif kind == "fgap":
        ax.semilogy(job["k"], job["v"], "o-", ms=3, lw=1, label="f(x_k) − f* (golden, exact)")
        if job.get("bk"):
            ax.semilogy(job["bk"], job["bv"], "--", color="black", lw=1, label=job["blabel"])
        ax.set_xlabel("k")
        ax.set_ylabel("f − f*")
        ax.legend(fontsize=8)
    elif kind == "gap":
        if job.get("ek"):
            ax.semilogy(job["ek"], job["ev"], "--", lw=0.8, color="#999999", label=job["elabel"])
        ax.semilogy(job["k"], job["v"], "-", lw=1.2, color="#9467bd", label="against the golden values")
        ax.legend(fontsize=8)
        ax.set_xlabel("t")
        ax.set_ylabel("max_i |x_double − x_exact| / scale")
    elif kind == "eta":
        for s in job["series"]:
            ax.plot(s["t"], s["v"], s.get("style", "-"), ms=3, lw=1, label=s["label"])
        ax.set_xlabel("t (update)")
        ax.set_ylabel(job["ylabel"])
        ax.legend(fontsize=8)
    elif kind == "ewma":
        for s in job["series"]:
            ax.plot(range(len(s["v"])), s["v"], "o-", ms=2, lw=1, label=s["label"])
        ax.set_xlabel("τ (steps into the past)")
        ax.set_ylabel("weight")
        ax.legend(fontsize=8)
    elif kind == "claim":
        for s in job["series"]:
            ax.plot(s["k"], s["v"], s["style"], ms=3, lw=1, label=s["label"])
        if job.get("log"):
            ax.set_yscale("log")
        ax.set_xlabel("k")
        ax.legend(fontsize=8)
    ax.set_title(textwrap.fill(job["title"], 70), fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(job["path"])
    plt.close(fig)


# ---- what each case plots ---------------------------------------------------

def case_plots(c, gold, inst, exe):
    """The plots of a golden case and a sentence about each: [(png, caption, job)]."""
    out = []
    header, rec = gold
    steps = sorted({t for t, _ in rec})
    dim = int(header["dim"][0])
    cols = header["columns"][0].split()
    if dim == 2 and "x[0]" in cols and "x[1]" in cols:
        xs = [rec[(t, "x[0]")][0] for t in steps]
        ys = [rec[(t, "x[1]")][0] for t in steps]
        pts = [(a, b) for a, b in zip(xs, ys) if math.isfinite(a) and math.isfinite(b)]
        xmin = inst.get("xmin")
        ax = [p[0] for p in pts] + ([xmin[0]] if xmin else [])
        ay = [p[1] for p in pts] + ([xmin[1]] if xmin else [])
        lo_x, hi_x, lo_y, hi_y = min(ax), max(ax), min(ay), max(ay)
        px, py = max(0.15 * (hi_x - lo_x), 0.5), max(0.15 * (hi_y - lo_y), 0.5)
        grid = "%r:%r:121,%r:%r:121" % (lo_x - px, hi_x + px, lo_y - py, hi_y + py)
        out.append({"png": f"{c['name']}-traj.png", "grid_spec": (c["problem"], grid),
                    "caption": "The exact trajectory (golden values, binary64-rounded) over the contours of f; "
                               "f tabulated by `optref list --json --problem %s --grid %s`." % (c["problem"], grid),
                    "job": {"kind": "traj", "x": xs, "y": ys, "xmin": xmin,
                            "title": f"{c['name']}: {c['alg']} {c['variant']} on {c['problem']}"}})
    fmin = inst["constants"].get("fmin")
    if isinstance(fmin, (int, float)) and "f" in cols:
        fs = decimal.Decimal(repr(float(fmin)))
        ks, vs = [], []
        for t in steps:
            if (t, "f") in rec:
                try:
                    d = decimal.Decimal(rec[(t, "f")][1]) - fs
                except decimal.InvalidOperation:
                    continue
                if d > 0:
                    ks.append(t)
                    vs.append(float(d))
        job = {"kind": "fgap", "k": ks, "v": vs, "title": f"{c['name']}: f − f* (f* = {fmin!r})"}
        caption = "f(x_k) − f* from the golden file's 30-digit values, f* from the problem's constants."
        b = gd_bound(c, inst, header, steps)
        if b:
            job.update(b[0])
            caption += " " + b[1]
        if ks:
            out.append({"png": f"{c['name']}-f.png", "caption": caption, "job": job})
    gap = double_gap(c, exe, rec, steps, cols)
    ext = extended_gap(c, exe, dim) if gap is not None else None
    if gap is not None and max(gap[2], ext[2] if ext else 0) > 1e-12:
        k, v, worst = gap
        job = {"kind": "gap", "k": k, "v": v, "title": f"{c['name']}: double − exact"}
        caption = ("Distance of optref's double variant (`optref run`) from the exact trajectory: max over i of "
                   "|x_double − x_exact| / max(|x_exact|, largest |x_exact| of its column so far); solid: against "
                   "the golden values (largest %.3g)" % worst)
        if ext:
            job.update({"ek": ext[0], "ev": ext[1], "elabel": "beyond: against MPFR at 256 bits"})
            caption += ("; dashed: %d steps against `optref run --precision mpfr:256` (largest %.3g)"
                        % (ext[0][-1], ext[2]))
        out.append({"png": f"{c['name']}-gap.png", "caption": caption + ".", "job": job})
    return out, ""


def gd_bound(c, inst, header, steps):
    """GD with a constant step η < 2/L on an L-smooth μ-strongly convex f:
    ‖x_k − x*‖ ≤ q^k ‖x_0 − x*‖, q = max(|1 − ημ|, |1 − ηL|), hence
    f(x_k) − f* ≤ (L/2) q^(2k) ‖x_0 − x*‖² (STATS 403 lecture 2, GD's linear
    rate).  A box that holds x* keeps it (the projection is nonexpansive)."""
    k = inst["constants"]
    L, mu, xmin = k.get("L"), k.get("mu"), inst.get("xmin")
    if c["alg"] != "gd" or c["variant"] != "standard" or c["schedule"] != "constant":
        return None
    if not all(isinstance(v, (int, float)) and math.isfinite(v) and v > 0 for v in (L, mu)) or not xmin:
        return None
    hp = {l.split()[0]: float.fromhex(l.split()[1]) if l.split()[1] not in ("inf", "-inf") else
          float(l.split()[1]) for l in header.get("hp", [])}
    eta = hp.get("eta")
    if eta is None or not 0 < eta < 2 / L:
        return None
    if not all(hp.get("lo", -math.inf) <= x <= hp.get("hi", math.inf) for x in xmin):
        return None
    x0 = [float.fromhex(v) for v in header["x0"][0].split()]
    q = max(abs(1 - eta * mu), abs(1 - eta * L))
    r2 = sum((a - b) ** 2 for a, b in zip(x0, xmin))
    bv = [L / 2 * q ** (2 * t) * r2 for t in steps]
    keep = [(t, v) for t, v in zip(steps, bv) if v > 0]
    label = "(L/2) q^(2k) ‖x0 − x*‖², q = %.4g" % q
    return ({"bk": [t for t, _ in keep], "bv": [v for _, v in keep], "blabel": label},
            "Dashed: GD's linear rate, f(x_k) − f* ≤ (L/2)·q^(2k)·‖x0 − x*‖² with q = max(|1 − ημ|, |1 − ηL|) "
            "= %.6g, from L = %r, μ = %r, η = %r (the problem's constants, `optref list --json`)." % (q, L, mu, eta))


def run_args(c, steps):
    return (["run", c["alg"], c["problem"], "--variant", c["variant"], "--steps", str(steps)]
            + [i for i in c["items"] if not i.startswith(("every=", "coords="))])


def extended_gap(c, exe, dim):
    """The double variant against MPFR at 256 bits over 10 times the case's
    steps (at most 10000; dimension at most 10): where rounding errors grow."""
    steps = min(10 * c["steps"], 10000)
    if dim > 10 or steps <= c["steps"]:
        return None
    d, _ = run_optref(exe, run_args(c, steps) + ["--format", "hex"], may_fail=True)
    m, _ = run_optref(exe, run_args(c, steps) + ["--precision", "mpfr:256"], may_fail=True)
    if d is None or m is None:
        return None
    dl, ml = d.strip().split("\n"), m.strip().split("\n")
    head = dl[0].split(",")
    xcols = [j for j, h in enumerate(head) if h.startswith("x[")]
    colmax = {j: 0.0 for j in xcols}
    ks, vs, worst = [], [], 0.0
    for a, b in zip(dl[1:], ml[1:]):
        fa, fb = a.split(","), b.split(",")
        gap = 0.0
        for j in xcols:
            try:
                x, e = float.fromhex(fa[j]), float(fb[j])
            except ValueError:
                x, e = float(fa[j]), float(fb[j])
            if not (math.isfinite(x) and math.isfinite(e)):
                continue
            colmax[j] = max(colmax[j], abs(e))
            if colmax[j] > 0:
                gap = max(gap, abs(x - e) / colmax[j])
        t = int(fa[0])
        if t > 0:
            ks.append(t)
            vs.append(max(gap, 1e-17))
            worst = max(worst, gap)
    return ks, vs, worst


def double_gap(c, exe, rec, steps, cols):
    outp, err = run_optref(exe, run_args(c, c["steps"]) + ["--format", "hex"], may_fail=True)
    if outp is None:
        return None
    lines = outp.strip().split("\n")
    head = lines[0].split(",")
    xcols = [j for j, h in enumerate(head) if h.startswith("x[") and h in cols]
    colmax = {j: 0.0 for j in xcols}
    ks, vs, worst = [], [], 0.0
    want = set(steps)
    for line in lines[1:]:
        f = line.split(",")
        t = int(f[0])
        if t not in want:
            continue
        m = 0.0
        for j in xcols:
            if (t, head[j]) not in rec:
                continue
            e = rec[(t, head[j])][0]
            d = float.fromhex(f[j]) if f[j] not in ("inf", "-inf", "nan") else float(f[j])
            if not (math.isfinite(e) and math.isfinite(d)):
                continue
            colmax[j] = max(colmax[j], abs(e))
            scale = max(abs(e), colmax[j])
            if scale > 0:
                m = max(m, abs(d - e) / scale)
        if t > 0:
            ks.append(t)
            vs.append(max(m, 1e-17))
            worst = max(worst, m)
    return ks, vs, worst


# ---- HTML ---------------------------------------------------------------------

CSS = """body{font-family:sans-serif;max-width:76em;margin:1em auto;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
nav{font-size:.9em;margin-bottom:1em}nav a{margin-right:1em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}code,pre,.pc,.code{font-family:monospace}
table.align{width:100%}table.align td.ln{font-weight:bold;white-space:nowrap;background:#f8f8f0}
table.align td.pc{width:35%;background:#f8f8f0}table.align td.code{font-size:.9em}
.code div{white-space:pre}.code a{color:#888;text-decoration:none;margin-right:.6em}
.tag{color:#1a7f37;font-weight:bold}.variant{color:#8250df;font-size:.85em}
pre.src{font-size:.85em;background:#fafafa;border:1px solid #ddd;padding:.5em;overflow-x:auto}
pre.src a{color:#aaa;text-decoration:none}figure{display:inline-block;margin:.5em;max-width:46%;vertical-align:top}
figure img{width:100%;border:1px solid #ddd}figcaption{font-size:.8em;color:#444}
.slip td{font-size:.92em}.muted{color:#777}.note{margin:.3em 0}"""


def page(title, body, depth):
    up = "../" * depth
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{esc(title)} — optref</title>\n<link rel=\"stylesheet\" href=\"{up}style.css\">\n"
            "</head>\n<body>\n"
            f"<nav><a href=\"{up}index.html\">optref: index</a><a href=\"{up}errata.html\">errata</a></nav>\n"
            f"{body}\n</body>\n</html>\n")


def code_html(line):
    """A C line, its tag comments marked."""
    out, pos = [], 0
    for m in TAG.finditer(line):
        out.append(esc(line[pos:m.start()]))
        out.append(f'<span class="tag">{esc(m.group(0))}</span>')
        pos = m.end()
    out.append(esc(line[pos:]))
    return "".join(out)


def align_table(f):
    rows = []
    for p in f["pseudocode"]:
        lines = [c for c in f["code"] if p["n"] in c["tags"]]
        code = "".join(f'<div><a href="#src-{c["n"]}">{c["n"]}</a>'
                       f'{code_html(re.sub(r"  +(?=/[*])", "  ", c["text"].strip()))}</div>'
                       for c in lines) or '<span class="muted">(no tagged line)</span>'
        var = f' <span class="variant">[{esc(p["variant"])}]</span>' if p["variant"] else ""
        rows.append(f'<tr id="L{p["n"]}"><td class="ln">L{p["n"]}</td><td class="pc">{esc(p["text"])}{var}</td>'
                    f'<td class="code">{code}</td></tr>')
    cap = f"<p>{esc(f['pcaption'])}</p>" if f["pcaption"] else ""
    return (f"<h2>The slide's lines and the code</h2>{cap}<table class=\"align\">"
            "<tr><th>line</th><th>pseudocode</th><th>C lines tagged with it (file line: code)</th></tr>"
            + "".join(rows) + "</table>")


def source_listing(f):
    body = "\n".join(f'<a id="src-{n}">{n:4d}</a>  {code_html(l)}'
                     for n, l in enumerate(f["text"].rstrip("\n").split("\n"), start=1))
    return f"<h2>The file: <code>{esc(f['file'])}</code></h2><pre class=\"src\">{body}</pre>"


def header_sections(f, slips):
    out = []
    if f["sources"]:
        out.append("<h2>Sources</h2><ul>" + "".join(f"<li>{esc(s)}</li>" for s in f["sources"]) + "</ul>")
    out.append("<h2>Slips noticed</h2>" + slips_html(slips, f))
    for head, items in f["notes"]:
        if head:
            out.append(f"<h3>{esc(head)}</h3><ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")
        else:
            out += [f'<p class="note">{esc(i)}</p>' for i in items]
    return "".join(out)


def slips_html(slips, f):
    if not slips:
        return f"<p>{esc(f['slips_none'] or 'None recorded in the file.')}</p>"
    rows = []
    for s in slips:
        rows.append(slip_row(s, None))
    return ("<table class=\"slip\"><tr><th>deck</th><th>slide</th><th>the slide says</th>"
            "<th>the cited source says</th></tr>" + "".join(rows) + "</table>")


def slip_row(s, link):
    says = esc(s["says"]) + (f'<br><span class="muted">{esc(s["note"])}</span>' if s["note"] else "")
    inf = ' class="muted" title="taken from the file\'s Sources"' if s.get("inferred") else ""
    cells = (f"<td{inf}>{esc(s['deck']) or '—'}</td><td{inf}>{esc(s['slide'])}</td>"
             + (f"<td>{says}</td><td>{esc(s['source'])}</td>" if s["structured"]
                else f"<td colspan=\"2\">{says}</td>"))
    return "<tr>" + cells + (f"<td>{link}</td>" if link is not None else "") + "</tr>"


def params_table(params, variants=True):
    if not params:
        return "<p>No parameters.</p>"
    rows = []
    for p in params:
        d = "(required)" if p["required"] else "—" if p["default"] is None else esc(fmt_num(p["default"]))
        v = ", ".join(p.get("variants", [])) if variants else ""
        rows.append(f"<tr><td><code>{esc(p['name'])}</code></td><td>{esc(p['symbol'] or '')}</td><td>{d}</td>"
                    f"<td>{esc(', '.join(p['flags']))}</td>" + (f"<td>{esc(v)}</td>" if variants else "")
                    + f"<td>{esc(p['doc'] or '')}</td></tr>")
    return ("<table><tr><th>name</th><th>symbol</th><th>default</th><th>flags</th>"
            + ("<th>variants</th>" if variants else "") + "<th>meaning</th></tr>" + "".join(rows) + "</table>")


def fmt_num(v):
    return v if isinstance(v, str) else repr(v)


def cases_section(cs, plots, notes, what):
    if not cs:
        return f"<h2>Golden cases</h2><p>No case of golden/cases.in uses this {what}.</p>"
    rows = "".join(f"<tr><td><a href=\"#case-{esc(c['name'])}\"><code>{esc(c['name'])}</code></a></td>"
                   f"<td>{esc(c['alg'])}</td><td>{esc(c['variant'])}</td><td><code>{esc(c['problem'])}</code></td>"
                   f"<td>{c['steps']}</td><td><code>{esc(' '.join(c['items']))}</code></td></tr>" for c in cs)
    out = ["<h2>Golden cases</h2><p>From <code>golden/cases.in</code>; values in "
           "<code>golden/out/&lt;case&gt;.out</code> (format: doc/golden-format.md).</p>"
           "<table><tr><th>case</th><th>algorithm</th><th>variant</th><th>problem</th><th>steps</th>"
           f"<th>items</th></tr>{rows}</table>"]
    for c in cs:
        figs = "".join(f'<figure><img src="../img/{esc(p["png"])}" alt="{esc(p["job"]["title"])}">'
                       f'<figcaption>{esc(p["caption"])}</figcaption></figure>' for p in plots.get(c["name"], []))
        doc = f"<p>{esc(c['doc'])}</p>" if c["doc"] else ""
        note = f'<p class="muted">{esc(notes[c["name"]])}</p>' if notes.get(c["name"]) else ""
        out.append(f'<h3 id="case-{esc(c["name"])}">{esc(c["name"])}</h3>{doc}{note}{figs}')
    return "".join(out)


# ---- the site ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Writes optref's static site.")
    ap.add_argument("--optref", required=True)
    ap.add_argument("--srcroot", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--plots-for", metavar="PAGE,...", help="draw only the plots these pages show (alg/adam.html)")
    a = ap.parse_args()
    root, exe, out = a.srcroot, a.optref, a.out

    decks = read_decks(os.path.join(root, "doc", "decks.in"))
    load_golden = load_golden_loader(root)
    cases = read_cases(os.path.join(root, "golden", "cases.in"))
    problems = sorted({c["problem"] for c in cases})
    args = ["list", "--json"] + [x for p in problems for x in ("--problem", p)]
    meta = json.loads(run_optref(exe, args)[0])
    inst = {i["spec"]: i for i in meta.get("instances", [])}
    claims = read_claims(exe)

    if os.path.exists(out):
        if os.listdir(out) and not os.path.exists(os.path.join(out, MARK)):
            die(f"{out} exists and is not a site written by site_gen.py; refusing to replace it")
        shutil.rmtree(out)
    for d in ("alg", "sched", "claim", "img"):
        os.makedirs(os.path.join(out, d))
    open(os.path.join(out, MARK), "w").close()
    with open(os.path.join(out, "style.css"), "w", encoding="utf-8") as fh:
        fh.write(CSS + "\n")

    gold = {}
    for c in cases:
        p = os.path.join(root, "golden", "out", c["name"] + ".out")
        if os.path.exists(p):
            gold[c["name"]] = load_golden(p)
    plots, notes, jobs, grids = {}, {}, [], []
    for c in cases:
        if c["name"] not in gold:
            plots[c["name"]], notes[c["name"]] = [], f"golden/out/{c['name']}.out is not generated yet."
            continue
        ps, note = case_plots(c, gold[c["name"]], inst[c["problem"]], exe)
        plots[c["name"]], notes[c["name"]] = ps, note
        for p in ps:
            p["job"]["path"] = os.path.join(out, "img", p["png"])
            jobs.append(p["job"])
            if "grid_spec" in p:
                grids.append(p)

    index = {}      # deck -> slide -> {(href, label)}
    errata = []     # (slip, file, href)

    def note_mentions(text, href, label):
        for deck, slide in mentions(text, decks):
            index.setdefault(deck, {}).setdefault(slide, set()).add((href, label))

    # algorithms
    for alg in meta["algorithms"]:
        f = parse_file(root, alg["file"])
        href = f"alg/{alg['name']}.html"
        slips = file_slips(f, decks)
        for s in slips:
            errata.append((s, f["file"], href))
            if s["deck"]:
                index.setdefault(s["deck"], {}).setdefault(s["slide"], set()).add((href, alg["name"] + " (slip)"))
        for s in f["sources"]:
            note_mentions(s, href, alg["name"])
        cs = [c for c in cases if c["alg"] == alg["name"]]
        vrows = "".join(f"<tr><td><code>{esc(v['name'])}</code>{' (default)' if k == 0 else ''}</td>"
                        f"<td>{esc(v['doc'] or '')}</td><td><a href=\"#L{v['x_line']}\">L{v['x_line']}</a></td>"
                        f"<td><a href=\"#L{v['g_line']}\">L{v['g_line']}</a></td></tr>"
                        for k, v in enumerate(alg["variants"]))
        srows = "".join(f"<tr><td><code>{esc(s['name'])}</code></td><td>{esc(s['symbol'] or '')}</td>"
                        f"<td>{esc(s['extent'])}{' (not recorded)' if s['internal'] else ''}</td>"
                        f"<td><a href=\"#L{s['line']}\">L{s['line']}</a></td><td>{esc(', '.join(s['variants']))}</td>"
                        f"<td>{esc(s['doc'] or '')}</td></tr>" for s in alg["state"])
        ewma = ewma_plot(alg, cases, out)
        figs = ""
        if ewma:
            jobs.append(ewma[0])
            figs = (f"<h2>EWMA weights</h2><figure><img src=\"../img/{esc(ewma[1])}\" alt=\"EWMA weights\">"
                    f"<figcaption>{esc(ewma[2])}</figcaption></figure>")
        body = (f"<h1>{esc(alg['name'])}: {esc(alg['title'])}</h1>"
                f"<p>{esc(f['title'])}<br>Primary sources: {esc(alg['source'])}. "
                f"File: <a href=\"#src-1\"><code>{esc(alg['file'])}</code></a>.</p>"
                + align_table(f) + header_sections(f, slips)
                + "<h2>Variants</h2><table><tr><th>variant</th><th>update</th><th>writes x</th><th>computes g</th></tr>"
                + vrows + "</table><h2>Hyper-parameters</h2>" + params_table(alg["params"])
                + ("<h2>State</h2><table><tr><th>name</th><th>symbol</th><th>extent</th><th>written by</th>"
                   "<th>variants</th><th>meaning</th></tr>" + srows + "</table>" if alg["state"] else "")
                + figs + claims_section(alg["name"], claims) + cases_section(cs, plots, notes, "algorithm")
                + source_listing(f))
        write(out, href, page(alg["name"], body, 1))

    # schedules
    for sc in meta["schedules"]:
        f = parse_file(root, sc["file"])
        href = f"sched/{sc['name']}.html"
        slips = file_slips(f, decks)
        for s in slips:
            errata.append((s, f["file"], href))
            if s["deck"]:
                index.setdefault(s["deck"], {}).setdefault(s["slide"], set()).add((href, sc["name"] + " (slip)"))
        for s in f["sources"]:
            note_mentions(s, href, "schedule " + sc["name"])
        cs = [c for c in cases if c["schedule"] == sc["name"]]
        step_params = {x["name"]: [p["name"] for p in x["params"] if "step" in p["flags"]] for x in meta["algorithms"]}
        fig, why = schedule_plot(sc, cs, gold, exe, out, step_params)
        if fig:
            png, caption, job = fig
            jobs.append(job)
            fig = (f"<figure><img src=\"../img/{esc(png)}\" alt=\"eta_t of {esc(sc['name'])}\">"
                   f"<figcaption>{esc(caption)}</figcaption></figure>")
        else:
            fig = f'<p class="muted">{esc(why)}</p>'
        body = (f"<h1>schedule {esc(sc['name'])}: {esc(sc['title'])}</h1>"
                f"<p>{esc(f['title'])}<br><b>{esc(sc['formula'])}</b>. Sources: {esc(sc['source'])}. "
                f"File: <a href=\"#src-1\"><code>{esc(sc['file'])}</code></a>. Used as "
                f"<code>schedule={esc(sc['name'])}[:p=v,...]</code>.</p>"
                + align_table(f) + header_sections(f, slips) + "<h2>Parameters</h2>"
                + params_table(sc["params"], variants=False)
                + "<h2>η_t</h2>" + fig
                + cases_section(cs, {c["name"]: [] for c in cs}, {}, "schedule") + source_listing(f))
        write(out, href, page("schedule " + sc["name"], body, 1))

    # theory claims (optref check), when the program has them
    for cl in claims:
        href = f"claim/{cl['name']}.html"
        note_mentions(cl.get("source", ""), href, "claim " + cl["name"])
        body, cjobs = claim_page(cl, out)
        jobs += cjobs
        write(out, href, page("claim " + cl["name"], body, 1))

    # errata
    rows = "".join(slip_row(s, f'<a href="{esc(h)}"><code>{esc(fl)}</code></a>') for s, fl, h in errata)
    body = ("<h1>Errata: the slips recorded in the sources</h1>"
            "<p>Every note under “Slips noticed” in <code>ref/alg/*.c</code> and <code>ref/sched/*.c</code>, "
            f"{len(errata)} in all. Where a slide and the source it cites disagree, the file implements the source. "
            "A note written in the structured form (doc/design.md) fills the two last columns apart; a free-text "
            "note spans both. A deck or slide in grey is not named by the note: it is the one the file's Sources "
            "cite.</p><table class=\"slip\"><tr><th>deck</th><th>slide</th><th>the slide says</th>"
            "<th>the cited source says</th><th>file (page)</th></tr>" + rows + "</table>")
    write(out, "errata.html", page("errata", body, 0))

    # index
    order = [d[0] for d in decks]
    parts = ["<h1>optref: the algorithms of the lectures, line by line</h1>"
             "<p>Each page puts a slide's pseudocode beside the C lines that implement it, with the sources, the "
             "slips, the hyper-parameters and the golden cases (exact trajectories) drawn. "
             "<a href=\"errata.html\">Errata</a>: every slip recorded.</p><h2>By deck and slide</h2>"]
    titles = {d[0]: d[2] for d in decks}
    for deck in sorted(index, key=lambda d: order.index(d) if d in order else len(order)):
        parts.append(f"<h3>{esc(deck)} <span class=\"muted\">{esc(titles.get(deck, ''))}</span></h3><table>"
                     "<tr><th>slide</th><th>pages</th></tr>")
        rows = {}   # "Algorithm 3" and 'Algorithm 3 "Adam"' are one slide, shown by its longest name
        for slide, pages in index[deck].items():
            m = re.match(r"Algorithm \d+(?:\.\d+)?(?![\d.])", slide)
            key = m.group(0) if m else slide.lower()
            name, have = rows.get(key, ("", set()))
            rows[key] = (max(name, slide, key=len), have | pages)
        for slide, pages in sorted(rows.values(), key=lambda r: (r[0] == "", r[0].lower())):
            links = ", ".join(f'<a href="{esc(h)}">{esc(l)}</a>' for h, l in sorted(pages))
            parts.append(f"<tr><td>{esc(slide) or '<span class=muted>(the deck, no slide named)</span>'}</td>"
                         f"<td>{links}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Algorithms</h2><ul>" + "".join(
        f'<li><a href="alg/{esc(x["name"])}.html">{esc(x["name"])}</a>: {esc(x["title"])}</li>'
        for x in meta["algorithms"]) + "</ul>")
    parts.append("<h2>Schedules</h2><ul>" + "".join(
        f'<li><a href="sched/{esc(x["name"])}.html">{esc(x["name"])}</a>: {esc(x["formula"])}</li>'
        for x in meta["schedules"]) + "</ul>")
    if claims:
        parts.append("<h2>Theory claims</h2><ul>" + "".join(
            f'<li><a href="claim/{esc(x["name"])}.html">{esc(x["name"])}</a>: {esc(x.get("title", ""))}</li>'
            for x in claims) + "</ul>")
    write(out, "index.html", page("index", "".join(parts), 0))

    if a.no_plots:
        return
    if a.plots_for:
        shown = set()
        for p in a.plots_for.split(","):
            try:
                shown |= set(re.findall(r'src="\.\./img/([^"]+)"', open(os.path.join(out, p), encoding="utf-8").read()))
            except OSError:
                die(f"--plots-for: no page {p}")
        jobs = [j for j in jobs if os.path.basename(j["path"]) in shown]
        grids = [g for g in grids if g["png"] in shown]
    for p in grids:
        spec, grid = p["grid_spec"]
        g = json.loads(run_optref(exe, ["list", "--json", "--problem", spec, "--grid", grid])[0])
        g = g["instances"][0]["grid"]
        fl = sorted(v for row in g["f"] for v in row if isinstance(v, float) and math.isfinite(v))
        lo, hi = fl[0], fl[-1]
        # levels spaced on a square-root scale: the valleys get lines too
        p["job"]["levels"] = sorted({lo + (hi - lo) * (i / 14) ** 2 for i in range(1, 15)})
        p["job"]["grid"] = {"x": g["x"], "y": g["y"], "f": [[v if isinstance(v, float) else float("nan")
                                                            for v in row] for row in g["f"]]}
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        die("matplotlib is missing (Debian: apt-get install python3-matplotlib; tools/bootstrap installs it)")
    import multiprocessing
    with multiprocessing.Pool(max(1, min(4, os.cpu_count() or 1))) as pool:
        pool.map(plot_job, jobs)


def write(out, rel, text):
    with open(os.path.join(out, rel), "w", encoding="utf-8") as fh:
        fh.write(text)


def ewma_plot(alg, cases, out):
    """Lecture 11.5: a decay γ in [0, 1) weighs the value τ steps back by γ^τ
    (times 1 − γ when the average is normalised); the weights sum to 1/(1 − γ)."""
    series = []
    for p in alg["params"]:
        if "unit" not in p["flags"]:
            continue
        vals = []
        if isinstance(p["default"], (int, float)):
            vals.append((p["default"], "default"))
        for c in cases:
            if c["alg"] == alg["name"] and p["name"] in c["hp"]:
                try:
                    v = float(c["hp"][p["name"]]) if "x" not in c["hp"][p["name"]] else float.fromhex(c["hp"][p["name"]])
                except ValueError:
                    continue
                vals.append((v, c["name"]))
        seen = set()
        for v, why in vals:
            if (p["name"], v) in seen or not 0 < v < 1:
                continue
            seen.add((p["name"], v))
            series.append({"v": [v ** t for t in range(40)],
                           "label": f"{p['symbol']} = {v:g} ({why}; weights sum to 1/(1 − {p['symbol']}) = {1 / (1 - v):.4g})"})
    if not series:
        return None
    png = f"{alg['name']}-ewma.png"
    return ({"kind": "ewma", "series": series, "path": os.path.join(out, "img", png),
             "title": f"{alg['name']}: weight of the value τ steps back, γ^τ"}, png,
            "Each decay rate in [0, 1) among the hyper-parameters (flag unit), at its default and at the values "
            "the golden cases use: the weight γ^τ an exponentially weighted moving average gives the value τ "
            "steps back (Lecture 11.5 draws the same for γ in 0.7 … 0.95); a normalised average multiplies by 1 − γ.")


def schedule_plot(sc, cs, gold, exe, out, step_params):
    """η_t of the schedule with its default parameters and with those of each
    golden case that uses it (optref's double variant, `optref run`), and the
    cases' exact η_t as points.  None, and why, when there is nothing to draw."""
    series, notes = [], []
    specs = [sc["name"]] + sorted({c["schedule_spec"] for c in cs if c["schedule_spec"] != sc["name"]})
    for spec in specs:
        outp, err = run_optref(exe, ["run", "gd", "square", "eta=1", "schedule=" + spec, "--steps", "100",
                                     "--format", "hex"], may_fail=True)
        if outp is None:
            notes.append(f"schedule={spec}: {err}")
            continue
        lines = outp.strip().split("\n")
        j = lines[0].split(",").index("eta")
        rows = [l.split(",") for l in lines[2:]]
        series.append({"t": [int(r[0]) for r in rows], "v": [float.fromhex(r[j]) for r in rows],
                       "label": f"η_t / η0, schedule={spec}" + (" (defaults)" if spec == sc["name"] else "")})
    for c in cs[:6]:
        if c["name"] not in gold or sc["name"] == "constant":
            continue
        header, rec = gold[c["name"]]
        hp = dict(l.split()[:2] for l in header.get("hp", []))
        eta0 = [float.fromhex(hp[n]) for n in step_params.get(c["alg"], []) if n in hp]
        ts = sorted(t for t, q in rec if q == "eta")
        if not eta0 or not ts:
            continue
        series.append({"t": ts, "v": [rec[(t, "eta")][0] / eta0[0] for t in ts], "style": "o", "label":
                       f"{c['name']}: η_t / η0 ({c['schedule_spec']}, golden)"})
    why = "; ".join(notes)
    if not series:
        return None, "No curve: " + why + ". A golden case using this schedule would give one."
    png = f"sched-{sc['name']}-eta.png"
    caption = ("η_t against the update t from optref's own schedule (the double variant: `optref run gd square "
               "eta=1 schedule=...`, 100 updates) and, as points, the exact η_t of the golden cases that use it, "
               "divided by their η0.")
    if notes:
        caption += " Not drawn with the defaults alone: a parameter has no default."
    return (png, caption, {"kind": "eta", "series": series, "ylabel": "η_t / η0", "path": os.path.join(out, "img", png),
                           "title": f"schedule {sc['name']}: {sc['formula']}"}), ""


# ---- theory claims ---------------------------------------------------------------

def read_claims(exe):
    """The theory claims of `optref check`, when the program has the command:
    `optref check --list` names them (NAME TITLE, then indented "source:" and
    "candidate:" lines), `optref check NAME` reports each: parts "[n] what",
    a column head, rows "k measured <=|>=|>|< bound [crossed]", notes, and
    the verdict line "PASS NAME" or "FAIL NAME".  The report is shown as the
    program prints it; the rows it parses are drawn."""
    outp, _ = run_optref(exe, ["check", "--list"], may_fail=True)
    if outp is None:
        return []
    claims = []
    for line in outp.split("\n"):
        if line and not line[0].isspace():
            name, _, title = line.partition(" ")
            claims.append({"name": name, "title": title.strip()})
        elif claims and ":" in line:
            key, _, val = line.strip().partition(":")
            claims[-1][key.strip()] = val.strip()
    for cl in claims:
        p = subprocess.run([exe, "check", cl["name"]], capture_output=True, text=True)
        cl["text"] = p.stdout.rstrip() or p.stderr.strip()
        cl["verdict"] = next((l.split()[0] for l in p.stdout.split("\n") if re.match(r"(PASS|FAIL) ", l)), "")
        cl["parts"] = parse_claim_report(p.stdout)
    return claims


def claims_section(name, claims):
    """The claims one of whose parts runs this algorithm ("gd eta=... on ...")."""
    mine = [c for c in claims if any(p["what"].split()[:1] == [name] for p in c.get("parts", []))]
    if not mine:
        return ""
    return ("<h2>Theory claims</h2><ul>" + "".join(
        f'<li><a href="../claim/{esc(c["name"])}.html">{esc(c["name"])}</a> ({esc(c.get("verdict", ""))}): '
        f'{esc(c.get("title", ""))}</li>' for c in mine) + "</ul>")


def parse_claim_report(text):
    parts = []
    for line in text.split("\n"):
        m = re.match(r"\s+\[(\d+)\] (.*)$", line)
        if m:
            parts.append({"what": m.group(2), "head": None, "rows": [], "control": False})
            continue
        if not parts:
            continue
        p = parts[-1]
        if "control:" in line:
            p["control"] = True
        h = re.match(r"\s+k  (.*?)\s{2,}(.*?)\s*$", line)
        if p["head"] is None and h:
            p["head"] = (h.group(1).strip(), h.group(2).strip())
            continue
        r = re.match(r"\s+(\d+)\s+(\S+)\s+(<=|>=|>|<)\s+(\S+)(\s+crossed)?\s*$", line)
        if r:
            try:
                p["rows"].append((int(r.group(1)), float(r.group(2)), float(r.group(4)), not r.group(5)))
            except ValueError:
                pass
    return parts


def claim_page(cl, out):
    jobs = []
    parts = [f"<h1>claim {esc(cl['name'])}: {esc(cl.get('title', ''))}</h1>"
             f"<p>Source: {esc(cl.get('source', ''))}<br>A candidate gives: {esc(cl.get('candidate', ''))}<br>"
             f"Verdict of <code>optref check {esc(cl['name'])}</code>: <b>{esc(cl.get('verdict') or '?')}</b></p>"]
    for k, p in enumerate(cl.get("parts", [])):
        if not p["rows"] or not p["head"]:
            continue
        png = f"claim-{cl['name']}-{k + 1}.png"
        pos = all(m > 0 and b > 0 for _, m, b, _ in p["rows"])
        ks = [r[0] for r in p["rows"]]
        jobs.append({"kind": "claim", "log": pos, "path": os.path.join(out, "img", png),
                     "title": f"[{k + 1}] {p['what']}"[:80],
                     "series": [{"k": ks, "v": [r[1] for r in p["rows"]], "style": "o-", "label": p["head"][0]},
                                {"k": ks, "v": [r[2] for r in p["rows"]], "style": "k--",
                                 "label": "bound: " + p["head"][1]}]})
        what = "a control: the bound must be crossed somewhere" if p["control"] else "must hold at every step"
        parts.append(f"<figure><img src=\"../img/{esc(png)}\" alt=\"{esc(p['what'])}\"><figcaption>[{k + 1}] "
                     f"{esc(p['what'])} ({what}): the measured quantity of optref's exact run and the theorem's "
                     f"bound at the checkpoints the report prints.</figcaption></figure>")
    parts.append(f"<h2>The report</h2><pre class=\"src\">{esc(cl.get('text', ''))}</pre>")
    return "".join(parts), jobs


if __name__ == "__main__":
    main()
