import type { BenefitDefinition, Month, Positions } from './benefits/definition.js'

/** An accepted application as the cumulation rules see it: the months it pays or will pay. */
export interface Granted {
  codiceFiscale: string
  applicationId: string
  benefit: BenefitDefinition
  /** Months of its scheduled or paid instalments. */
  periods: string[]
  positions: Positions | undefined
}

/**
 * DL 18 art. 31 and DL 34 art. 86 (docs/rules.md §6, §14): the COVID indemnities are not cumulable, so a
 * person is never granted two of one cumulation group for the same month. An accepted application
 * counts with the months it paid and those its definition will pay without a new application (the
 * April and May of a March beneficiary), whether or not the instalment job has run yet.
 */
export function createCumulationLedger(granted: Granted[]) {
  const byPerson = new Map<string, Array<{ applicationId: string; group: string; periods: Set<string> }>>()
  function add(codiceFiscale: string, applicationId: string, benefit: BenefitDefinition, periods: Iterable<string>) {
    if (!benefit.cumulationGroup) return
    const list = byPerson.get(codiceFiscale) ?? []
    list.push({ applicationId, group: benefit.cumulationGroup, periods: new Set(periods) })
    byPerson.set(codiceFiscale, list)
  }
  const automaticPeriods = (benefit: BenefitDefinition, positions: Positions | undefined) =>
    benefit.automatic?.months(positions).map((m) => m.period) ?? []
  for (const g of granted)
    add(g.codiceFiscale, g.applicationId, g.benefit, [...g.periods, ...automaticPeriods(g.benefit, g.positions)])

  return {
    /** Whether these months of the application meet a month another application of its group was granted. */
    overlaps(codiceFiscale: string, applicationId: string, benefit: BenefitDefinition, months: Month[]): boolean {
      if (!benefit.cumulationGroup) return false
      return (byPerson.get(codiceFiscale) ?? []).some(
        (g) =>
          g.applicationId !== applicationId &&
          g.group === benefit.cumulationGroup &&
          months.some((m) => g.periods.has(m.period)),
      )
    },
    /** An application accepted in this batch, with its own months and the automatic ones to come. */
    add(
      codiceFiscale: string,
      applicationId: string,
      benefit: BenefitDefinition,
      months: Month[],
      positions?: Positions,
    ) {
      add(codiceFiscale, applicationId, benefit, [
        ...months.map((m) => m.period),
        ...automaticPeriods(benefit, positions),
      ])
    },
  }
}

export type CumulationLedger = ReturnType<typeof createCumulationLedger>
