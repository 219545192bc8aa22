import { addHours } from '../../lib/clock.js'
import type { OutboxChannel } from './outbox.table.js'
import type { DeliveryFaultMode } from './delivery-faults.table.js'

export interface DeliveryFault {
  channel: OutboxChannel
  mode: DeliveryFaultMode
  delayHours?: number
  /** Letters only; none means every letter. */
  provinces?: string[]
}

export interface Routed {
  dropped: boolean
  deliverAt: Date
}

/** The province (sigla) at the end of a postal address, "…, 00184 Roma (RM)": the form postalRecipient writes. */
export function provinceOfAddress(recipient: string): string | undefined {
  return /\(([A-Za-z]{2})\)\s*$/.exec(recipient)?.[1]?.toUpperCase()
}

/**
 * docs/rules.md §15: what a delivery fault does to one message as it is queued. Dropped: recorded, never
 * delivered. Delayed: delivered that many hours later. Letters may be hit only in some provinces.
 */
export function routeMessage(
  message: { channel: OutboxChannel; deliverAt: Date; province?: string },
  faults: readonly DeliveryFault[],
): Routed {
  const fault = faults.find((f) => f.channel === message.channel)
  const applies =
    fault &&
    (!fault.provinces || (message.province !== undefined && fault.provinces.includes(message.province.toUpperCase())))
  if (!fault || !applies) return { dropped: false, deliverAt: message.deliverAt }
  if (fault.mode === 'drop') return { dropped: true, deliverAt: message.deliverAt }
  return { dropped: false, deliverAt: addHours(message.deliverAt, fault.delayHours ?? 0) }
}
