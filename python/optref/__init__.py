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
import math as _math  # verify_step's parameter math= shadows the module there
import os
import tempfile

__all__ = ["verify_step", "verify_layers", "assert_step_matches", "Report", "LayersReport", "OptrefError"]


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
        try:
            f = lib.optref_verify_step_layer_json
            f.restype = ctypes.c_void_p
            f.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_char_p,
                          ctypes.c_char_p, ctypes.c_char_p, ctypes.c_long, ctypes.c_double, ctypes.c_int,
                          ctypes.c_size_t, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
        except AttributeError:  # an older liboptref: no layers
            pass
        try:  # mixed precision: + math, storage, rounding on store, significance
            f = lib.optref_verify_step_mixed_json
            f.restype = ctypes.c_void_p
            f.argtypes = lib.optref_verify_step_json.argtypes[:10] + [ctypes.c_char_p] * 3 + [
                ctypes.c_double, ctypes.c_char_p, ctypes.c_size_t]
        except AttributeError:  # an older liboptref
            pass
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
        self.mixed = data.get("mixed")  # mixed precision: per quantity, neighbours and statistic

    def __bool__(self):
        return self.passed

    def __str__(self):
        d = self.data
        bound = d.get("rule") == "bound"
        lines = ["%s %s, step t=%d, %d coordinates %s %s, %s" % (
            d["algorithm"], d["variant"], d["t"], d["coordinates"], "math" if self.mixed else "as", d["format"],
            "within the rounding bound (%s order)" % d["order"] if bound else "%s %g ULP" % (
                "budget before the store" if self.mixed else "tolerance", float(d["tolerance"])))]
        for q in d["quantities"]:
            if bound:
                at = "%s[%s]" % (q["name"], ",".join(map(str, q["bound_at"]))) if q["bound_at"] else "-"
                lines.append("  %-6s L%-3d %9d values  max %8.3g of the bound (%.3g ULP) at %-14s %s" % (
                    q["name"], q["line"], q["compared"], float(q["max_bound_ratio"]), float(q["max_ulp"]), at,
                    q["verdict"]))
                continue
            at = "%s[%s]" % (q["name"], ",".join(map(str, q["at"]))) if q["at"] else "-"
            lines.append("  %-6s L%-3d %9d values  max %8.3g ULP at %-14s %s" % (
                q["name"], q["line"], q["compared"], float(q["max_ulp"]), at, q["verdict"]))
        if d["failed"]:
            lines.append("failures (%d listed of %d), in pseudocode line order:" % (len(self.failures), d["failed"]))
            for f in self.failures:
                idx = "[%s]" % ",".join(map(str, f["index"])) if f["index"] else ""
                dist = ("%.3g bounds out, %.3g ULP" % (float(f["bound_ratio"]), float(f["ulp"])) if bound
                        else "%.3g ULP" % float(f["ulp"]))
                lines.append("  t=%d %s%s: expected %r (%s), got %r (%s): %s; computed by L%d  %s  (%s)" % (
                    d["t"], f["quantity"], idx, float(f["expected"]), f["expected_hex"], float(f["got"]),
                    f["got_hex"], dist, f["line"], f["text"], d["file"]))
        for q in (self.mixed or {}).get("quantities", []):
            if q["rounding"] == "stochastic":
                lines.append("  %-6s stored %s stochastically: %d outside the neighbours; chi2 %.4g on %d bins, "
                             "p-value %.3g: %s" % (q["name"], q["storage"], q["outside"], q["chi2"], q["dof"],
                                                   q["pvalue"], q["verdict"]))
        lines.append("PASS" if self.passed else "FAIL: %d values outside %s%s" % (
            d["failed"], "the rounding bound" if bound else "tolerance",
            "; stochastic rounding biased" if self.mixed and self.mixed["statistic_failed"] else ""))
        return "\n".join(lines)


