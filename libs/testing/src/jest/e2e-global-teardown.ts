/** Stops the system the global set-up started. */
export default async function teardown(): Promise<void> {
  await globalThis.fundDeskSystem?.stop();
}
