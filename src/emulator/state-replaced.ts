const forgetters = new Set<() => void>()

/**
 * Registers what an instance must forget when a reset or a restore replaces the whole state (the
 * session versions, signing keys and applications it knows of); returns the function that unregisters it.
 */
export function onStateReplaced(forget: () => void): () => void {
  forgetters.add(forget)
  return () => forgetters.delete(forget)
}

/**
 * Every instance of this process forgets at once; those of other processes hear it through the
 * database (the reload NOTIFY of the reset or restore transaction).
 */
export function stateReplaced(): void {
  for (const forget of forgetters) forget()
}
