"""Suite pages: the site's pages exist and hold what their files say, and the
built site (BUILDDIR/site, when `meson compile -C BUILDDIR docs` made one) is
not stale.  Cheap: the generator runs with --no-plots into a temporary
directory (the pages are the same with or without the PNG files).

Checked, from `optref list --json` and the files themselves:
  - every algorithm, schedule and claim (`optref check --list`) has its page;
    each algorithm and schedule page holds every numbered
    pseudocode line of its file and links every C line tagged with one;
  - the errata page has one row per slip note of each file;
  - every link of the index and the errata leads to a page that exists, and
    the index links every page;
  - BUILDDIR/site holds exactly the pages generated now, byte for byte.
The checks are also run on broken pages, to show they fail.
usage: check_site.py SITE_GEN.PY SRCROOT OPTREF BUILDDIR"""
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

gen_py, root, exe, builddir = sys.argv[1:5]
if "vgpreload" in os.environ.get("LD_PRELOAD", ""):
    print("under valgrind (meson test --setup valgrind): skipped; the C it runs is checked by the ASan run")
    sys.exit(77)
spec = importlib.util.spec_from_file_location("site_gen", gen_py)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
failures = []


def fail(msg):
    failures.append(msg)


def pseudocode_lines(text):
    block = re.search(r"@pseudocode\n(.*?)@end", text, re.S)
    return [re.sub(r"\s+\[\w+\]$", "", m.group(2)) for l in block.group(1).splitlines()
            for m in [re.match(r"\s*\*\s+L(\d+)\s+(.*?)\s*$", l)] if m]


def tagged_lines(text):
    end = text.index("*/") if "*/" in text else 0
    first = text[:end].count("\n") + 2
    return [n for n, l in enumerate(text.split("\n"), start=1)
            if n >= first and re.search(r"/\*\s*L\d+(?: L\d+)*(?::[^*]*)?\s*\*/", l)]


def slip_count(text):
    """Notes under 'Slips noticed': its '- ' items, or its own text; 'none' counts 0."""
    head = text[:text.index("*/")] if "*/" in text else text
    lines = [re.sub(r"^\s*\* ?", "", l) for l in head.split("\n")]
    n, inside = 0, False
    for l in lines:
        if l.startswith("Slips noticed"):
            inside = True
            rest = l[len("Slips noticed"):].lstrip(":").strip()
            n += 1 if rest and not rest.lower().startswith("none") else 0
            continue
        if inside:
            if not l.strip():
                break
            if l.strip().startswith("- ") and not l.strip()[2:].lower().startswith("none"):
                n += 1
    return n


def check_page(path, file_text, what):
    try:
        page = open(path, encoding="utf-8").read()
    except OSError:
        return fail(f"{what}: page {os.path.basename(path)} is missing")
    for line in pseudocode_lines(file_text):
        if html.escape(line, quote=True) not in page:
            return fail(f"{what}: page lacks pseudocode line '{line}'")
    for n in tagged_lines(file_text):
        if f'href="#src-{n}"' not in page:
            return fail(f"{what}: page does not show tagged line {n}")


def check_site(site, meta):
    for kind, key in (("alg", "algorithms"), ("sched", "schedules")):
        for x in meta[key]:
            text = open(os.path.join(root, x["file"]), encoding="utf-8").read()
            check_page(os.path.join(site, kind, x["name"] + ".html"), text, f"{key[:-1]} {x['name']}")
    for name in claim_names:
        if not os.path.exists(os.path.join(site, "claim", name + ".html")):
            fail(f"claim {name}: page claim/{name}.html is missing")
    errata = open(os.path.join(site, "errata.html"), encoding="utf-8").read()
    for x in meta["algorithms"] + meta["schedules"]:
        text = open(os.path.join(root, x["file"]), encoding="utf-8").read()
        want, got = slip_count(text), errata.count(f"<code>{html.escape(x['file'])}</code></a></td></tr>")
        if want != got:
            fail(f"errata: {x['file']} has {want} slip notes, the errata page lists {got}")
    index = open(os.path.join(site, "index.html"), encoding="utf-8").read()
    for name, page in (("index", index), ("errata", errata)):
        for href in re.findall(r'href="([^"#]+)', page):
            if not os.path.exists(os.path.join(site, href)):
                fail(f"{name}: link {href} leads nowhere")
    for kind in ("alg", "sched", "claim"):
        for p in sorted(os.listdir(os.path.join(site, kind))):
            if f'href="{kind}/{p}"' not in index:
                fail(f"index: no link to {kind}/{p}")


