#!/bin/sh
# shellcheck disable=SC2015 # A && B || fail: fail runs when A or B fails, as meant
# check_install.sh: suite `install`.  Installs the build into a fresh temporary
# DESTDIR (`meson install --no-rebuild --destdir`), checks the installed files,
# then builds tests/install/example_user.c, a program that uses only optref.h,
# with `cc $(pkg-config --cflags --libs optref)` against that copy alone (not
# the source tree, not the build tree), three ways: dynamically (run with
# LD_LIBRARY_PATH = the staged libdir), with liboptref.a and the system
# libraries shared (pkg-config --static), and fully -static when the static
# system libraries are there and no sanitizer is on; runs each, and compares
# Adam's first step with the installed `optref run`.  Lastly a few lines using
# optref_mpfr.h are built with `pkg-config --cflags optref` and
# `--libs optref mpfr`.  Nothing is written outside a temporary directory,
# except meson's own log (meson-logs/install-log.txt) in the build directory.
#
# Environment (set by tests/install/meson.build):
#   MESON            the meson program
#   BUILD_ROOT       the build directory to install from
#   CC               the C compiler of that build (may be several words)
#   EXTRA_CFLAGS     flags the build's objects need at link time (-fsanitize=...)
#   PKG_CONFIG       pkg-config or pkgconf
#   EXAMPLE          path of example_user.c
# Exit status: 0 pass, 1 failure (with a line saying what), 77 skipped.
set -u

fail() {
    echo "check_install: FAIL: $*" >&2
    exit 1
}
skip() {
    echo "check_install: SKIP: $*" >&2
    exit 77
}
note() { echo "check_install: $*"; }

# `meson test --setup valgrind` wraps this script in valgrind with
# --trace-children=yes: meson (Python), the compiler, mktemp, ... would all run
# under it, their own leaks fail the test, and it would take minutes.  The
# library is checked under valgrind by the other suites; this one checks the
# installation, which valgrind does not see into.
case "${LD_PRELOAD:-}" in
*vgpreload*) skip "under valgrind (the tools this test runs are not ours to check)" ;;
esac
[ -n "${MESON:-}" ] || skip "meson was not found when the build was configured"
[ -n "${PKG_CONFIG:-}" ] || skip "pkg-config was not found when the build was configured"
[ -n "${BUILD_ROOT:-}" ] && [ -d "$BUILD_ROOT" ] || fail "BUILD_ROOT '${BUILD_ROOT:-}' is not a directory"
[ -n "${EXAMPLE:-}" ] && [ -r "$EXAMPLE" ] || fail "EXAMPLE '${EXAMPLE:-}' cannot be read"
CC=${CC:-cc}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}

