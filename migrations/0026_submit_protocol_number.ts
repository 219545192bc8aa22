import { sql, type Kysely } from 'kysely'
// Frozen: never edit a migration that has shipped; add a new file instead.
//
// submit_applications (0022) answered each created application as its whole row in JSON, which the
// service parsed back, for one value it did not already hold: the protocol number the sequence gave
// it. Every other column of a new application is what the submission sent or a fixed default
// (toSubmittedRow, application.repository.ts), so the function now answers the protocol number alone
// and keeps of each inserted row only the columns its other inserts use: neither row_to_json in Postgres
// nor JSON.parse in the service, for every submission. A function's result
// type cannot change in place (and its result column must not be named like a column the function
// writes: PL/pgSQL would find the name ambiguous): it is dropped and made again, with the planner settings of 0023 and 0025
// (test/db/submit-plan.test.ts checks them).
const PLANNER_SETTINGS = ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin']

const protocolNumberOnly = `
CREATE FUNCTION submit_applications(p_items jsonb) RETURNS TABLE (item integer, assigned_protocol_number text, previous json) LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS t(
      ord integer, id uuid, year text, codice_fiscale text, benefit_code text, exclusive_group text, channel text, filed_by text,
      patronato text, auth_level text, payment jsonb, declarations jsonb, children jsonb, submitted_at timestamptz, audit_id uuid,
      actor_type text, actor_id text, request_id text, receipt_id uuid, caller text, key text, request_hash text,
      protocol_prefix text, receipt_subject text, receipt_body text, round text, details jsonb, documents_required boolean, household_key text, periods jsonb)
  ), prev AS (
    SELECT i.ord, k.request_hash, k.application_id FROM input i JOIN idempotency_keys k ON k.caller = i.caller AND k.key = i.key
  ), app AS (
    INSERT INTO applications (id, protocol_number, codice_fiscale, benefit_code, exclusive_group, channel, filed_by, patronato,
                              auth_level, payment, declarations, children, status, reasons, submitted_at, round, details, documents_required, household_key, periods)
    SELECT i.id, i.protocol_prefix || lpad(nextval('application_protocol_number')::text, 7, '0'),
           i.codice_fiscale, i.benefit_code, i.exclusive_group, i.channel, i.filed_by, i.patronato, i.auth_level,
           i.payment, i.declarations, i.children, 'submitted', '[]'::jsonb, i.submitted_at, coalesce(i.round, ''), i.details, coalesce(i.documents_required, false),
           i.household_key, coalesce(i.periods, '[]'::jsonb)
    FROM input i
    WHERE NOT EXISTS (SELECT 1 FROM prev WHERE prev.ord = i.ord)
    ORDER BY i.ord
    ON CONFLICT DO NOTHING
    RETURNING id, protocol_number, codice_fiscale, benefit_code, channel, submitted_at
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
         (SELECT app.protocol_number FROM app WHERE app.id = i.id),
         (SELECT json_build_object('request_hash', prev.request_hash, 'application_id', prev.application_id) FROM prev WHERE prev.ord = i.ord)
  FROM input i;
END
$fn$`

const wholeRow = `
CREATE FUNCTION submit_applications(p_items jsonb) RETURNS TABLE (item integer, created json, previous json) LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS t(
      ord integer, id uuid, year text, codice_fiscale text, benefit_code text, exclusive_group text, channel text, filed_by text,
      patronato text, auth_level text, payment jsonb, declarations jsonb, children jsonb, submitted_at timestamptz, audit_id uuid,
      actor_type text, actor_id text, request_id text, receipt_id uuid, caller text, key text, request_hash text,
      protocol_prefix text, receipt_subject text, receipt_body text, round text, details jsonb, documents_required boolean, household_key text, periods jsonb)
  ), prev AS (
    SELECT i.ord, k.request_hash, k.application_id FROM input i JOIN idempotency_keys k ON k.caller = i.caller AND k.key = i.key
  ), app AS (
    INSERT INTO applications (id, protocol_number, codice_fiscale, benefit_code, exclusive_group, channel, filed_by, patronato,
                              auth_level, payment, declarations, children, status, reasons, submitted_at, round, details, documents_required, household_key, periods)
    SELECT i.id, i.protocol_prefix || lpad(nextval('application_protocol_number')::text, 7, '0'),
           i.codice_fiscale, i.benefit_code, i.exclusive_group, i.channel, i.filed_by, i.patronato, i.auth_level,
           i.payment, i.declarations, i.children, 'submitted', '[]'::jsonb, i.submitted_at, coalesce(i.round, ''), i.details, coalesce(i.documents_required, false),
           i.household_key, coalesce(i.periods, '[]'::jsonb)
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

async function replace(db: Kysely<any>, definition: string): Promise<void> {
  await sql`DROP FUNCTION submit_applications(jsonb)`.execute(db)
  await sql.raw(definition).execute(db)
  for (const setting of PLANNER_SETTINGS)
    await sql.raw(`ALTER FUNCTION submit_applications(jsonb) SET ${setting} = off`).execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await replace(db, protocolNumberOnly)
}

export async function down(db: Kysely<any>): Promise<void> {
  await replace(db, wholeRow)
}
