/** The bench's progress lines, stamped with the seconds since it started. */
const started = Date.now();

export function elapsedMs(): number {
  return Date.now() - started;
}

export function progress(message: string): void {
  console.log(`[bench ${(elapsedMs() / 1000).toFixed(0).padStart(4)} s] ${message}`);
}