# Nothing from the environment may point the compiler, pkg-config or the
# dynamic loader elsewhere; meson test puts the build directory on
# LD_LIBRARY_PATH (the test depends on liboptref.so): drop that entry.
unset CPATH C_INCLUDE_PATH LIBRARY_PATH PKG_CONFIG_SYSROOT_DIR DESTDIR
ldpath=
oldifs=$IFS
IFS=:
for d in ${LD_LIBRARY_PATH:-}; do
    case "$d" in "" | "$BUILD_ROOT" | "$BUILD_ROOT"/*) ;; *) ldpath=$ldpath:$d ;; esac
done
IFS=$oldifs

tmp=$(mktemp -d "${TMPDIR:-/tmp}/optref-install.XXXXXX") || fail "mktemp -d failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
stage=$tmp/stage

# ---- 1. meson install into the temporary DESTDIR --------------------------
# --no-rebuild: the test depends on the installed targets, which meson test has
# built; rebuilding here would rebuild (and fail on) everything else too.
if ! "$MESON" install -C "$BUILD_ROOT" --no-rebuild --destdir "$stage" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log" >&2
    fail "meson install -C $BUILD_ROOT --no-rebuild --destdir $stage failed (are the targets built?)"
fi

# Exactly one of each installed file, found wherever prefix/libdir/... put it.
one() { # one NAME FIND-ARGS...: the single path under $stage matching, or fail
    what=$1
    shift
    found=$(find "$stage" "$@" | sort)
    n=$(printf '%s' "$found" | grep -c .)
    [ "$n" -eq 1 ] || fail "expected one installed $what, found $n: $(printf '%s' "$found" | tr '\n' ' ')"
    printf '%s\n' "$found"
}
pc=$(one optref.pc -name optref.pc -path '*/pkgconfig/*') || exit 1
bin=$(one bin/optref -path '*/bin/optref' -type f) || exit 1
hdr=$(one optref.h -name optref.h -type f) || exit 1
mphdr=$(one optref_mpfr.h -name optref_mpfr.h -type f) || exit 1
man=$(one "man page" -path '*/man1/optref.1' -type f) || exit 1
liba=$(one liboptref.a -name liboptref.a -type f) || exit 1
libdir=$(dirname "$liba")
for f in liboptref.so liboptref.so.0; do
    [ -L "$libdir/$f" ] && [ -e "$libdir/$f" ] || fail "$libdir/$f is not a symlink to the shared library"
done
sofile=$(one "liboptref.so.X.Y.Z" -name 'liboptref.so.*.*.*' -type f) || exit 1
[ "$(dirname "$sofile")" = "$libdir" ] || fail "liboptref.a and $sofile are in different directories"
[ "$(dirname "$(dirname "$pc")")" = "$libdir" ] || fail "optref.pc is not in $libdir/pkgconfig"
[ "$(dirname "$hdr")" = "$(dirname "$mphdr")" ] || fail "optref.h and optref_mpfr.h are in different directories"
[ -x "$bin" ] || fail "$bin is not executable"
head -n 20 "$man" | grep -q '^\.TH OPTREF 1' || fail "$man has no .TH OPTREF 1 line"
if grep -E '#[[:space:]]*include.*mpfr|mpfr_(t|ptr|srcptr|prec_t|rnd_t)' "$hdr" >&2; then
    fail "the installed optref.h includes mpfr.h or uses an MPFR type; it must not"
fi
note "installed under $stage:"
(cd "$stage" && find . \( -type f -o -type l \) | sort | sed 's/^\./    /')

# ---- 2. pkg-config on the staged optref.pc ---------------------------------
# The .pc names the configured prefix; relocate it to the staged copy.  Every
# path in it must be ${prefix}-relative for that to work.
prefix=$(sed -n 's/^prefix=//p' "$pc")
[ -n "$prefix" ] || fail "$pc has no prefix= line"
# shellcheck disable=SC2016 # a literal ${prefix}
if grep -E '^(libdir|includedir)=' "$pc" | grep -v '=\${prefix}' >/dev/null; then
    fail "$pc has a libdir or includedir outside \${prefix}; it cannot be relocated: $(cat "$pc")"
fi
PKG_CONFIG_PATH=$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
pkgc() { "$PKG_CONFIG" --define-variable=prefix="$stage$prefix" "$@"; }
[ "$(pkgc --variable=pcfiledir optref)" = "$(dirname "$pc")" ] ||
    fail "pkg-config finds optref.pc in $(pkgc --variable=pcfiledir optref), not in the staged copy"
cflags=$(pkgc --cflags optref) || fail "pkg-config --cflags optref failed"
libs=$(pkgc --libs optref) || fail "pkg-config --libs optref failed"
slibs=$(pkgc --static --libs optref) || fail "pkg-config --static --libs optref failed"
note "optref.pc:"
sed 's/^/    /' "$pc"
note "pkg-config --cflags: $cflags"
note "pkg-config --libs: $libs"
note "pkg-config --static --libs: $slibs"
case " $cflags " in *" -I$(dirname "$hdr") "*) ;;
    *) fail "pkg-config --cflags optref does not point at the staged headers $(dirname "$hdr")" ;;
