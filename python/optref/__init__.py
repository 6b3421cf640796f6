"""optref from Python: verify one step of your optimizer on its own tensors.

    import optref
    optref.assert_step_matches("adam", {"alpha": 1e-3}, before, after, t=5)

``before`` and ``after`` map optref's quantity names to arrays (NumPy arrays,
or anything with ``.numpy()`` such as a PyTorch tensor): ``before`` holds the
inputs of step t (``x``: the parameters x_{t-1}; ``g``: the gradient step t
used; the state at t-1, for Adam ``m`` and ``v``), ``after`` the outputs
(``x`` and the state at t).  Each coordinate's step is recomputed exactly by
the C library (liboptref, through ctypes) from your own inputs and rounded to
your format; the report says, per quantity, the largest error in ULPs and
where, and lists the first failures in pseudocode-line order
(doc/verify-step.md).  Only the standard library and NumPy are needed.
"""
import ctypes
import ctypes.util
import json
import math
import os
import tempfile

__all__ = ["verify_step", "assert_step_matches", "Report", "OptrefError"]


class OptrefError(ValueError):
    """Bad input: optref's one-line error (file, header field, position)."""


def _load():
    names = []
    if os.environ.get("OPTREF_LIB"):
        names.append(os.environ["OPTREF_LIB"])
    try:
        from . import _paths
        names.append(os.path.join(_paths.LIBDIR, "liboptref.so"))
    except ImportError:
        pass
    found = ctypes.util.find_library("optref")
    if found:
        names.append(found)
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        f = lib.optref_verify_step_json
        f.restype = ctypes.c_void_p
        f.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_char_p,
                      ctypes.c_char_p, ctypes.c_char_p, ctypes.c_long, ctypes.c_double, ctypes.c_int,
                      ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
        lib.optref_free.argtypes = [ctypes.c_void_p]
        return lib
    raise OSError("liboptref not found (tried %s); set OPTREF_LIB to its path" % (names or "nothing"))


_lib = None


def _to_numpy(a, dtype):
    import numpy as np
    if hasattr(a, "detach"):  # a PyTorch tensor
        a = a.detach().cpu()
        if str(a.dtype) == "torch.bfloat16":
            import torch
            return a.view(torch.int16).numpy().view(np.uint16), "bf16"
        a = a.numpy()
    a = np.asarray(a)
    if a.dtype.byteorder == ">":
        a = a.astype(a.dtype.newbyteorder("<"))
    return a, dtype


def _save(d, arrays, dtype):
    import numpy as np
    os.makedirs(d)
    for name, a in arrays.items():
        a, dtype = _to_numpy(a, dtype)
        np.save(os.path.join(d, name + ".npy"), a, allow_pickle=False)
    return dtype


class Report:
    """The verdict of one step: ``passed``, ``quantities`` (per quantity: line,
    compared, max_ulp, at, verdict, histogram), ``failures`` (quantity, index,
    line, text, expected, got, ulp), and the whole JSON as ``data``."""

    def __init__(self, data):
        self.data = data
        self.passed = data["pass"]
        self.quantities = {q["name"]: q for q in data["quantities"]}
        self.failures = data["failures"]

    def __bool__(self):
        return self.passed

    def __str__(self):
        d = self.data
        lines = ["%s %s, step t=%d, %d coordinates as %s, tolerance %g ULP" % (
            d["algorithm"], d["variant"], d["t"], d["coordinates"], d["format"], d["tolerance"])]
        for q in d["quantities"]:
            at = "%s[%s]" % (q["name"], ",".join(map(str, q["at"]))) if q["at"] else "-"
            lines.append("  %-6s L%-3d %9d values  max %8.3g ULP at %-14s %s" % (
                q["name"], q["line"], q["compared"], float(q["max_ulp"]), at, q["verdict"]))
        if d["failed"]:
            lines.append("failures (%d listed of %d), in pseudocode line order:" % (len(self.failures), d["failed"]))
            for f in self.failures:
                idx = "[%s]" % ",".join(map(str, f["index"])) if f["index"] else ""
                lines.append("  t=%d %s%s: expected %r (%s), got %r (%s): %.3g ULP; computed by L%d  %s  (%s)" % (
                    d["t"], f["quantity"], idx, float(f["expected"]), f["expected_hex"], float(f["got"]),
                    f["got_hex"], float(f["ulp"]), f["line"], f["text"], d["file"]))
        lines.append("PASS" if self.passed else "FAIL: %d values outside tolerance" % d["failed"])
        return "\n".join(lines)


def verify_step(algorithm, hyperparameters, before, after, *, t, dtype=None, tolerance=None,
                round_hparams=False, max_failures=20):
    """Judge one step t.  algorithm: "adam" or "adam:VARIANT"; hyperparameters:
    optref's names ({"alpha": 1e-3, "beta1": 0.9}; `optref list`); dtype: "f64",
    "f32", "bf16", "f16" or None (the arrays'); tolerance in ULPs or None (the
    reviewed budget).  Returns a Report; raises OptrefError on bad input."""
    global _lib
    if _lib is None:
        _lib = _load()
    items = ["%s=%s" % (k, repr(float(v)) if isinstance(v, (int, float)) else v)
             for k, v in hyperparameters.items()]
    with tempfile.TemporaryDirectory(prefix="optref-") as tmp:
        dtype = _save(os.path.join(tmp, "before"), before, dtype)
        dtype = _save(os.path.join(tmp, "after"), after, dtype)
        arr = (ctypes.c_char_p * max(1, len(items)))(*[s.encode() for s in items])
        err = ctypes.create_string_buffer(2048)
        p = _lib.optref_verify_step_json(algorithm.encode(), arr, len(items),
                                         os.path.join(tmp, "before").encode(), os.path.join(tmp, "after").encode(),
                                         dtype.encode() if dtype else None, int(t),
                                         math.nan if tolerance is None else float(tolerance),
                                         1 if round_hparams else 0, max_failures, err, len(err))
        if not p:
            raise OptrefError(err.value.decode(errors="replace").replace(tmp + "/", ""))
        try:
            text = ctypes.string_at(p).decode()
        finally:
            _lib.optref_free(p)
    return Report(json.loads(text))


def assert_step_matches(algorithm, hyperparameters, before, after, **kw):
    """verify_step, raising AssertionError with optref's report when the step
    does not match (step, coordinate, pseudocode line, ULPs)."""
    r = verify_step(algorithm, hyperparameters, before, after, **kw)
    if not r.passed:
        raise AssertionError("optref: one step of %s does not match:\n%s" % (algorithm, r))
    return r
