import type { Test } from 'tap'

/**
 * `t.mockImport` for the few files that load the app with a module replaced. @tapjs/mock's module hooks
 * cost every test process about a second of CPU at start-up, mocking or not, so `.taprc` leaves the plugin
 * out and a file that mocks registers them here, in its own process only.
 */
export async function mockImport<T>(t: Test, module: string, mocks: Record<string, unknown>): Promise<T> {
  await import('@tapjs/mock/import')
  const { TapMock } = await import('@tapjs/mock')
  return new TapMock(t as unknown as ConstructorParameters<typeof TapMock>[0]).mockImport(module, mocks) as Promise<T>
}
