#!/usr/bin/env bash
# Set up gkgen on Debian 12 and run one job.
#
#   bash scripts/bootstrap.sh setup   # system packages, .venv, node_modules
#   bash scripts/bootstrap.sh build   # setup + gkgen build of the sample site into build/
#   bash scripts/bootstrap.sh test    # setup + ruff check/format, mypy (package and tests), pytest
#
# Idempotent: apt is skipped when every package is installed, pip when pyproject.toml
# is unchanged since the last install, npm when package-lock.json is unchanged
# (delete .venv/.gkgen-install-stamp or node_modules/ to force a reinstall).
# Environment: GKGEN_SKIP_APT=1 skips the system packages (non-Debian machines);
# GKGEN_PYTHON names the interpreter for a new .venv (default: python3, Python 3.11+).
set -euo pipefail

# The one list of Debian packages gkgen, its renderers and its tests need. "a|b": either one
# will do (the first is installed when neither is), so a full LibreOffice is never replaced.
APT_PACKAGES=(
    python3 python3-venv python3-pip       # Python 3.11 with venv/ensurepip (Debian 12)
    ca-certificates                         # HTTPS for pip and npm on a minimal system
    git                                     # `gkgen diff`, tests on git sites
    fonts-noto-cjk                          # 黑体 / 宋体 roles (Noto Sans/Serif CJK SC)
    fonts-lxgw-wenkai                       # 楷体 role (霞鹜文楷)
    libharfbuzz-subset0                     # fast font subsetting in WeasyPrint
    libpango-1.0-0 libpangoft2-1.0-0        # WeasyPrint
    poppler-utils                           # pdftotext, pdffonts, pdfinfo, pdfdetach, pdftoppm
    default-jre-headless                    # Nu HTML checker (vnu.jar)
    chromium chromium-driver                # real-browser tests
    nodejs npm                              # vnu-jar and axe-core from npm
    libreoffice-writer-nogui'|'libreoffice-writer  # soffice: report.docx and Word files to PDF (tests)
)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }

usage() {
    cat >&2 <<'EOF'
用法：bash scripts/bootstrap.sh setup|build|test
  setup  安装系统软件包、Python 虚拟环境（.venv）和测试工具（node_modules）
  build  完成 setup 后，用 gkgen build 生成示例站点到 build/
  test   完成 setup 后，运行 ruff、mypy 和 pytest
EOF
    exit 2
}

# Print every entry of APT_PACKAGES of which no package is installed or provided by an
# installed package (e.g. NodeSource's nodejs provides npm); for "a|b" the first, a.
missing_apt_packages() {
    local have
    have="$(dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Provides}\n' 2>/dev/null |
        awk '$1 ~ /^ii/ { for (i = 2; i <= NF; i++) { n = $i; sub(/[:,].*/, "", n); print n } }' |
        sort -u)"
    local entry alt alternatives found
    for entry in "${APT_PACKAGES[@]}"; do
        IFS='|' read -ra alternatives <<<"$entry"
        found=0
        for alt in "${alternatives[@]}"; do
            if grep -qxF -- "$alt" <<<"$have"; then found=1; fi
        done
        ((found)) || printf '%s\n' "${alternatives[0]}"
    done
}

