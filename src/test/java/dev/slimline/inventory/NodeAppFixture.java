package dev.slimline.inventory;

import dev.slimline.rootfs.KeepSet;
import dev.slimline.rootfs.KeepSetBuilder;
import java.io.IOException;
import java.util.List;

/**
 * A Debian-like image with an npm app, small enough to count by hand: libc6 (a 1000-byte library
 * reached through the /lib symlink), perl-base (500 bytes, unused), node-express (Debian's
 * packaging of a file express also claims), express (index.js 300 bytes used, README 2000 bytes
 * unused) and the app's own server.js (50, used) and big.bin (10000, unused).
 */
final class NodeAppFixture {

    static final String EXPRESS = "/opt/app/node_modules/express/";

    private NodeAppFixture() {
    }

    record Slimmed(ExportTar.Indexed indexed, KeepSet keep, SelectionInventory inventory) {
    }

    static Slimmed slimmed() throws IOException {
        ExportTar.Indexed indexed = new ExportTar()
                .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .symlink("lib", "usr/lib")
                .dir("usr/lib/x86_64-linux-gnu")
                .filled("usr/lib/x86_64-linux-gnu/libc.so.6", 1000, 'c')
                .filled("usr/bin/perl", 500, 'p')
                .file("var/lib/dpkg/status", """
                        Package: libc6
                        Status: install ok installed
                        Architecture: amd64
                        Version: 2.36-9

                        Package: perl-base
                        Status: install ok installed
                        Architecture: amd64
                        Version: 5.36.0-7

                        Package: node-express
                        Status: install ok installed
                        Architecture: all
                        Version: 4.18.2
                        """)
                .file("var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu\n"
                        + "/lib/x86_64-linux-gnu/libc.so.6\n")
                .file("var/lib/dpkg/info/perl-base.list", "/.\n/usr\n/usr/bin\n/usr/bin/perl\n")
                .file("var/lib/dpkg/info/node-express.list", "/opt/app/node_modules/express/index.js\n")
                .filled("opt/app/server.js", 50, 's')
                .filled("opt/app/big.bin", 10_000, 'b')
                .file(EXPRESS.substring(1) + "package.json", "{\"name\": \"express\", \"version\": \"4.22.3\", "
                        + "\"license\": \"MIT\"}")
                .filled(EXPRESS.substring(1) + "index.js", 300, 'i')
                .filled(EXPRESS.substring(1) + "README.md", 2000, 'r')
                .index();
        KeepSet keep = new KeepSetBuilder(indexed.index())
                .observed(List.of("/lib/x86_64-linux-gnu/libc.so.6", EXPRESS + "index.js", "/opt/app/server.js"))
                .build();
        return new Slimmed(indexed, keep, SelectionInventory.weigh(indexed.inventory(), indexed.index(), keep));
    }
}