def verify_step(algorithm, hyperparameters, before=None, after=None, *, t, dtype=None, tolerance=None,
                round_hparams=False, max_failures=20, manifest=None, math=None, storage=None,
                store_rounding=None, sr_alpha=None):
    """Judge one step t.  algorithm: "adam", "adam:VARIANT", or a flavor "adam:torch"
    (doc/flavors.md: the framework's computation, with its names); hyperparameters:
    optref's names ({"alpha": 1e-3, "beta1": 0.9}; `optref list`); dtype: "f64",
    "f32", "bf16", "f16" or None (the arrays'); tolerance in ULPs or None (the
    reviewed budget).  Returns a Report; raises OptrefError on bad input.
    before/after mapping layer names to dicts of arrays, or manifest=PATH:
    verify_layers (a LayersReport).  Mixed precision (doc/verify-step.md): math,
    the arithmetic's format ("f32"); storage, "bf16" or per quantity "bf16,x=f32"
    (the arrays as stored: bfloat16 as torch tensors or 16-bit words);
    store_rounding "nearest" or "stochastic" (or per quantity); sr_alpha, the
    statistic's significance (None: 1e-6)."""
    mixed = [s.encode() if s else None for s in (math, storage, store_rounding)]
    if manifest is not None or _is_layers(before):
        return verify_layers(algorithm, hyperparameters, before, after, t=t, manifest=manifest, dtype=dtype,
                             tolerance=tolerance, round_hparams=round_hparams, max_failures=max_failures)
    global _lib
    if _lib is None:
        _lib = _load()
    items = ["%s=%s" % (k, repr(float(v)) if isinstance(v, (int, float)) else v)
             for k, v in hyperparameters.items()]
    given_dtype = dtype
    with tempfile.TemporaryDirectory(prefix="optref-") as tmp:
        dtype = _save(os.path.join(tmp, "before"), before, dtype)
        dtype = _save(os.path.join(tmp, "after"), after, dtype)
        arr = (ctypes.c_char_p * max(1, len(items)))(*[s.encode() for s in items])
        err = ctypes.create_string_buffer(2048)
        args = [algorithm.encode(), arr, len(items), os.path.join(tmp, "before").encode(),
                os.path.join(tmp, "after").encode(), dtype.encode() if dtype else None, int(t),
                _math.nan if tolerance is None else float(tolerance), 1 if round_hparams else 0, max_failures]
        if any(mixed):  # the storage names each file's format: only a dtype the caller gave is passed
            args[5] = given_dtype.encode() if given_dtype else None
            p = _lib.optref_verify_step_mixed_json(*args, *mixed, 0.0 if sr_alpha is None else float(sr_alpha),
                                                   err, len(err))
        else:
            p = _lib.optref_verify_step_json(*args, err, len(err))
        if not p:
            raise OptrefError(err.value.decode(errors="replace").replace(tmp + "/", ""))
        try:
            text = ctypes.string_at(p).decode()
        finally:
            _lib.optref_free(p)
    return Report(json.loads(text))


class LayersReport:
    """The verdict of one step on several layers (a manifest): ``passed``,
    ``layers`` (name -> Report, in the manifest's order), ``first`` (the first
    failing layer's name, or None)."""

    def __init__(self, reports):
        self.layers = reports
        self.passed = all(r.passed for r in reports.values())
        self.first = next((n for n, r in reports.items() if not r.passed), None)
        self.data = {n: r.data for n, r in reports.items()}

    def __bool__(self):
        return self.passed

    def __str__(self):
        lines = []
        for name, r in self.layers.items():
            lines += ["== layer %s" % name, str(r)]
        bad = sum(r.data["failed"] for r in self.layers.values())
        lines.append("PASS: %d layers" % len(self.layers) if self.passed else
                     "FAIL: %d layers: %d values outside tolerance; first in layer %s" % (
                         len(self.layers), bad, self.first))
        return "\n".join(lines)


def _items(hyperparameters):
    return ["%s=%s" % (k, repr(float(v)) if isinstance(v, (int, float)) else v)
            for k, v in hyperparameters.items()]