esac
case " $libs " in *" -L$libdir "*) ;; *) fail "pkg-config --libs optref does not point at $libdir" ;; esac
case " $libs " in *" -loptref "*) ;; *) fail "pkg-config --libs optref lacks -loptref" ;; esac
for lib in -lmpfr -lgmp -lm; do
    case " $slibs " in *" $lib "*) ;; *) fail "pkg-config --static --libs optref lacks $lib (Libs.private/Requires.private)" ;; esac
done

# ---- 3. build example_user.c against the staged copy, three ways -----------
build() { # build OUTPUT SOURCE FLAGS...
    out=$1
    src=$2
    shift 2
    # shellcheck disable=SC2086 # CC and EXTRA_CFLAGS are word lists
    if ! $CC $EXTRA_CFLAGS -Wall -Wextra -o "$out" "$src" "$@" >"$out.log" 2>&1; then
        cat "$out.log" >&2
        fail "could not build $(basename "$out"): $CC $EXTRA_CFLAGS -Wall -Wextra -o $out $src $*"
    fi
    [ -s "$out.log" ] && sed 's/^/    /' "$out.log"
    return 0
}
run() { # run NAME EXE: its output in $tmp/NAME.out
    if ! LD_LIBRARY_PATH="$libdir$ldpath" "$2" >"$tmp/$1.out" 2>"$tmp/$1.err"; then
        cat "$tmp/$1.out" "$tmp/$1.err" >&2
        fail "example_user ($1) failed"
    fi
    [ -s "$tmp/$1.err" ] && { cat "$tmp/$1.err" >&2; fail "example_user ($1) wrote to stderr"; }
    [ "$(tail -n 1 "$tmp/$1.out")" = "example_user: OK" ] || { cat "$tmp/$1.out" >&2; fail "example_user ($1) did not end with OK"; }
}
needs_so() { # whether EXE has liboptref.so in its DT_NEEDED
    LC_ALL=C readelf -d "$1" 2>/dev/null | grep -q 'NEEDED.*liboptref\.so'
}

# (i) dynamic: cc example_user.c $(pkg-config --cflags --libs optref)
# shellcheck disable=SC2086
build "$tmp/user_dyn" "$EXAMPLE" $cflags $libs
if command -v readelf >/dev/null 2>&1; then
    needs_so "$tmp/user_dyn" || fail "the dynamic example_user does not need liboptref.so"
fi
if command -v ldd >/dev/null 2>&1; then
    where=$(LD_LIBRARY_PATH="$libdir$ldpath" ldd "$tmp/user_dyn" | grep 'liboptref\.so')
    case "$where" in *"=> $libdir/liboptref.so"*) ;; *) fail "example_user does not load the staged library: $where" ;; esac
fi
run dyn "$tmp/user_dyn"
note "dynamic: OK"
sed 's/^/    /' "$tmp/dyn.out"

# (ii) liboptref.a, system libraries shared: pkg-config --static, -loptref
# taken as the archive.
sargs=
for w in $slibs; do
    [ "$w" = -loptref ] && w=-l:liboptref.a
    sargs="$sargs $w"
done
# shellcheck disable=SC2086
build "$tmp/user_static" "$EXAMPLE" $cflags $sargs
if command -v readelf >/dev/null 2>&1; then
    needs_so "$tmp/user_static" && fail "the example linked with liboptref.a still needs liboptref.so"
fi
run static "$tmp/user_static"
cmp -s "$tmp/dyn.out" "$tmp/static.out" || fail "liboptref.a and liboptref.so give different output"
note "liboptref.a, system libraries shared: OK"

