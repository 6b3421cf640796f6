"""Suite pages: the site in a real browser.  Headless Chromium (Debian's
chromium) loads one page of each type from file:// (index, errata, an
algorithm, a schedule, a theory claim when there are any) inside a probe
page of the test's own, which reports what the browser made of it: the
style sheet applied, the expected elements, and every <img> decoded
(naturalWidth > 0).  The generator draws only the plots of the pages
shown, to stay fast.
Exit 77 (skipped) when chromium or matplotlib is not installed.
usage: check_site_browser.py SITE_GEN.PY SRCROOT OPTREF"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

gen_py, root, exe = sys.argv[1:4]
if "vgpreload" in os.environ.get("LD_PRELOAD", ""):
    print("under valgrind (meson test --setup valgrind): skipped; the C it runs is checked by the ASan run")
    sys.exit(77)
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    print("chromium is not installed (Debian: apt-get install chromium): skipped")
    sys.exit(77)
try:
    import matplotlib  # noqa: F401
except ImportError:
    print("matplotlib is not installed (Debian: apt-get install python3-matplotlib): skipped")
    sys.exit(77)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--allow-file-access-from-files"]

# The probe: loads a page in a frame and writes, as JSON, what it found.
PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
<iframe id="f" src="%s" style="width:1200px;height:800px"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument, r = {title: d.title, imgs: [], counts: {}};
  r.font = getComputedStyle(d.body).fontFamily;
  for (var i = 0; i < d.images.length; i++)
    r.imgs.push([d.images[i].getAttribute("src"), d.images[i].complete, d.images[i].naturalWidth]);
  ["table.align", "table.slip", "figure img", "h1", "a[href]"].forEach(function (s) {
    r.counts[s] = d.querySelectorAll(s).length; });
  document.getElementById("out").textContent = JSON.stringify(r);
};
</script></body></html>
"""

failures = []
with tempfile.TemporaryDirectory() as tmp:
    site = os.path.join(tmp, "site")
    r = subprocess.run([sys.executable, gen_py, "--optref", exe, "--srcroot", root, "--out", site, "--no-plots"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: the generator: {r.stderr.strip()}")

    def first_with(kind, pattern):
        d = os.path.join(site, kind)
        for p in sorted(os.listdir(d)):
            if re.search(pattern, open(os.path.join(d, p), encoding="utf-8").read()):
                return f"{kind}/{p}"
        return None

    # one page of each type; the algorithm and schedule pages with plots
    want = {"index.html": {"h1": 1, "a[href]": 10}, "errata.html": {"table.slip": 1}}
    alg = first_with("alg", r'-traj\.png') or first_with("alg", r"<img")
    sched = first_with("sched", r"<img")
    claim = first_with("claim", r"<h1")
    for page, counts in ((alg, {"table.align": 1, "figure img": 2}), (sched, {"table.align": 1, "figure img": 1}),
                         (claim, {"h1": 1})):
        if page:
            want[page] = counts
    for kind, page in (("algorithm", alg), ("schedule", sched)):
        if not page:
            failures.append(f"no {kind} page with a plot")
    shown = [p for p in want if "/" in p]
    r = subprocess.run([sys.executable, gen_py, "--optref", exe, "--srcroot", root, "--out", site,
                        "--plots-for", ",".join(shown)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: the generator: {r.stderr.strip()}")

    for page, counts in want.items():
        probe = os.path.join(site, "probe.html")
        open(probe, "w", encoding="utf-8").write(PROBE % page)
        prof = tempfile.mkdtemp(dir=tmp)
        run = subprocess.run([chromium] + FLAGS + [f"--user-data-dir={prof}", "--virtual-time-budget=20000",
                                                   "--dump-dom", "file://" + probe],
                             capture_output=True, text=True, timeout=120)
        m = re.search(r'<pre id="out">(.*?)</pre>', run.stdout, re.S)
        if run.returncode != 0 or not m or m.group(1) == "pending":
            failures.append(f"{page}: chromium did not load it (exit {run.returncode}): {run.stderr.strip()[-300:]}")
            continue
        rep = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                         .replace("&gt;", ">"))
        if "sans-serif" not in rep["font"]:
            failures.append(f"{page}: the style sheet was not applied (font {rep['font']})")
        for sel, n in counts.items():
            if rep["counts"].get(sel, 0) < n:
                failures.append(f"{page}: {rep['counts'].get(sel, 0)} '{sel}', expected at least {n}")
        for src, complete, width in rep["imgs"]:
            if not complete or width <= 0:
                failures.append(f"{page}: image {src} did not load")
        print(f"{page}: {len(rep['imgs'])} images loaded, {rep['counts']}")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"browser: {len(want)} pages rendered by {os.path.basename(chromium)}")
