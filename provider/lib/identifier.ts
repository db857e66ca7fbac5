// Identifiers (backup set IDs, binlog names, plan IDs, tokens) and how any text is shown in a message:
// what an identifier may hold, and quoting that escapes what a terminal or log would act on. Pure.

/** `\uXXXX` (or `\u{XXXXX}` beyond the BMP) for one character. */
function escapeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * `text` as a JSON string literal, cut after `max` characters, with every control, format, separator or
 * unassigned character escaped (NUL, ESC, a right-to-left override…): the message shows what was given
 * and cannot reorder or restyle the text around it.
 */
export function quoted(text: string, max = 80): string {
  const characters = [...text];
  const shown = characters.length > max ? `${characters.slice(0, max).join("")}…` : text;
  return JSON.stringify(shown).replace(/[\p{C}\p{Z}]/gu, (c) => (c === " " ? c : escapeCharacter(c)));
}

// Explicit embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

function kindOf(character: string): string {
  if (character === " ") return "a space";
  const code = escapeCharacter(character).toUpperCase().replace("\\U", "U+");
  if (/\p{Cc}/u.test(character)) return `the control character ${code}`;
  if (BIDI_CONTROLS.test(character)) return `the bidirectional control character ${code}`;
  if (/[\p{C}\p{Z}\s]/u.test(character)) return `the invisible character ${code}`;
  return `the non-ASCII character ${code}`;
}

/**
 * What DBS identifiers are made of: printable ASCII without spaces (letters, digits, punctuation such as
 * `-`, `_`, `.`). The first character outside that, with its position (from 1), or undefined.
 */
export function disallowedCharacter(text: string): string | undefined {
  const characters = [...text];
  const index = characters.findIndex((c) => c < "!" || c > "~");
  return index < 0 ? undefined : `character ${index + 1} is ${kindOf(characters[index])}`;
}
