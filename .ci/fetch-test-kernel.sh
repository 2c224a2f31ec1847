#!/usr/bin/env bash
# Downloads the Debian kernel that QEMU boots in the console-text accuracy tests (KernelConsoleTextTests) and prints
# the path of its vmlinuz; .ci/run exports it as OVH_IKVM_TEST_KERNEL. The package is only unpacked, never
# installed. The pinned version is the one the measurements in docs/console-text.md were made with; when the
# archive no longer has it, the kernel linux-image-amd64 currently depends on is used.
set -euo pipefail
cd "$(dirname "$0")/.."
pinned=linux-image-6.1.0-57-amd64
target="$PWD/artifacts/test-kernel"
if ls "$target"/boot/vmlinuz-* >/dev/null 2>&1; then
  ls "$target"/boot/vmlinuz-* | head -n 1
  exit 0
fi

package=$pinned
if ! apt-cache show "$package" >/dev/null 2>&1; then
  package=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
  [ -n "$package" ] || { echo "no linux-image package found in the apt sources" >&2; exit 1; }
  echo "$pinned is not in the archive; using $package" >&2
fi

download=$(mktemp -d)
chmod 755 "$download"  # apt-get download runs as _apt when root
trap 'rm -rf "$download"' EXIT
(cd "$download" && apt-get download -qq "$package" >&2)
mkdir -p "$target"
dpkg-deb --fsys-tarfile "$download"/"$package"_*.deb | tar -x -C "$target" --wildcards './boot/vmlinuz-*'
ls "$target"/boot/vmlinuz-* | head -n 1
