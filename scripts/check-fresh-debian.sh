#!/usr/bin/env bash
# Prove the README's commands on a fresh Debian 12: debootstrap a minimal system, clone the
# repository's HEAD into it and run `bash scripts/bootstrap.sh MODE` there, as root.
#
#   sudo bash scripts/check-fresh-debian.sh            # runs: test, then build
#   sudo bash scripts/check-fresh-debian.sh test       # one mode
#
# Needs root, network, debootstrap (installed when missing) and about 3 GB in
# GKGEN_FRESH_DIR (default /tmp/gkgen-fresh). The minimal base system is kept as a tarball
# there, so later runs skip debootstrap; every run starts from an untouched copy of it.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${GKGEN_FRESH_DIR:-/tmp/gkgen-fresh}"
MIRROR="${GKGEN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE="$WORK/bookworm-minbase.tar"
ROOTFS="$WORK/root"
MODES=("$@")
((${#MODES[@]} > 0)) || MODES=(test build)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }

[[ "$(id -u)" == 0 ]] || die "需要 root 权限（debootstrap 与 chroot）"

make_base() {
    [[ -f "$BASE" ]] && return
    command -v debootstrap >/dev/null ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
    say "debootstrap bookworm → $BASE"
    local tmp="$WORK/base.tmp"
    rm -rf "$tmp"
    debootstrap --variant=minbase bookworm "$tmp" "$MIRROR"
    tar -C "$tmp" -cf "$BASE.part" . && mv "$BASE.part" "$BASE"
    rm -rf "$tmp"
}

unmount_rootfs() {
    local point
    for point in dev sys proc; do
        if mountpoint -q "$ROOTFS/$point"; then umount -R "$ROOTFS/$point"; fi
    done
}

# Remove the old system only when nothing of the host is mounted inside it.
remove_rootfs() {
    [[ -d "$ROOTFS" ]] || return 0
    unmount_rootfs
    if findmnt -rn -o TARGET | grep -q "^$ROOTFS/"; then
        die "$ROOTFS 下仍有挂载点，未删除"
    fi
    rm -rf "$ROOTFS"
}

make_rootfs() {
    remove_rootfs
    mkdir -p "$ROOTFS"
    tar -C "$ROOTFS" -xf "$BASE"
    # The same apt sources and extra CA certificates (e.g. an egress proxy's) as this host.
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        cp /etc/apt/sources.list.d/debian.sources "$ROOTFS/etc/apt/sources.list.d/"
        rm -f "$ROOTFS/etc/apt/sources.list"
    fi
    cp -L /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
    # debootstrap writes no /etc/hosts; an installed Debian has one (chromedriver needs localhost).
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOTFS/etc/hosts"
    mkdir -p "$ROOTFS/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$ROOTFS/usr/local/share/ca-certificates/" 2>/dev/null || true
    mount -t proc proc "$ROOTFS/proc"
    mount --rbind /sys "$ROOTFS/sys" && mount --make-rslave "$ROOTFS/sys"
    mount --rbind /dev "$ROOTFS/dev" && mount --make-rslave "$ROOTFS/dev"
    git clone -q "$REPO" "$ROOTFS/root/gkgen"
    say "干净克隆：$(git -C "$ROOTFS/root/gkgen" log --oneline -1)"
}

run_mode() {
    say "chroot：bash scripts/bootstrap.sh $1"
    chroot "$ROOTFS" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        bash -c "cd /root/gkgen && bash scripts/bootstrap.sh $1"
}

main() {
    mkdir -p "$WORK"
    make_base
    make_rootfs
    trap unmount_rootfs EXIT
    local failed=() mode
    for mode in "${MODES[@]}"; do
        run_mode "$mode" || failed+=("$mode")
    done
    if ((${#failed[@]} > 0)); then
        die "全新 Debian 12 上未通过：${failed[*]}"
    fi
    say "全新 Debian 12 上通过：${MODES[*]}"
}

main
