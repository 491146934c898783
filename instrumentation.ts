/** Runs once when the server starts (see instrumentation-node.ts). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { validateConfigAtStartup } = await import('./instrumentation-node');
    validateConfigAtStartup();
    // Poll for new Firehose objects from the start, not only after the first page view.
    const { startBackgroundSync } = await import('./lib/server/store');
    await startBackgroundSync().catch((error: unknown) => {
      console.error(
        'Background sync did not start:',
        error instanceof Error ? error.message : error,
      );
    });
  }
}
