/**
 * {@linkcode Rollback}: the undo list of a multi-step command. Each step registers its undo as soon as it succeeds;
 * on failure the undos run in reverse and the error names any that failed too.
 * @module
 */

/** Undo steps run in reverse order by {@linkcode Rollback.fail}, or forgotten by {@linkcode Rollback.commit}. */
export class Rollback {
  #steps: { what: string; undo: () => void }[] = [];

  /** Registers the undo of a step that just succeeded; `what` names it in errors ("delete veth \"v1\""). */
  defer(what: string, undo: () => void): void {
    this.#steps.push({ what, undo });
  }

  /** Forgets every undo: the command succeeded. */
  commit(): void {
    this.#steps = [];
  }

  /**
   * Runs the undos in reverse and returns `err` wrapped with `message`; undos that fail are named after the cause,
   * as in `Cannot add interface "eth1": … (could not undo: delete veth "v1": …)`.
   */
  fail(message: string, err: unknown): Error {
    const failures: string[] = [];
    for (const step of this.#steps.reverse()) {
      try {
        step.undo();
      } catch (undoErr) {
        failures.push(`${step.what}: ${undoErr instanceof Error ? undoErr.message : String(undoErr)}`);
      }
    }
    this.#steps = [];
    const reason = err instanceof Error ? err.message : String(err);
    const suffix = failures.length === 0 ? "" : ` (could not undo: ${failures.join("; ")})`;
    return new Error(`${message}: ${reason}${suffix}`, { cause: err });
  }
}
