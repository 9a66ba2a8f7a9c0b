import { ChatError } from "../errors";

/**
 * Socket work in progress. A shutdown first stops taking new work (clients are told to retry),
 * then waits for what is running to finish and be acknowledged before the database closes.
 */
export class SocketWork {
  private running = 0;
  private stopping = false;
  private readonly idleWaiters: (() => void)[] = [];

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.stopping) throw new ChatError("shutting_down", "shutting_down");
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Resolves true once nothing runs, or false if work is still running after `timeoutMs`. */
  stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
