# Shared by the scripts/analyzer-data/<code>.sh installers (sourced, not run):
#   analyzer_begin CODE STAMP ARGS...   checks the usage (one TARGET_DIR), exits 0 when
#                                       TARGET_DIR/VERSION already holds STAMP, else makes a
#                                       temporary $work next to the target (removed on exit) and
#                                       an empty $out to fill; sets $target, $work and $out
#   pypi_fetch SPEC FILE SHA256 [PIP_OPTION...]
#                                       downloads SPEC (e.g. jieba==0.42.1) from PyPI without its
#                                       dependencies, checks that FILE has SHA256, prints its path
#   analyzer_install                    writes STAMP to $out/VERSION (last: it marks a complete
#                                       install) and renames $out to TARGET_DIR
# Every failure exits non-zero with "analyzer-data/CODE: ..." on stderr; success prints nothing.
# Environment: PYTHON (default python3) runs pip and the conversions.

python=${PYTHON:-python3}

die() { echo "analyzer-data/$analyzer_code: $*" >&2; exit 1; }

analyzer_begin() {
  analyzer_code=$1
  analyzer_stamp=$2
  shift 2
  if [ $# -ne 1 ]; then echo "usage: scripts/analyzer-data/$analyzer_code.sh TARGET_DIR" >&2; exit 64; fi
  target=${1%/}
  if [ -f "$target/VERSION" ] && [ "$(cat "$target/VERSION")" = "$analyzer_stamp" ]; then exit 0; fi
  local parent
  parent=$(dirname "$target")
  mkdir -p "$parent" || die "cannot create $parent"
  work=$(mktemp -d "$parent/.$analyzer_code.tmp.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  out=$work/out
  mkdir "$out"
}

pypi_fetch() {
  local spec=$1 file=$2 sha=$3
  shift 3
  "$python" -m pip download --quiet --disable-pip-version-check --no-deps "$@" "$spec" -d "$work/dl" >&2 \
    || die "pip download $spec failed"
  [ -f "$work/dl/$file" ] || die "pip did not fetch $file"
  local got
  got=$(sha256sum "$work/dl/$file" | awk '{print $1}')
  [ "$got" = "$sha" ] || die "$file has sha256 $got, expected $sha"
  echo "$work/dl/$file"
}

analyzer_install() {
  echo "$analyzer_stamp" > "$out/VERSION"
  rm -rf "$target"
  mv "$out" "$target" || die "cannot move the data into $target"
}
