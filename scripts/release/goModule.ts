/**
 * The Go SDK as one version of its module in the file layout of a Go module proxy, which `GOPROXY=file://`
 * serves and any static host can:
 *
 *   <dir>/<module>/@v/list                 the versions, one a line
 *   <dir>/<module>/@v/v<version>.info      {"Version", "Time"}
 *   <dir>/<module>/@v/v<version>.mod       its go.mod
 *   <dir>/<module>/@v/v<version>.zip       its files, each under "<module>@v<version>/"
 *
 * On GitHub the same version is the tag `sdk/go/v<version>` (the module lives in sdk/go).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

export const GO_MODULE = "github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs/sdk/go";

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A zip archive of the entries (deflated, no directory entries), as Go's module zips are read. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, "utf8");
    const compressed = zlib.deflateRawSync(data);
    // Fields shared by the local header (from "version needed") and the central one.
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed: 2.0
    common.writeUInt16LE(0x0800, 2); // names are UTF-8
    common.writeUInt16LE(8, 4); // deflate
    common.writeUInt16LE(0, 6); // time
    common.writeUInt16LE(0x21, 8); // date: 1980-01-01 (years since 1980 << 9 | month << 5 | day)
    common.writeUInt32LE(zlib.crc32(data), 10);
    common.writeUInt32LE(compressed.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(fileName.length, 22);
    common.writeUInt16LE(0, 24); // extra length
    const local = Buffer.concat([u32(0x04034b50), common, fileName, compressed]);
    const centralTail = Buffer.alloc(14); // comment length, disk, attributes: 0; then the offset
    centralTail.writeUInt32LE(offset, 10);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(20), common, centralTail, fileName]));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

/** Writes version `version` of the module in `moduleDir` (files relative to it, with /) under `proxyDir`. */
export async function writeGoModuleVersion(
  moduleDir: string,
  files: string[],
  version: string,
  proxyDir: string,
  time: Date,
): Promise<void> {
  const dir = path.join(proxyDir, GO_MODULE, "@v");
  await fs.mkdir(dir, { recursive: true });
  const tag = `v${version}`;
  const entries = await Promise.all(
    files.map(async (file) => ({
      name: `${GO_MODULE}@${tag}/${file}`,
      data: await fs.readFile(path.join(moduleDir, file)),
    })),
  );
  await fs.writeFile(path.join(dir, `${tag}.zip`), zip(entries));
  await fs.copyFile(path.join(moduleDir, "go.mod"), path.join(dir, `${tag}.mod`));
  await fs.writeFile(
    path.join(dir, `${tag}.info`),
    JSON.stringify({ Version: tag, Time: time.toISOString() }),
  );
  await fs.writeFile(path.join(dir, "list"), `${tag}\n`);
}
