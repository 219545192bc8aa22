import type { BenefitDefinition, Month, Positions } from './benefits/definition.js'

/** An accepted application as the cumulation rules see it: the months it pays or will pay. */
export interface Granted {
  codiceFiscale: string
  applicationId: string
  benefit: BenefitDefinition
  /** Months of its scheduled or paid instalments. */
  periods: string[]
  /** Months other benefits paid through it (DL 104, DL 137: their payments name this application). */
  paidByOthers?: Array<{ benefit: BenefitDefinition; period: string }>
  positions: Positions | undefined
}

/**
 * DL 18 art. 31 and DL 34 art. 86 (docs/rules.md §6, §14): the COVID indemnities are not cumulable, so a
 * person is never granted two of one cumulation group for the same month. An accepted application
 * counts with the months it paid and those its definition will pay without a new application (the
 * April and May of a March beneficiary), whether or not the instalment job has run yet; and with what
 * other benefits pay automatically to its beneficiaries (`paidThrough`: DL 104 to a DL 34 beneficiary),
 * as those benefits' months.
 */
export function createCumulationLedger(
  granted: Granted[],
  paidThrough: (benefitCode: string) => readonly BenefitDefinition[] = () => [],
) {
  const byPerson = new Map<string, Array<{ applicationId: string; group: string; periods: Set<string> }>>()
  function add(codiceFiscale: string, applicationId: string, benefit: BenefitDefinition, periods: Iterable<string>) {
    if (!benefit.cumulationGroup) return
    const list = byPerson.get(codiceFiscale) ?? []
    list.push({ applicationId, group: benefit.cumulationGroup, periods: new Set(periods) })
    byPerson.set(codiceFiscale, list)
  }
  const automaticPeriods = (benefit: BenefitDefinition, positions: Positions | undefined) =>
    benefit.automatic?.months(positions).map((m) => m.period) ?? []
  /** The application's own months, its automatic ones, and those others pay through it. */
  function addApplication(
    codiceFiscale: string,
    applicationId: string,
    benefit: BenefitDefinition,
    periods: string[],
    positions: Positions | undefined,
  ) {
    add(codiceFiscale, applicationId, benefit, [...periods, ...automaticPeriods(benefit, positions)])
    for (const payer of paidThrough(benefit.code))
      add(
        codiceFiscale,
        applicationId,
        payer,
        payer.paidAutomaticallyTo!.months(positions, benefit.code).map((m) => m.period),
      )
  }
  for (const g of granted) {
    addApplication(g.codiceFiscale, g.applicationId, g.benefit, g.periods, g.positions)
    for (const paid of g.paidByOthers ?? []) add(g.codiceFiscale, g.applicationId, paid.benefit, [paid.period])
  }

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
      addApplication(
        codiceFiscale,
        applicationId,
        benefit,
        months.map((m) => m.period),
        positions,
      )
    },
  }
}

export type CumulationLedger = ReturnType<typeof createCumulationLedger>
