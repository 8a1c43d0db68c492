#!/bin/sh
# topicctl installer (cargo-dist conventions: attached to each release as topicctl-installer.sh, next to the archives
# topicctl-<target-triple>.tar.gz, each with its .sha256, and sha256.sum).
#
#   curl -fsSL https://github.com/topicctl-dev/topicctl/releases/latest/download/topicctl-installer.sh | sh
#
# Picks the archive for `uname -s`/`uname -m`, downloads it and its .sha256, refuses it unless the SHA-256 matches,
# and installs `topicctl` into $TOPICCTL_INSTALL_DIR (default ~/.local/bin).
#
# Settings (environment):
#   TOPICCTL_VERSION        v1.2.3, 1.2.3 or latest (default: the release this installer came with)
#   TOPICCTL_INSTALL_DIR    where to put the binary (default: ~/.local/bin)
#   TOPICCTL_REPO           owner/name of the GitHub repository (default: the one this installer came from)
#   TOPICCTL_DOWNLOAD_URL   a folder URL holding the archives, instead of the GitHub release (mirrors, tests)
set -eu

# The release workflow replaces these two placeholders; the copy in the repository falls back to the defaults.
baked_repo='__TOPICCTL_REPO__'
baked_version='__TOPICCTL_VERSION__'
case $baked_repo in __*) baked_repo=topicctl-dev/topicctl ;; esac
case $baked_version in __*) baked_version=latest ;; esac

say() { echo "topicctl-installer: $*" >&2; }
die() { say "error: $*"; exit 1; }

repo=${TOPICCTL_REPO:-$baked_repo}
version=${TOPICCTL_VERSION:-$baked_version}
install_dir=${TOPICCTL_INSTALL_DIR:-$HOME/.local/bin}

os=$(uname -s)
arch=$(uname -m)
ext=tar.gz
case $os in
  Linux) os_part=unknown-linux-musl ;;
  Darwin)
    os_part=apple-darwin
    # A shell under Rosetta 2 says x86_64 on an Apple Silicon Mac: prefer the native build.
    if [ "$arch" = x86_64 ] && [ "$(sysctl -n hw.optional.arm64 2>/dev/null || echo 0)" = 1 ]; then arch=arm64; fi
    ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT) die "no Windows build yet (see the README: Releases and install); use WSL" ;;
  *) die "no topicctl build for the operating system $os" ;;
esac
case $arch in
  x86_64 | amd64) arch_part=x86_64 ;;
  aarch64 | arm64) arch_part=aarch64 ;;
  *) die "no topicctl build for the architecture $arch on $os" ;;
esac
target=$arch_part-$os_part
archive=topicctl-$target.$ext

if [ -n "${TOPICCTL_DOWNLOAD_URL:-}" ]; then
  base=${TOPICCTL_DOWNLOAD_URL%/}
elif [ "$version" = latest ]; then
  base=https://github.com/$repo/releases/latest/download
else
  base=https://github.com/$repo/releases/download/v${version#v}
fi

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 3 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  die "neither curl nor wget is installed"
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  die "neither sha256sum nor shasum is installed: cannot verify the download"
fi

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t topicctl)
trap 'rm -rf "$tmp"' EXIT INT TERM

say "downloading $base/$archive"
fetch "$base/$archive" "$tmp/$archive" || die "cannot download $base/$archive"
fetch "$base/$archive.sha256" "$tmp/$archive.sha256" || die "cannot download $base/$archive.sha256"
want=$(cut -d' ' -f1 <"$tmp/$archive.sha256" | tr 'A-F' 'a-f')
got=$(sha256 "$tmp/$archive")
case $want in
  [0-9a-f]*) [ ${#want} -eq 64 ] || die "$archive.sha256 holds no SHA-256" ;;
  *) die "$archive.sha256 holds no SHA-256" ;;
esac
[ "$got" = "$want" ] || die "checksum mismatch for $archive: expected $want, got $got (nothing installed)"
say "verified $archive (sha256 $got)"

mkdir -p "$tmp/x"
tar -xzf "$tmp/$archive" -C "$tmp/x"
bin=topicctl
# cargo-dist layout: topicctl-<target>/topicctl (also accepted: the binary at the top).
src=$tmp/x/topicctl-$target/$bin
[ -f "$src" ] || src=$tmp/x/$bin
[ -f "$src" ] || die "$archive holds no $bin"

mkdir -p "$install_dir"
cp "$src" "$install_dir/$bin.partial"
chmod 755 "$install_dir/$bin.partial"
mv -f "$install_dir/$bin.partial" "$install_dir/$bin"
say "installed $install_dir/$bin"
case ":$PATH:" in
  *":$install_dir:"*) ;;
  *) say "add $install_dir to your PATH (export PATH=\"$install_dir:\$PATH\")" ;;
esac
