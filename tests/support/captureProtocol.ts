/** Prefix of the stdout line on which captureRunner prints its result, so program output can't be mistaken for it. */
export const RESULT_MARKER = "@@capture-registrations@@ ";

/** The engine's unknown-value sentinel (rpc.unknownValue in @pulumi/pulumi). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
