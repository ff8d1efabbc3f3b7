#!/usr/bin/env python3
"""NumPy oracle for arraylint's runtime: writes golden JSON cases next to this file.

Run: python3 test/runtime/golden/gen.py   (needs NumPy 2.x; deterministic: fixed seeds,
sorted keys). Each case file is a list of {op, args, kwargs, expect} where expect is
{dtype, shape, data} or {error, type}. Numbers that JSON cannot hold are strings:
"nan", "inf", "-inf", "-0"; complex elements are [re, im] pairs.

JS numbers are "weak" Python scalars (NEP 50): an integer-valued JS number behaves as a
Python int, any other as a Python float, so scalars here are emitted accordingly.
"""
import json
import os
import warnings

import numpy as np

assert np.__version__.startswith("2."), f"NumPy 2.x required, found {np.__version__}"
warnings.simplefilter("ignore")
np.seterr(all="ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "float64", "complex128"]
REAL = DTYPES[:-1]
FLOATS = ["float32", "float64"]
INTS = ["int8", "uint8", "int16", "uint16", "int32", "uint32"]


def enc_num(v):
    v = float(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and np.signbit(v):
        return "-0"
    if v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def enc_array(a):
    a = np.asarray(a)
    flat = a.ravel()
    if a.dtype.kind == "c":
        data = [[enc_num(z.real), enc_num(z.imag)] for z in flat]
    elif a.dtype.kind == "b":
        data = [bool(x) for x in flat]
    else:
        data = [enc_num(x) for x in flat]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": data}


def enc_scalar(s):
    if isinstance(s, (bool, np.bool_)):
        return {"scalar": bool(s)}
    if isinstance(s, complex):
        return {"complex": [enc_num(s.real), enc_num(s.imag)]}
    return {"scalar": enc_num(s)}


def enc_arg(x):
    if isinstance(x, dict):
        return x
    if isinstance(x, (np.ndarray, np.generic)):
        return {"nd": enc_array(x)}
    return enc_scalar(x)


def weak(v):
    """A Python scalar as a JS number would behave: integer-valued → int."""
    if isinstance(v, (bool, complex)):
        return v
    f = float(v)
    if np.isfinite(f) and f.is_integer() and not (f == 0 and np.signbit(f)):
        return int(f)
    return f


def run(fn):
    try:
        r = fn()
    except Exception as e:  # noqa: BLE001 - errors are part of the oracle
        return {"error": str(e).strip(), "type": type(e).__name__}
    if isinstance(r, tuple):
        return {"tuple": [enc_array(np.asarray(x)) for x in r]}
    return enc_array(np.asarray(r))


class Rng:
    def __init__(self, seed):
        self.g = np.random.default_rng(seed)

    def values(self, dtype, shape, special=True, small=False):
        n = int(np.prod(shape)) if len(shape) else 1
        g = self.g
        if dtype == "bool":
            v = g.integers(0, 2, n).astype(bool)
        elif dtype in INTS:
            info = np.iinfo(dtype)
            lo, hi = (max(info.min, -10), min(info.max, 10)) if small else (int(info.min), int(info.max))
            v = g.integers(lo, hi, n, endpoint=True, dtype=np.int64)
            if special and n >= 4 and not small:
                v[: min(n, 4)] = np.array([info.min, info.max, 0, 1 if info.min == 0 else -1])[: min(n, 4)]
            v = v.astype(dtype)
        else:
            base = np.round(g.normal(0, 4, n), 3)
            if dtype == "complex128":
                v = base + 1j * np.round(g.normal(0, 4, n), 3)
            else:
                v = base
            if special and n >= 3:
                sp = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1e300, 2.5, -0.5]
                k = g.choice(len(sp), size=min(3, n), replace=False)
                pos = g.choice(n, size=len(k), replace=False)
                for p, i in zip(pos, k):
                    v[p] = sp[i] if dtype != "complex128" else complex(sp[i], g.choice([0.0, 1.5, np.nan]))
            v = v.astype(dtype)
        return v.reshape(shape)


def write(name, cases):
    path = os.path.join(HERE, f"{name}.json")
    with open(path, "w") as f:
        json.dump(cases, f, separators=(",", ":"), sort_keys=True, allow_nan=False)
    print(f"{name}.json: {len(cases)} cases, {os.path.getsize(path) // 1024} KiB")


# ---------------------------------------------------------------- elementwise
BINARY = ["add", "subtract", "multiply", "divide", "power", "mod", "floor_divide", "maximum", "minimum",
          "arctan2", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
          "logical_and", "logical_or", "logical_xor"]
UNARY = ["negative", "abs", "sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "arcsin", "arccos",
         "arctan", "sinh", "cosh", "tanh", "floor", "ceil", "trunc", "rint", "sign", "isnan", "isfinite",
         "isinf", "logical_not", "conj", "angle", "real", "imag"]
SHAPE_PAIRS = [((5,), (5,)), ((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 3, 4), (3, 1)), ((), (3,)), ((0,), (1,)),
               ((2, 1, 3), (4, 1)), ((7,), ())]
BAD_PAIRS = [((3,), (4,)), ((2, 3), (3, 2)), ((2, 3, 4), (2, 4))]
SCALARS = [0, 1, -1, 2, 3, 100, 300, -129, 0.5, -2.5, float("nan"), float("inf"), True, 1e10]


def elementwise():
    rng = Rng(1)
    cases = []
    for op in BINARY:
        f = getattr(np, op)
        for da in DTYPES:
            for db in DTYPES:
                # every same-dtype pair and a sample of mixed pairs keeps the file small
                if da != db and (DTYPES.index(da) + DTYPES.index(db) + BINARY.index(op)) % 3 != 0:
                    continue
                for sa, sb in SHAPE_PAIRS[:3] if da != db else SHAPE_PAIRS:
                    small = op in ("power",)
                    a = rng.values(da, sa, small=small)
                    b = rng.values(db, sb, small=small)
                    if op == "power" and db in INTS:
                        b = np.abs(b.astype(np.int64)).astype(db) % 6
                    cases.append({"op": op, "args": [enc_arg(a), enc_arg(b)], "expect": run(lambda: f(a, b))})
        for da in DTYPES:
            for s in SCALARS:
                a = rng.values(da, (6,), small=op == "power")
                w = weak(s)
                cases.append({"op": op, "args": [enc_arg(a), enc_arg(w)], "expect": run(lambda: f(a, w))})
                if op in ("subtract", "divide", "power", "less", "mod"):
                    cases.append({"op": op, "args": [enc_arg(w), enc_arg(a)], "expect": run(lambda: f(w, a))})
        for sa, sb in BAD_PAIRS:
            a, b = np.zeros(sa), np.ones(sb)
            cases.append({"op": op, "args": [enc_arg(a), enc_arg(b)], "expect": run(lambda: f(a, b))})
    for op in UNARY:
        f = getattr(np, op)
        for d in DTYPES:
            for shape in [(7,), (2, 3), (0,), ()]:
                a = rng.values(d, shape)
                if op in ("arcsin", "arccos") and d in FLOATS:
                    a = np.asarray(a / 8).astype(d)
                cases.append({"op": op, "args": [enc_arg(a)], "expect": run(lambda: f(a))})
    # round with decimals, clip, where
    for d in DTYPES:
        a = rng.values(d, (8,))
        for dec in (0, 1, 2, -1):
            cases.append({"op": "round", "args": [enc_arg(a), enc_arg(dec)], "expect": run(lambda: np.round(a, dec))})
        if d != "complex128":
            cases.append({"op": "clip", "args": [enc_arg(a), enc_arg(weak(-1)), enc_arg(weak(2.5))],
                          "expect": run(lambda: np.clip(a, weak(-1), weak(2.5)))})
            lo = rng.values(d, (8,), special=False)
            cases.append({"op": "clip", "args": [enc_arg(a), enc_arg(lo), enc_arg(weak(3))],
                          "expect": run(lambda: np.clip(a, lo, weak(3)))})
        c = rng.values("bool", (3, 1))
        b = rng.values(d, (4,))
        cases.append({"op": "where", "args": [enc_arg(c), enc_arg(a[:4]), enc_arg(b)], "expect": run(lambda: np.where(c, a[:4], b))})
        cases.append({"op": "where", "args": [enc_arg(c), enc_arg(a[:4]), enc_arg(weak(0.5))], "expect": run(lambda: np.where(c, a[:4], 0.5))})
    # strided operands: transposed and reversed views
    for d in ["float64", "int32", "complex128"]:
        base = rng.values(d, (3, 4))
        other = rng.values(d, (4, 3))
        for op in ["add", "multiply", "subtract"]:
            f = getattr(np, op)
            cases.append({"op": op, "args": [{"nd": enc_array(base), "view": "T"}, enc_arg(other)], "expect": run(lambda: f(base.T, other))})
            cases.append({"op": op, "args": [{"nd": enc_array(base), "view": "rev"}, enc_arg(base)], "expect": run(lambda: f(base[::-1], base))})
            cases.append({"op": op, "args": [{"nd": enc_array(base), "view": "step2"}, enc_arg(base[:, ::2])], "expect": run(lambda: f(base[:, ::2], base[:, ::2]))})
        for op in ["sqrt", "negative", "abs"]:
            f = getattr(np, op)
            cases.append({"op": op, "args": [{"nd": enc_array(base), "view": "T"}], "expect": run(lambda: f(base.T))})
    # out= of another dtype: same_kind casting, shape rules
    for op in ["add", "multiply", "divide", "subtract", "maximum", "less"]:
        f = getattr(np, op)
        for da in ["int8", "uint8", "int32", "float32", "float64", "bool", "complex128"]:
            for do in ["int16", "int32", "float32", "float64", "bool", "complex128", "uint8"]:
                a = rng.values(da, (2, 3), special=False, small=True)
                b = rng.values(da, (3,), special=False, small=True)
                out = np.zeros((2, 3), dtype=do)

                def with_out():
                    f(a, b, out=out)
                    return out
                cases.append({"op": op, "args": [enc_arg(a), enc_arg(b)], "out": {"dtype": do, "shape": [2, 3]}, "expect": run(with_out)})
        for oshape in [(3,), (1, 3), (4, 2, 3)]:
            a = np.ones((2, 3))
            out = np.zeros(oshape)
            cases.append({"op": op, "args": [enc_arg(a), enc_arg(1)], "out": {"dtype": "float64", "shape": list(oshape)},
                          "expect": run(lambda: f(a, 1, out=out))})
    write("elementwise", cases)


# ---------------------------------------------------------------- promotion and casting
def promotion():
    cases = []
    for a in DTYPES:
        for b in DTYPES:
            cases.append({"op": "result_type", "args": [{"dtype": a}, {"dtype": b}], "expect": {"dtype": str(np.result_type(a, b))}})
        for s in [1, -1, 300, 0.5, True, 1e10]:
            cases.append({"op": "result_type", "args": [{"dtype": a}, enc_scalar(weak(s))],
                          "expect": {"dtype": str(np.result_type(np.zeros(1, a), weak(s)))}})
        for b in DTYPES:
            for casting in ["safe", "same_kind"]:
                cases.append({"op": "can_cast", "args": [{"dtype": a}, {"dtype": b}], "kwargs": {"casting": casting},
                              "expect": {"value": bool(np.can_cast(a, b, casting=casting))}})
    rng = Rng(2)
    for a in DTYPES:
        for b in DTYPES:
            x = rng.values(a, (6,), special=False)
            if a in FLOATS or a == "complex128":
                x = np.round(x).astype(a)  # float → int of in-range integral values is well defined
                if b in INTS and a != "complex128":
                    info = np.iinfo(b)
                    x = np.clip(x, info.min, info.max).astype(a)
                if b in INTS and a == "complex128":
                    continue
            cases.append({"op": "astype", "args": [enc_arg(x), {"dtype": b}], "expect": run(lambda: x.astype(b))})
    write("promotion", cases)


# ---------------------------------------------------------------- reductions
REDUCTIONS = ["sum", "prod", "mean", "min", "max", "argmin", "argmax", "any", "all", "std", "var", "cumsum", "cumprod"]


def reductions():
    rng = Rng(3)
    cases = []
    shapes = [(0,), (7,), (3, 4), (2, 3, 4), (2, 0, 3)]
    for op in REDUCTIONS:
        f = getattr(np, op)
        for d in DTYPES:
            for shape in shapes:
                a = rng.values(d, shape, small=op in ("prod", "cumprod"))
                if op in ("prod", "cumprod") and d in FLOATS + ["complex128"]:
                    a = (a / 4).astype(d)
                axes = [None] + list(range(-1, len(shape)))
                if len(shape) == 3 and op not in ("argmin", "argmax", "cumsum", "cumprod"):
                    axes.append((0, 2))
                for axis in axes:
                    for keepdims in ([False, True] if op not in ("cumsum", "cumprod") else [None]):
                        kw = {} if axis is None else {"axis": list(axis) if isinstance(axis, tuple) else axis}
                        if keepdims:
                            kw["keepdims"] = True
                        pykw = dict(kw)
                        if "axis" in pykw and isinstance(pykw["axis"], list):
                            pykw["axis"] = tuple(pykw["axis"])
                        cases.append({"op": op, "args": [enc_arg(a)], "kwargs": kw, "expect": run(lambda: f(a, **pykw))})
        if op in ("std", "var"):
            a = rng.values("float64", (3, 4), special=False)
            for ddof in (1, 2):
                cases.append({"op": op, "args": [enc_arg(a)], "kwargs": {"axis": 0, "ddof": ddof}, "expect": run(lambda: f(a, axis=0, ddof=ddof))})
        a = np.zeros((2, 3))
        for axis in (2, -3, [0, 0]):
            if op in ("argmin", "argmax", "cumsum", "cumprod") and isinstance(axis, list):
                continue
            pyaxis = tuple(axis) if isinstance(axis, list) else axis
            cases.append({"op": op, "args": [enc_arg(a)], "kwargs": {"axis": axis}, "expect": run(lambda: f(a, axis=pyaxis))})
    # nanmax/nanmin (real dtypes): nan-skipping, all-nan slices, empty slices with and without `initial`
    for op in ("nanmax", "nanmin"):
        f = getattr(np, op)
        for d in REAL:
            for shape in shapes:
                a = rng.values(d, shape)
                if d in FLOATS and a.size >= 4:
                    a = a.copy()
                    a.reshape(-1)[: a.shape[-1] if a.ndim > 1 else 2] = np.nan  # an all-nan row (or a nan run)
                for axis in [None] + list(range(-1, len(shape))):
                    for keepdims in (False, True):
                        kw = {} if axis is None else {"axis": axis}
                        if keepdims:
                            kw["keepdims"] = True
                        cases.append({"op": op, "args": [enc_arg(a)], "kwargs": kw, "expect": run(lambda: f(a, **kw))})
                for initial in (-np.inf, np.inf, 0, 3.5):
                    kw = {"initial": initial}
                    cases.append({"op": op, "args": [enc_arg(a)], "kwargs": {"initial": enc_num(initial)}, "expect": run(lambda: f(a, **kw))})
    write("reductions", cases)


# ---------------------------------------------------------------- indexing
def sel_py(s):
    if "int" in s:
        return s["int"]
    if "slice" in s:
        return slice(*s["slice"])
    if "newaxis" in s:
        return np.newaxis
    if "ellipsis" in s:
        return Ellipsis
    if "intarr" in s:
        return np.array(s["intarr"], dtype=np.int64)
    if "mask" in s:
        return np.array(s["mask"], dtype=bool)
    raise ValueError(s)


def indexing():
    rng = Rng(4)
    cases = []
    I = lambda k: {"int": k}  # noqa: E731
    S = lambda *a: {"slice": list(a) + [None] * (3 - len(a))}  # noqa: E731
    N = {"newaxis": True}
    E = {"ellipsis": True}
    A = lambda *v: {"intarr": list(v)}  # noqa: E731
    selections = {
        (10,): [[I(3)], [I(-1)], [S(2, 8, 2)], [S(None, None, -1)], [S(-3, None)], [S(8, 2, -3)], [S(20, 30)], [N, S(1, 4)],
                [A(1, 3, -1)], [A(0, 0, 9)], [{"mask": [i % 3 == 0 for i in range(10)]}], [E], [I(10)], [S(None, None, 0)],
                [{"intarr": [[1, 2], [3, 4]]}], [I(0), I(0)], [A(10)], [{"mask": [True] * 3}]],
        (3, 4): [[I(1), I(2)], [I(-1), S(None, None, -1)], [S(None), I(0)], [E, I(1)], [S(0, 2), S(1, 4, 2)], [N, E, N],
                 [A(0, 2), A(1, 3)], [A(0, 2), S(1, 3)], [S(None), A(3, 0)], [{"mask": [[i * 4 + j > 5 for j in range(4)] for i in range(3)]}],
                 [{"mask": [True, False, True]}], [{"mask": [True, False, True]}, A(0, 3)], [I(1), A(0, 3, 1)], [A(0, 1), I(2)],
                 [{"intarr": [[0], [2]]}, A(1, 3)], [I(3), I(0)], [S(None), I(-5)], [{"mask": [True, False]}], [E, E]],
        (3, 4, 5): [[S(None), A(1, 3), S(0, 3)], [A(0, 2), S(None), A(1, 4)], [I(0), S(None), A(1, 2)], [E, A(0, 4)],
                    [S(None, None, 2), N, I(-1), S(1, None, 2)], [A(1, 2), A(0, 1), A(4, 3)], [I(1), I(2), I(3)], [E, I(1), S(None)],
                    [A(2), E], [N, A(0, 1), N, S(None)]],
    }
    for shape, sels in selections.items():
        for dt in ["float64", "int16", "complex128"]:
            base = rng.values(dt, shape, special=False)
            for sel in sels:
                key = tuple(sel_py(s) for s in sel)

                def get():
                    r = base[key]
                    return r

                res = run(get)
                if "error" not in res:
                    r = base[key]
                    res["view"] = bool(isinstance(r, np.ndarray) and np.shares_memory(r, base))
                    res["scalar"] = not isinstance(r, np.ndarray)
                cases.append({"op": "getitem", "args": [enc_arg(base)], "sel": sel, "expect": res})
                # assignment: scalar and broadcast array values
                if "error" not in res:
                    for value in [weak(7), rng.values(dt, np.shape(base[key])[-1:], special=False)]:
                        def setit():
                            c = base.copy()
                            c[key] = value
                            return c
                        cases.append({"op": "setitem", "args": [enc_arg(base), enc_arg(value)], "sel": sel, "expect": run(setit)})
    write("indexing", cases)


# ---------------------------------------------------------------- creation, shape, linalg
def misc():
    rng = Rng(5)
    cases = []
    for args in [(5,), (0, 1, 0.1), (1, 2, 0.3), (10, 0, -3), (3, 1), (0.5, 4), (-2.5, 2.5, 0.5), (0, 1, 1 / 3)]:
        cases.append({"op": "arange", "args": [enc_scalar(weak(x)) for x in args], "expect": run(lambda: np.arange(*args, dtype=np.float64))})
    for args in [(0, 1, 5), (0, 1, 1), (0, 1, 0), (-1, 1, 7), (2, 2, 3), (0, 10, 4, False), (1e-3, 1e3, 9)]:
        kw = {"endpoint": args[3]} if len(args) > 3 else {}
        cases.append({"op": "linspace", "args": [enc_scalar(weak(x)) for x in args[:3]], "kwargs": kw, "expect": run(lambda: np.linspace(*args[:3], **kw))})
    for n, m, k in [(3, None, 0), (3, 4, 1), (4, 3, -2), (2, 2, 5)]:
        cases.append({"op": "eye", "args": [enc_scalar(n), enc_scalar(m) if m is not None else {"none": True}, enc_scalar(k)], "expect": run(lambda: np.eye(n, m, k))})
    cases.append({"op": "mgrid", "args": [{"str": "-2:1:4j"}, {"str": "-1.5:1.5:3j"}], "expect": run(lambda: np.mgrid[-2:1:4j, -1.5:1.5:3j])})
    cases.append({"op": "mgrid", "args": [{"str": "0:3"}, {"str": "0:1:0.25"}], "expect": run(lambda: np.mgrid[0:3, 0:1:0.25])})
    for idx in ["xy", "ij"]:
        x, y = np.array([1.0, 2, 3]), np.array([4.0, 5])
        cases.append({"op": "meshgrid", "args": [enc_arg(x), enc_arg(y)], "kwargs": {"indexing": idx}, "expect": run(lambda: np.meshgrid(x, y, indexing=idx))})
    a = np.arange(24.0).reshape(2, 3, 4)
    for shape in [(6, 4), (4, -1), (24,), (2, 12), (5, 5), (-1, -1), (3, 8)]:
        cases.append({"op": "reshape", "args": [enc_arg(a)], "kwargs": {"shape": list(shape)}, "expect": run(lambda: a.reshape(shape))})
    cases.append({"op": "reshape", "args": [{"nd": enc_array(a), "view": "T"}], "kwargs": {"shape": [4, 6]}, "expect": run(lambda: a.T.reshape(4, 6))})
    for axes in [None, (1, 0, 2), (2, 0, 1), (0, 1), (0, 0, 1)]:
        cases.append({"op": "transpose", "args": [enc_arg(a)], "kwargs": {"axes": list(axes) if axes else None}, "expect": run(lambda: np.transpose(a, axes))})
    b = np.arange(6.0).reshape(1, 2, 1, 3)
    for axis in [None, 0, 2, (0, 2), 1]:
        cases.append({"op": "squeeze", "args": [enc_arg(b)], "kwargs": {"axis": list(axis) if isinstance(axis, tuple) else axis}, "expect": run(lambda: np.squeeze(b, axis))})
    for axis in [0, 1, -1, (0, 2), 3]:
        cases.append({"op": "expand_dims", "args": [enc_arg(a[0])], "kwargs": {"axis": list(axis) if isinstance(axis, tuple) else axis}, "expect": run(lambda: np.expand_dims(a[0], axis))})
    x = np.arange(6.0).reshape(2, 3)
    y = np.arange(3, dtype=np.int32).reshape(1, 3)
    for arrs, axis in [((x, y), 0), ((x, x), 1), ((x, y), 1), ((x, np.zeros(3)), 0), ((x, y), None), ((x.astype(np.uint8), y), 0)]:
        cases.append({"op": "concatenate", "args": [enc_arg(v) for v in arrs], "kwargs": {"axis": axis}, "expect": run(lambda: np.concatenate(arrs, axis=axis))})
    e = np.zeros((0, 3))
    for arrs, axis in [((e, e), 0), ((e, e), 1), ((e, x), 0), ((np.zeros(0), np.zeros(0)), 0)]:
        cases.append({"op": "concatenate", "args": [enc_arg(v) for v in arrs], "kwargs": {"axis": axis}, "expect": run(lambda: np.concatenate(arrs, axis=axis))})
    for arrs, axis in [((x, x), 0), ((x, x), 2), ((x, x), -1), ((x, y), 0), ((e, e), 0), ((e, e), 1), ((e, e), 2), ((np.zeros(0), np.zeros(0)), 1)]:
        cases.append({"op": "stack", "args": [enc_arg(v) for v in arrs], "kwargs": {"axis": axis}, "expect": run(lambda: np.stack(arrs, axis=axis))})
    # linear algebra
    shapes = [((3,), (3,)), ((2, 3), (3, 4)), ((3,), (3, 2)), ((2, 3), (3,)), ((5, 2, 3), (3, 2)), ((2, 1, 2, 3), (4, 3, 2)),
              ((2, 3), (4, 2)), ((3,), (4,)), ((), (3,)), ((0, 3), (3, 2)), ((2, 0), (0, 3))]
    for d in ["float64", "float32", "int32", "int8", "complex128", "bool"]:
        for sa, sb in shapes:
            a = rng.values(d, sa, special=False, small=True)
            b = rng.values(d, sb, special=False, small=True)
            for op in ["matmul", "dot", "inner", "outer"]:
                if op == "inner" and len(sa) and len(sb) and sa[-1] != sb[-1]:
                    continue
                cases.append({"op": op, "args": [enc_arg(a), enc_arg(b)], "expect": run(lambda: getattr(np, op)(a, b))})
    for d in INTS:
        a = rng.values(d, (3, 4))
        b = rng.values(d, (4, 2))
        cases.append({"op": "matmul", "args": [enc_arg(a), enc_arg(b)], "expect": run(lambda: np.matmul(a, b))})
    # repr: toString() must print what NumPy's repr prints
    reprs = [np.array([1.0, 2, 3]), np.array([1.5, 2.25, -3]), np.array([0.1, 1 / 3]), np.array([1e-5, 1.0]),
             np.array([1.5e-5, 1]), np.array([np.nan, np.inf, -1.0]), np.array([-0.0, 0.0]), np.arange(2000.0),
             np.linspace(0, 1, 30), np.arange(12.0).reshape(2, 3, 2), np.zeros((2, 0)), np.array([], dtype=np.float64),
             np.array(3.5), np.array([1e8, 1.0]), np.array([123456789.0]), np.array([1.0, 1000.0, 1001.0]),
             np.array([True, False]), np.array([1, -2, 300], dtype=np.int16), np.array([200, 3], dtype=np.uint8),
             np.array([1.5, 2], dtype=np.float32), np.array([0.1], dtype=np.float32),
             np.array([1e-5, 1 / 3, 2.5], dtype=np.float32), np.array([1 / 3, 0.7, 123.456], dtype=np.float32),
             np.array([16777217.0, 0.1], dtype=np.float32), np.array([1e-5, 1 / 3]), np.array([1.1e-5, 333.33333333]),
             np.array([np.pi * 1e9, -np.e, 1e-7]), np.array([2.0 ** -30, 1.0]), np.array([1e-5, 1 / 3], dtype=np.float32) * 7, np.arange(30, dtype=np.int32),
             np.array([1 + 2j, 3 - 1.5j]), np.array([[1.0, -2.5], [1e3, 4]]), np.array(7, dtype=np.int32),
             np.eye(3), np.arange(24.0).reshape(2, 3, 4) / 7]
    for i in range(6):
        reprs.append(np.round(rng.values("float64", (int(rng.g.integers(1, 9)),), special=i % 2 == 0), 4))
    for a in reprs:
        cases.append({"op": "repr", "args": [enc_arg(a)], "expect": {"repr": repr(a)}})
    write("misc", cases)


# ---------------------------------------------------------------- scalars and bool conversions
def scalars():
    """Rows for NumPy behaviours the runtime once deviated from (issue 13): a reduction of complex128
    over all axes returns a complex scalar (marked "scalar": the runtime must return its Complex value,
    not an NDArray), and converting floats to bool is `!= 0` (nan is True)."""
    rng = Rng(6)
    cases = []
    for shape in [(5,), (2, 3), (0,), (2, 0, 3)]:
        a = rng.values("complex128", shape, special=False)
        for op in ("sum", "prod", "mean", "min", "max"):
            r = run(lambda: getattr(np, op)(a))
            if "error" not in r:
                r["scalar"] = isinstance(getattr(np, op)(a), np.generic)
            cases.append({"op": op, "args": [enc_arg(a)], "expect": r})
    b = rng.values("complex128", (4,), special=True)
    for op in ("sum", "mean"):
        r = run(lambda: getattr(np, op)(b))
        r["scalar"] = True
        cases.append({"op": op, "args": [enc_arg(b)], "expect": r})
    values = [0.0, 0.5, float("nan"), -0.0, 3.0, float("inf"), -float("inf"), 5e-324, -1.0]
    for dtype in ("bool", "float64"):
        cases.append({"op": "array", "args": [{"list": [enc_num(v) for v in values]}], "kwargs": {"dtype": dtype}, "expect": run(lambda: np.array(values, dtype=dtype))})
    for v in (float("nan"), 0.0, -0.0, 0.5, float("inf")):
        cases.append({"op": "full", "args": [enc_scalar(v)], "kwargs": {"shape": [3], "dtype": "bool"}, "expect": run(lambda: np.full(3, v, dtype=bool))})
    f = np.array(values)
    cases.append({"op": "astype", "args": [enc_arg(f), {"dtype": "bool"}], "expect": run(lambda: f.astype(bool))})
    cases.append({"op": "astype", "args": [{"nd": enc_array(f), "view": "rev"}, {"dtype": "bool"}], "expect": run(lambda: f[::-1].astype(bool))})
    write("scalars", cases)


SECTIONS = {"elementwise": elementwise, "promotion": promotion, "reductions": reductions, "indexing": indexing, "misc": misc, "scalars": scalars}

if __name__ == "__main__":
    import sys
    # python3 gen.py [section ...]: all sections by default (misc's matmul rows depend on the BLAS build)
    for name in sys.argv[1:] or SECTIONS:
        SECTIONS[name]()