install_apt_packages() {
    if [[ "${GKGEN_SKIP_APT:-}" == 1 ]]; then
        say "跳过系统软件包（GKGEN_SKIP_APT=1）"
        return
    fi
    command -v dpkg-query >/dev/null || die "未找到 dpkg-query：本脚本面向 Debian 12。"
    command -v apt-get >/dev/null ||
        die "未找到 apt-get：本脚本面向 Debian 12。请自行安装 ${APT_PACKAGES[*]}，再以 GKGEN_SKIP_APT=1 运行。"
    local missing
    mapfile -t missing < <(missing_apt_packages)
    if ((${#missing[@]} == 0)); then
        say "系统软件包已齐全"
        return
    fi
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "需要 root 权限安装：${missing[*]}（未找到 sudo）"
        sudo=(sudo)
    fi
    say "安装系统软件包：${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -q install -y --no-install-recommends "${missing[@]}"
}

# True when the given interpreter is Python 3.11 or newer.
python_ok() {
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

ensure_venv() {
    if python_ok "$VENV/bin/python" && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
        return
    fi
    local python="${GKGEN_PYTHON:-python3}"
    python_ok "$python" || python="/usr/bin/python3"
    python_ok "$python" || die "需要 Python 3.11 或更高版本（$python 不满足）"
    say "创建虚拟环境 .venv（$("$python" --version 2>&1)）"
    # --clear also repairs a half-made or foreign .venv left in the way.
    "$python" -m venv --clear "$VENV"
}

# The install is current when pyproject.toml has not changed and gkgen imports from here.
pip_stamp() {
    { sha256sum pyproject.toml; "$VENV/bin/python" --version; } 2>&1 | sha256sum | cut -d' ' -f1
}

install_python_packages() {
    local stamp_file="$VENV/.gkgen-install-stamp" stamp
    stamp="$(pip_stamp)"
    if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]] &&
        "$VENV/bin/python" -c 'import gkgen, sys; sys.exit(not gkgen.__file__.startswith(sys.argv[1]))' \
            "$ROOT/gkgen/" 2>/dev/null; then
        say "Python 依赖已是最新"
        return
    fi
    say "安装 gkgen 及其依赖（pip install -e '.[test]'）"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -e '.[test]'
    printf '%s\n' "$stamp" >"$stamp_file"
}

# TrueType copies of the CFF fonts for the PDFs (gkgen.pdf.outlines), made once per machine in
# ~/.cache/gkgen/fonts (about 3 s of CPU per face, all cores together), so that `gkgen build`
# and the tests find them.
# When they exist this only looks them up (well under a second).
prepare_pdf_fonts() {
    say "PDF 字体副本（TrueType）"
    "$VENV/bin/python" -m gkgen.pdf.prepare_fonts
}

# vnu-jar's postinstall would download a JRE: scripts are off, Debian's JRE is used.
install_node_packages() {
    local stamp_file="$ROOT/node_modules/.gkgen-install-stamp" stamp
    stamp="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
    if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
        say "npm 测试工具已是最新"
        return
    fi
    if [[ -f package-lock.json ]]; then
        say "安装测试工具（npm ci）"
        npm ci --ignore-scripts --no-audit --no-fund
    else
        say "安装测试工具（npm install）"
        npm install --ignore-scripts --no-audit --no-fund
        stamp="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
    fi
    printf '%s\n' "$stamp" >"$stamp_file"
}

setup() {
    install_apt_packages
    ensure_venv
    install_python_packages
    prepare_pdf_fonts
    install_node_packages
    export PATH="$VENV/bin:$ROOT/node_modules/.bin:$PATH"
}

run_build() {
    say "gkgen build：示例站点 → build/"
    "$VENV/bin/gkgen" build "$ROOT" --out "$ROOT/build"
}

# Run every check even when an earlier one fails, then fail if any did.
# pytest's exit code 5 (no tests collected) is a failure like any other non-zero code.
run_tests() {
    local failed=() lint_paths=() path
    for path in gkgen tests bench tools; do
        if [[ -e "$path" ]]; then lint_paths+=("$path"); fi
    done
    say "ruff check ${lint_paths[*]}"
    "$VENV/bin/ruff" check "${lint_paths[@]}" || failed+=(ruff)
    say "ruff format --check ${lint_paths[*]}"
    "$VENV/bin/ruff" format --check "${lint_paths[@]}" || failed+=(ruff-format)
    say "mypy（gkgen、tools 与 tests）"
    "$VENV/bin/mypy" || failed+=(mypy)
    MYPYPATH=tests "$VENV/bin/mypy" --explicit-package-bases tests/*.py || failed+=(mypy-tests)
    say "pytest"
    "$VENV/bin/python" -m pytest || failed+=(pytest)
    if ((${#failed[@]} > 0)); then
        die "未通过：${failed[*]}"
    fi
    say "全部通过"
}

main() {
    (($# == 1)) || usage
    case "$1" in
        setup | build | test) ;;
        *) usage ;;
    esac
    # Not `setup && ...`: errexit is off inside functions called from an && list.
    setup
    case "$1" in
        build) run_build ;;
        test) run_tests ;;
    esac
}

main "$@"
