#!/usr/bin/env bash
# Makes a local debian:bookworm without any registry: debootstrap (minbase) from the Debian
# mirror this machine's apt already uses, the tweaks Docker's official debian images carry,
# then `docker import`. The test support (TestImages.debianBase) runs it only when the engine
# has no debian:bookworm; run it by hand the same way.
#
#   sudo ./build.sh                               build debian:bookworm unless it exists
#   sudo FORCE=1 ./build.sh                       build even if the tag exists
#   sudo TAG=slimline-test/debian-check:1 ./build.sh   build under another tag
#   MIRROR=http://host/debian SECURITY_MIRROR=http://host/debian-security   other mirrors
#
# Needs root (debootstrap, chroot, mount), a Docker engine and the mirror. Docs, man pages and
# locales stay in, as in debian:bookworm (not -slim): test images are meant to be fat.
set -euo pipefail

SUITE=bookworm
TAG=${TAG:-debian:$SUITE}
DOCKER=${DOCKER:-docker}

log() { printf '[debian-base] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "${FORCE:-0}" != 1 ] && "$DOCKER" image inspect "$TAG" >/dev/null 2>&1; then
	log "$TAG exists; nothing to do (FORCE=1 rebuilds)"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "debootstrap needs root"
if ! command -v debootstrap >/dev/null; then
	log "installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
fi

# The repository apt on this machine uses for a suite; apt parses both sources formats for us.
configured_mirror() {
	apt-get indextargets --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' 2>/dev/null |
		awk -v suite="$1" '$1 == "deb" && $2 == suite { sub(/\/$/, "", $3); print $3; exit }'
}
MIRROR=${MIRROR:-$(configured_mirror "$SUITE")}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-$(configured_mirror "$SUITE-security")}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}

started=$SECONDS
work=$(mktemp -d /tmp/slimline-debian-base.XXXXXX)
root=$work/rootfs
finish() {
	local rc=$?
	if mountpoint -q "$root/proc" 2>/dev/null; then
		umount "$root/proc" 2>/dev/null || umount -l "$root/proc" || true
	fi
	# --one-file-system: never follow a mount that failed to go away into the host
	rm -rf --one-file-system "$work" || log "could not remove $work"
	exit "$rc"
}
trap finish EXIT

log "debootstrap --variant=minbase $SUITE from $MIRROR"
debootstrap --variant=minbase --components=main --arch="$(dpkg --print-architecture)" \
	"$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
	{ tail -n 25 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

# Sources in deb822 form, as in the official image, pointing at the same mirrors.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES

# The usual container tweaks: no downloaded .debs or binary caches left in layers, no
# translations, compressed indexes, no fsync during builds, no services started by installs.
cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
echo 'force-unsafe-io' >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

# Point releases and security fixes, as the published image has them.
log "upgrading from $SUITE-updates and $SUITE-security"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
	sh -c 'apt-get update -qq && apt-get -y -qq -o Dpkg::Use-Pty=0 dist-upgrade && apt-get clean' \
	>"$work/upgrade.log" 2>&1 || { tail -n 25 "$work/upgrade.log" >&2; die "upgrade failed"; }
umount "$root/proc"

# Leave out what is specific to this build run; Docker provides resolv.conf, hosts and hostname.
find "$root/var/lib/apt/lists" -mindepth 1 -not -name lock -not -name partial -delete
rm -rf "$root"/tmp/* "$root"/var/tmp/* "$root"/var/cache/apt/*.bin "$root"/var/cache/ldconfig/aux-cache \
	"$root"/var/log/*.log "$root"/var/log/apt/*.log "$root"/var/log/apt/eipp.log.xz \
	"$root"/etc/hostname "$root"/run/mount/utab
: >"$root/etc/resolv.conf"

log "importing $(du -sh "$root" | cut -f1) as $TAG"
tar --numeric-owner -C "$root" -cf - . |
	"$DOCKER" import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'CMD ["/bin/bash"]' \
		--message "debootstrap --variant=minbase $SUITE $MIRROR" \
		- "$TAG" >/dev/null
log "$TAG built in $((SECONDS - started)) s"
