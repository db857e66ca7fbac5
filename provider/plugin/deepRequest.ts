// Reading a Check request whose values are nested too deeply for google-protobuf: its decoder recurses
// once per level and overflows the stack at about a thousand levels (grpc-js then answers only "Error
// deserializing request", naming nothing). Such a request is read again one input at a time: the inputs
// that decode are kept, and each one that does not is replaced by a value just past the nesting limit,
// so that check refuses it by name with the limit. Pure.
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { MAX_VALUE_DEPTH } from "../lib/valueLimits";

interface WireField {
  number: number;
  /** The bytes of a length-delimited field; undefined for the other wire types. */
  bytes?: Uint8Array;
}

/** The top-level fields of a protobuf message, without decoding any of them. */
export function wireFields(message: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= message.length) throw new RangeError("truncated protobuf varint");
      const byte = message[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < message.length) {
    const key = varint();
    const field: WireField = { number: Math.floor(key / 8) };
    const wireType = key & 7;
    if (wireType === 0) varint();
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const length = varint();
      field.bytes = message.subarray(at, at + length);
      at += length;
    } else throw new RangeError(`unsupported protobuf wire type ${wireType}`);
    if (at > message.length) throw new RangeError("truncated protobuf field");
    fields.push(field);
  }
  return fields;
}

/** A value nested one level past MAX_VALUE_DEPTH: what check reports as too deep. */
function pastTheLimit(): structproto.Value {
  let value: unknown = "nested too deeply to decode";
  for (let level = 0; level <= MAX_VALUE_DEPTH; level++) value = { tooDeep: value };
  return structproto.Value.fromJavaScript(value as structproto.JavaScriptValue);
}

/** A Struct read entry by entry (field 1: key 1, value 2), each value that overflows replaced. */
function tolerantStruct(bytes: Uint8Array): structproto.Struct {
  const struct = new structproto.Struct();
  for (const entry of wireFields(bytes).filter((f) => f.number === 1 && f.bytes)) {
    const parts = wireFields(entry.bytes as Uint8Array);
    const key = new TextDecoder().decode(parts.find((p) => p.number === 1)?.bytes ?? new Uint8Array());
    const valueBytes = parts.find((p) => p.number === 2)?.bytes ?? new Uint8Array();
    let value: structproto.Value;
    try {
      value = structproto.Value.deserializeBinary(valueBytes);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      value = pastTheLimit();
    }
    struct.getFieldsMap().set(key, value);
  }
  return struct;
}

/** CheckRequest's deserializer: google-protobuf's, or, when it overflows, the tolerant reading above. */
export function deserializeCheckRequest(bytes: Uint8Array): provproto.CheckRequest {
  try {
    return provproto.CheckRequest.deserializeBinary(bytes);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const request = new provproto.CheckRequest();
  for (const field of wireFields(bytes)) {
    if (!field.bytes) continue;
    if (field.number === 1) request.setUrn(new TextDecoder().decode(field.bytes));
    if (field.number === 2) request.setOlds(tolerantStruct(field.bytes));
    if (field.number === 3) request.setNews(tolerantStruct(field.bytes));
  }
  return request;
}
