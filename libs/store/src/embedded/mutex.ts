/** Runs tasks one at a time in call order: the embedded store's writes are serialised so the log order is the apply order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<R>(task: () => Promise<R>): Promise<R> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
