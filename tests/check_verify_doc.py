"""Suite doc: the exporter printed in doc/verify.md passes `optref verify`, and the
same exporter with epsilon moved inside the root fails, naming step 1 and line L7."""
import os
import re
import subprocess
import sys
import tempfile

root, exe = sys.argv[1], sys.argv[2]
doc = open(os.path.join(root, "doc", "verify.md"), encoding="utf-8").read()
code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
broken = code.replace("(math.sqrt(v[i] / (1 - b2**t)) + eps)", "math.sqrt(v[i] / (1 - b2**t) + eps)")
assert broken != code, "doc/verify.md: the exporter's denominator changed; update this test"

def verify(src):
    with tempfile.TemporaryDirectory() as d:
        csv = os.path.join(d, "candidate.csv")
        out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, check=True).stdout
        open(csv, "w").write(out)
        return subprocess.run([exe, "verify", "quad-adam-eta0.1", csv, "--quiet",
                               "--spec", os.path.join(root, "golden", "cases.in")],
                              capture_output=True, text=True)

ok = verify(code)
bad = verify(broken)
print(ok.stdout, ok.stderr, bad.stdout, bad.stderr)
sys.exit(0 if ok.returncode == 0 and bad.returncode == 1 and "first at t=1 x[0]" in bad.stdout
         and "L7" in bad.stdout else 1)