# (iii) fully static, when possible.
have_static() {
    for a in libc.a libm.a libmpfr.a libgmp.a; do
        # shellcheck disable=SC2086
        case "$($CC $EXTRA_CFLAGS -print-file-name=$a)" in /*) ;; *) return 1 ;; esac
    done
}
case " $EXTRA_CFLAGS " in
*-fsanitize*) note "fully static: skipped (sanitizer runtimes do not link statically)" ;;
*)
    if have_static; then
        # shellcheck disable=SC2086
        build "$tmp/user_allstatic" "$EXAMPLE" -static $cflags $slibs
        run allstatic "$tmp/user_allstatic"
        cmp -s "$tmp/dyn.out" "$tmp/allstatic.out" || fail "the -static example gives different output"
        note "fully static (-static, pkg-config --static): OK"
    else
        note "fully static: skipped (no libc.a, libm.a, libmpfr.a or libgmp.a)"
    fi
    ;;
esac

# ---- 4. the library and the installed optref agree -------------------------
# Adam's first step on quad-0.1-2, in hex: example_user vs `optref run`.
"$bin" --version >"$tmp/version" 2>&1 || fail "$bin --version failed"
grep -q "^optref.h version $(sed -n 's/^optref //p' "$tmp/version")\$" "$tmp/dyn.out" ||
    fail "installed optref says '$(cat "$tmp/version")', optref.h says '$(head -n 1 "$tmp/dyn.out")'"
"$bin" run adam quad-0.1-2 alpha=0.1 --steps 1 --format hex >"$tmp/cli.csv" 2>&1 ||
    { cat "$tmp/cli.csv" >&2; fail "$bin run adam quad-0.1-2 alpha=0.1 --steps 1 failed"; }
for i in 0 1; do
    cli=$(awk -F, -v col="x[$i]" 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == col) c = k } $1 == "1" { print $c }' "$tmp/cli.csv")
    lib=$(sed -n "s/^adam quad-0.1-2 alpha=0.1 t=1 x\[$i\] = .* (\(.*\))\$/\1/p" "$tmp/dyn.out")
    [ -n "$cli" ] && [ "$cli" = "$lib" ] || fail "adam t=1 x[$i]: optref run gives '$cli', the library '$lib'"
done
note "installed optref run and the library agree on Adam's first step"

# ---- 5. optref_mpfr.h: cflags from optref, libraries from optref and mpfr --
cat >"$tmp/mp_user.c" <<'EOF'
#include <stdio.h>
#include <optref.h>
#include <optref_mpfr.h>
int main(void)
{
    char err[256];
    optref_setup *s = NULL;
    optref_run *r = NULL;
    if (optref_setup_new(&s, "adam", NULL, "quad-0.1-2", err, sizeof err) || optref_setup_set(s, "alpha=0.1", err, sizeof err)
        || optref_run_new(&r, s, OPTREF_MPFR, 256, NULL) || optref_run_step(r))
        return fprintf(stderr, "setup: %s\n", err), 1;
    mpfr_printf("%a %.29Re\n", optref_round_to(optref_run_get_mp(r, 0), &optref_binary64), optref_run_get_mp(r, 0));
    optref_run_free(r);
    optref_setup_free(s);
    return 0;
}
EOF
mplibs=$(pkgc --libs optref mpfr) || fail "pkg-config --libs optref mpfr failed"
# shellcheck disable=SC2086
build "$tmp/mp_user" "$tmp/mp_user.c" $cflags $mplibs
LD_LIBRARY_PATH="$libdir$ldpath" "$tmp/mp_user" >"$tmp/mp.out" 2>&1 ||
    { cat "$tmp/mp.out" >&2; fail "the optref_mpfr.h example failed"; }
# golden/out/quad-adam-eta0.1.out, t = 1, x[0]: the exact value, correctly rounded.
[ "$(cat "$tmp/mp.out")" = "-0x1.3999999aac7a5p+2 -4.90000000099999998444888499780e+00" ] ||
    fail "MPFR Adam t=1 x[0] is '$(cat "$tmp/mp.out")', golden -0x1.3999999aac7a5p+2 -4.90000000099999998444888499780e+00"
note "optref_mpfr.h (pkg-config --cflags optref, --libs optref mpfr): OK: $(cat "$tmp/mp.out")"

# ---- 5b. verify-step --rows from the staged optref: gd, η = 0.5, x = (1, 2), g = (0.5, −1) --
printf 't,x[0],x[1],g[0],g[1]\n0,1,2,,\n1,0.75,2.5,0.5,-1\n' >"$tmp/rows.csv"
printf 't,x[0],x[1],g[0],g[1]\n0,1,2,,\n1,0.75,2.6,0.5,-1\n' >"$tmp/rows-bad.csv"
tolf=$(one TOLERANCES -path "*/share/optref/TOLERANCES")
OPTREF_TOLERANCES=$tolf "$bin" verify-step gd eta=0.5 --rows "$tmp/rows.csv" --t 1 --quiet >"$tmp/rows.out" 2>&1 ||
    { cat "$tmp/rows.out" >&2; fail "the staged optref verify-step --rows failed on a correct step"; }
OPTREF_TOLERANCES=$tolf "$bin" verify-step gd eta=0.5 --rows "$tmp/rows-bad.csv" --t 1 --quiet >"$tmp/rows.out" 2>&1
[ $? -eq 1 ] || { cat "$tmp/rows.out" >&2; fail "the staged optref verify-step --rows passed a wrong step"; }
note "verify-step --rows: OK"

# ---- 6. the Python module (verify-step through ctypes) from the staged copy --
pyinit=$(one "python module" -path "*/optref/__init__.py")
[ -f "$(dirname "$pyinit")/_paths.py" ] || fail "optref/_paths.py is not installed beside $pyinit"
tolfile=$(one TOLERANCES -path "*/share/optref/TOLERANCES")
if [ -n "$EXTRA_CFLAGS" ] || ! /usr/bin/python3 -c "import numpy" 2>/dev/null; then
    note "python module: installed, not run (sanitized build, or no /usr/bin/python3 with numpy)"
else
    # gd, η = 0.5, x = (1, 2), g = (0.5, −1): x_1 = (0.75, 2.5) exactly; 2.6 must fail.
    PYTHONPATH=$(dirname "$(dirname "$pyinit")") OPTREF_LIB=$(find "$libdir" -name "liboptref.so*" | head -1) \
        OPTREF_TOLERANCES=$tolfile /usr/bin/python3 -c '
import numpy as np, optref
b = {"x": np.array([1.0, 2.0]), "g": np.array([0.5, -1.0])}
ok = optref.verify_step("gd", {"eta": 0.5}, b, {"x": np.array([0.75, 2.5])}, t=1)
bad = optref.verify_step("gd", {"eta": 0.5}, b, {"x": np.array([0.75, 2.6])}, t=1)
assert ok.passed and not bad.passed and bad.failures[0]["index"] == [1], (str(ok), str(bad))
# layers, a coupled step: gd on the ball R = 1, η = 0.5, x = (3, 4), g = 0: x_1 = (3, 4)/5 = (0.6, 0.8)
L = {"w": {"x": np.array([3.0, 4.0]), "g": np.zeros(2)}}
ok = optref.verify_step("gd:ball", {"eta": 0.5, "R": 1}, L, {"w": {"x": np.array([0.6, 0.8])}}, t=1)
bad = optref.verify_step("gd:ball", {"eta": 0.5, "R": 1}, L, {"w": {"x": np.array([0.6, 0.81])}}, t=1)
assert ok.passed and not bad.passed and bad.first == "w", (str(ok), str(bad))
' >"$tmp/py.out" 2>&1 || { cat "$tmp/py.out" >&2; fail "the installed python module failed"; }
    note "python module $pyinit: verify_step OK (one tensor, layers)"
fi
note "PASS"
exit 0
