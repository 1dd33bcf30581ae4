/** Sends a transaction and waits until it is mined: the stack scripts' one way to run a transaction. */
export async function send(pending: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await pending).wait();
}
