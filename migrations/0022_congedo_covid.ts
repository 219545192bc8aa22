import { sql, type Kysely } from 'kysely'
// Frozen: never edit a migration that has shipped; add a new file instead.
//
// Congedo COVID (DL 18 art. 23, DL 34 art. 72; docs/rules.md §20): an application asks for days of leave,
// periods {from, to} the submission checks and submit_applications (0019, 0021's household key kept) writes. Its children are the
// requirement (a child under 12), not a claim: both parents may name the same child, each for their own
// days, so the claim trigger passes over applications that ask for days. The leave pays 50 % of a daily
// pay, so amounts are in euro and cents, like the payments' (0013).
const submitApplications = (withPeriods: boolean) => `
CREATE OR REPLACE FUNCTION submit_applications(p_items jsonb) RETURNS TABLE (item integer, created json, previous json) LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS t(
      ord integer, id uuid, year text, codice_fiscale text, benefit_code text, exclusive_group text, channel text, filed_by text,
      patronato text, auth_level text, payment jsonb, declarations jsonb, children jsonb, submitted_at timestamptz, audit_id uuid,
      actor_type text, actor_id text, request_id text, receipt_id uuid, caller text, key text, request_hash text,
      protocol_prefix text, receipt_subject text, receipt_body text, round text, details jsonb, documents_required boolean, household_key text${withPeriods ? ', periods jsonb' : ''})
  ), prev AS (
    SELECT i.ord, k.request_hash, k.application_id FROM input i JOIN idempotency_keys k ON k.caller = i.caller AND k.key = i.key
  ), app AS (
    INSERT INTO applications (id, protocol_number, codice_fiscale, benefit_code, exclusive_group, channel, filed_by, patronato,
                              auth_level, payment, declarations, children, status, reasons, submitted_at, round, details, documents_required, household_key${withPeriods ? ', periods' : ''})
    SELECT i.id, i.protocol_prefix || lpad(nextval('application_protocol_number')::text, 7, '0'),
           i.codice_fiscale, i.benefit_code, i.exclusive_group, i.channel, i.filed_by, i.patronato, i.auth_level,
           i.payment, i.declarations, i.children, 'submitted', '[]'::jsonb, i.submitted_at, coalesce(i.round, ''), i.details, coalesce(i.documents_required, false),
           i.household_key${withPeriods ? ", coalesce(i.periods, '[]'::jsonb)" : ''}
    FROM input i
    WHERE NOT EXISTS (SELECT 1 FROM prev WHERE prev.ord = i.ord)
    ORDER BY i.ord
    ON CONFLICT DO NOTHING
    RETURNING *
  ), audit AS (
    INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, codice_fiscale, channel, action, outcome, detail, request_id)
    SELECT i.audit_id, app.submitted_at, i.actor_type, i.actor_id, app.codice_fiscale, app.channel, 'application.submitted', 'success',
           jsonb_build_object('applicationId', app.id, 'protocolNumber', app.protocol_number, 'benefitCode', app.benefit_code), i.request_id
    FROM app JOIN input i ON i.id = app.id
  ), receipt AS (
    INSERT INTO outbox (id, codice_fiscale, channel, recipient, subject, body, created_at, deliver_at)
    SELECT i.receipt_id, app.codice_fiscale,
           CASE WHEN p.contacts ? 'email' THEN 'email' ELSE 'sms' END, coalesce(p.contacts ->> 'email', p.contacts ->> 'mobile'),
           replace(i.receipt_subject, '{protocol}', app.protocol_number),
           replace(i.receipt_body, '{protocol}', app.protocol_number),
           app.submitted_at, app.submitted_at
    FROM app JOIN input i ON i.id = app.id JOIN persons p ON p.codice_fiscale = app.codice_fiscale
    WHERE p.contacts ? 'email' OR p.contacts ? 'mobile'
  ), idem AS (
    INSERT INTO idempotency_keys (caller, key, request_hash, application_id, created_at)
    SELECT i.caller, i.key, i.request_hash, app.id, app.submitted_at FROM app JOIN input i ON i.id = app.id WHERE i.key IS NOT NULL
  )
  SELECT i.ord,
         (SELECT row_to_json(app) FROM app WHERE app.id = i.id),
         (SELECT json_build_object('request_hash', prev.request_hash, 'application_id', prev.application_id) FROM prev WHERE prev.ord = i.ord)
  FROM input i;
END
$fn$`

const claimTrigger = (periods: boolean) => `CREATE TRIGGER applications_claim_children AFTER INSERT ON applications
  FOR EACH ROW WHEN (jsonb_array_length(NEW.children) > 0${periods ? ' AND jsonb_array_length(NEW.periods) = 0' : ''}) EXECUTE FUNCTION claim_children()`

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `ALTER TABLE applications ADD COLUMN periods jsonb NOT NULL DEFAULT '[]'::jsonb`,
    `ALTER TABLE applications ALTER COLUMN amount_eur TYPE numeric(12, 2)`,
    `DROP TRIGGER applications_claim_children ON applications`,
    claimTrigger(true),
    submitApplications(true),
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    submitApplications(false),
    `DROP TRIGGER applications_claim_children ON applications`,
    claimTrigger(false),
    `ALTER TABLE applications ALTER COLUMN amount_eur TYPE integer USING round(amount_eur)`,
    `ALTER TABLE applications DROP COLUMN periods`,
  ])
    await sql.raw(statement).execute(db)
}