with tempfile.TemporaryDirectory() as tmp:
    site = os.path.join(tmp, "site")
    r = subprocess.run([sys.executable, gen_py, "--optref", exe, "--srcroot", root, "--out", site, "--no-plots"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: the generator: {r.stderr.strip()}")
    meta = json.loads(subprocess.run([exe, "list", "--json"], capture_output=True, text=True, check=True).stdout)
    listed = subprocess.run([exe, "check", "--list"], capture_output=True, text=True)
    claim_names = [l.split()[0] for l in listed.stdout.split("\n") if l and not l[0].isspace()] \
        if listed.returncode == 0 else []
    check_site(site, meta)
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)

    # the checks fail on broken pages
    a = meta["algorithms"][0]
    page = os.path.join(site, "alg", a["name"] + ".html")
    good = open(page, encoding="utf-8").read()
    first = html.escape(pseudocode_lines(open(os.path.join(root, a["file"]), encoding="utf-8").read())[0], quote=True)
    for broken, want in ((good.replace(first, ""), "lacks pseudocode line"),
                         (re.sub(r'href="#src-\d+"', 'href="#"', good), "does not show tagged line"),
                         (None, "is missing")):
        if broken is None:
            os.remove(page)
        else:
            open(page, "w", encoding="utf-8").write(broken)
        check_site(site, meta)
        if not any(want in f for f in failures):
            sys.exit(f"FAIL: a page broken so ('{want}') passed the checks")
        failures.clear()
        open(page, "w", encoding="utf-8").write(good)

    # optref list --json: instances and grids, and its usage errors
    j = json.loads(subprocess.run([exe, "list", "--json", "--problem", "quad-0.1-2", "--grid", "-1:1:3,0:2:2"],
                                  capture_output=True, text=True, check=True).stdout)["instances"][0]
    if (j["n"], j["x0"], j["xmin"], j["constants"]["L"], j["constants"]["mu"], j["constants"]["D"]) != \
            (2, [-5.0, -2.0], [0.0, 0.0], 4.0, 0.2, None):
        fail(f"optref list --json --problem quad-0.1-2: {j}")
    if j["grid"] != {"x": [-1.0, 0.0, 1.0], "y": [0.0, 2.0], "f": [[0.1, 0.0, 0.1], [8.1, 8.0, 8.1]]}:
        fail(f"optref list --grid on 0.1 x² + 2 y²: {j['grid']}")
    for args, want in ((["--problem", "square"], "--problem and --grid need --json"),
                       (["--json", "--grid", "0:1:2,0:1:2"], "--grid needs --problem"),
                       (["--json", "--problem", "square", "--grid", "0:1"], "expected X0:X1:NX,Y0:Y1:NY"),
                       (["--json", "--problem", "nosuch"], "--problem nosuch: unknown problem"),
                       (["--json", "--problem"], "--problem needs a value")):
        r = subprocess.run([exe, "list"] + args, capture_output=True, text=True)
        if r.returncode != 2 or want not in r.stderr or r.stdout:
            fail(f"optref list {' '.join(args)}: exit {r.returncode}, stderr '{r.stderr.strip()}', want '{want}'")

    # slip notes: the structured form and free text
    decks = gen.read_decks(os.path.join(root, "doc", "decks.in"))
    s = gen.parse_slip(["deck: Topic 27; slide: Algorithm 3, line 4", "says: (1 − β2)‖g‖², a scalar;",
                        "  shared by all coordinates.", "source: Kingma & Ba square element-wise."], decks)
    want = {"deck": "Topic 27", "slide": "Algorithm 3, line 4", "says": "(1 − β2)‖g‖², a scalar; shared by all "
            "coordinates.", "source": "Kingma & Ba square element-wise.", "structured": True}
    if any(s[k] != v for k, v in want.items()):
        fail(f"structured slip parsed as {s}")
    s = gen.parse_slip(['DS 4440 "RMSProp" divides α by √S without any stabiliser.'], decks)
    if (s["deck"], s["slide"], s["structured"]) != ("DS 4440", "RMSProp", False):
        fail(f"free-text slip parsed as {s}")
    s = gen.parse_slip(['DSCI 565 Lecture 17, slide "Adagrad", and Lecture 11.5, slide "Adagrad".'], decks)
    if (s["deck"], s["slide"]) != ("Lecture 17", "Adagrad"):
        fail(f"a deck's other name not mapped: {s}")

    # the built site, if any, is the one the tree gives now
    built = os.path.join(builddir, "site")
    if os.path.isdir(built):
        def pages(d):
            return sorted(os.path.relpath(os.path.join(p, f), d) for p, _, fs in os.walk(d)
                          for f in fs if f.endswith((".html", ".css")))
        now, then = pages(site), pages(built)
        stale = [f"{p} is {'missing' if p in now else 'extra'}" for p in sorted(set(now) ^ set(then))]
        stale += [f"{p} differs" for p in sorted(set(now) & set(then))
                  if open(os.path.join(site, p), "rb").read() != open(os.path.join(built, p), "rb").read()]
        for p in now:
            for img in re.findall(r'src="\.\./img/([^"]+)"', open(os.path.join(site, p), encoding="utf-8").read()):
                if not os.path.exists(os.path.join(built, "img", img)):
                    stale.append(f"img/{img} is missing")
        if stale:
            fail(f"the site in {built} is stale ({len(stale)}: {'; '.join(stale[:4])}"
                 f"{'; ...' if len(stale) > 4 else ''}): run meson compile -C {builddir} docs")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"pages: {len(meta['algorithms'])} algorithms, {len(meta['schedules'])} schedules, {len(claim_names)} claims, "
      "errata and index checked"
      + ("; the built site is current" if os.path.isdir(os.path.join(builddir, "site")) else
         "; no built site to compare (meson compile -C BUILDDIR docs)"))
