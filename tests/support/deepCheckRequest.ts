// A Check request whose `triggers` is nested `depth` levels deep, encoded by hand (iteratively): the
// bytes the engine sends, which google-protobuf can neither write nor read at such depths.

function varint(value: number): number[] {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 128)) bytes.push((value & 0x7f) | 0x80);
  bytes.push(value);
  return bytes;
}

function field(number: number, content: Uint8Array | number[]): Buffer {
  return Buffer.concat([
    Buffer.from([...varint(number * 8 + 2), ...varint(content.length)]),
    Buffer.from(content),
  ]);
}

const text = (value: string) => Buffer.from(value, "utf8");
/** Value { string_value (3) }. */
const stringValue = (value: string) => field(3, text(value));
/** Struct.FieldsEntry { key (1), value (2) } as Struct field 1. */
const entry = (key: string, value: Buffer) => field(1, Buffer.concat([field(1, text(key)), field(2, value)]));

export function deepCheckRequest(urn: string, depth: number, backupSetId = "dbsset0001"): Buffer {
  let value = stringValue("leaf");
  // Value { struct_value (5): Struct { "a": value } }
  for (let level = 0; level < depth; level++) value = field(5, entry("a", value));
  const news = Buffer.concat([entry("backupSetId", stringValue(backupSetId)), entry("triggers", value)]);
  return Buffer.concat([field(1, text(urn)), field(3, news)]);
}