def _layer_shape(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        import numpy as np
        shape = np.asarray(x).shape
    shape = tuple(int(d) for d in shape)
    if len(shape) == 2:
        return shape
    n = 1
    for d in shape:
        n *= d
    return n, 1


def _call_layer(algorithm, items, bdir, adir, dtype, t, tolerance, round_hparams, max_failures, rows, cols, hide):
    global _lib
    if _lib is None:
        _lib = _load()
    if not hasattr(_lib, "optref_verify_step_layer_json"):
        raise OSError("this liboptref has no layers (optref_verify_step_layer_json)")
    arr = (ctypes.c_char_p * max(1, len(items)))(*[s.encode() for s in items])
    err = ctypes.create_string_buffer(2048)
    p = _lib.optref_verify_step_layer_json(algorithm.encode(), arr, len(items), bdir.encode(), adir.encode(),
                                           dtype.encode() if dtype else None, int(t),
                                           math.nan if tolerance is None else float(tolerance),
                                           1 if round_hparams else 0, max_failures, rows, cols, err, len(err))
    if not p:
        msg = err.value.decode(errors="replace")
        raise OptrefError(msg.replace(hide + "/", "") if hide else msg)
    try:
        return Report(json.loads(ctypes.string_at(p).decode()))
    finally:
        _lib.optref_free(p)


def _read_manifest(path):
    """The layers of a manifest (doc/verify-step.md): [(name, rows, cols, before, after)]."""
    out, seen, base = [], set(), os.path.dirname(os.path.abspath(path))
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            fields = line.split("#", 1)[0].split()
            if not fields:
                continue
            if len(fields) != 4:
                raise OptrefError("%s:%d: %d fields; a layer is: name shape before-dir after-dir" % (
                    path, no, len(fields)))
            name, shape, b, a = fields
            try:
                dims = [int(v) for v in shape.split("x")]
                if len(dims) not in (1, 2) or min(dims) < 1:
                    raise ValueError
            except ValueError:
                raise OptrefError("%s:%d: shape '%s' is not ROWSxCOLS or N (whole numbers >= 1)" % (
                    path, no, shape)) from None
            if name in seen:
                raise OptrefError("%s:%d: layer '%s' named twice" % (path, no, name))
            seen.add(name)
            out.append((name, dims[0], dims[1] if len(dims) == 2 else 1, os.path.join(base, b),
                        os.path.join(base, a)))
    if not out:
        raise OptrefError("%s: no layers (a layer is: name shape before-dir after-dir)" % path)
    return out


def verify_layers(algorithm, hyperparameters, before=None, after=None, *, t, manifest=None, dtype=None,
                  tolerance=None, round_hparams=False, max_failures=20):
    """Judge one step t on layers, each as a whole (LARS and LAMB trust
    ratios, factored Adam's rows and columns; any algorithm): either
    ``before``/``after`` map each layer's name to its arrays ({"fc1.weight":
    {"x": ..., "g": ..., "m": ...}}; a 2-D x is the layer's rows × columns,
    anything else one column), or ``manifest`` names a manifest file of
    .npy directories (doc/verify-step.md).  Returns a LayersReport."""
    items = _items(hyperparameters)
    reports = {}
    if manifest is not None:
        for name, rows, cols, b, a in _read_manifest(manifest):
            try:
                reports[name] = _call_layer(algorithm, items, b, a, dtype, t, tolerance, round_hparams,
                                            max_failures, rows, cols, None)
            except OptrefError as e:
                raise OptrefError("%s: layer %s: %s" % (manifest, name, e)) from None
        return LayersReport(reports)
    if set(before) != set(after):
        raise OptrefError("before and after name different layers: %s" % sorted(set(before) ^ set(after)))
    for name in before:
        rows, cols = _layer_shape(before[name]["x"])
        with tempfile.TemporaryDirectory(prefix="optref-") as tmp:
            ldt = _save(os.path.join(tmp, "before"), before[name], dtype)
            ldt = _save(os.path.join(tmp, "after"), after[name], ldt)
            try:
                reports[name] = _call_layer(algorithm, items, os.path.join(tmp, "before"),
                                            os.path.join(tmp, "after"), ldt, t, tolerance, round_hparams,
                                            max_failures, rows, cols, tmp)
            except OptrefError as e:
                raise OptrefError("layer %s: %s" % (name, e)) from None
    return LayersReport(reports)


def _is_layers(before):
    return isinstance(before, dict) and before and all(isinstance(v, dict) for v in before.values())


def assert_step_matches(algorithm, hyperparameters, before=None, after=None, **kw):
    """verify_step, raising AssertionError with optref's report when the step
    does not match (step, coordinate, pseudocode line, ULPs).  Layers (a dict
    of layers, or manifest=PATH) go to verify_layers."""
    if "manifest" in kw or _is_layers(before):
        r = verify_layers(algorithm, hyperparameters, before, after, **kw)
    else:
        r = verify_step(algorithm, hyperparameters, before, after, **kw)
    if not r.passed:
        raise AssertionError("optref: one step of %s does not match:\n%s" % (algorithm, r))
    return r
