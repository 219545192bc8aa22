/**
 * Every `code` the API answers with, its HTTP status and title. AppError and the helpers in errors.ts
 * accept only these codes, and a status that agrees with this table; the OpenAPI document takes its
 * error examples from here (`description` is the example's detail). Eligibility reason codes of an
 * application are data, not errors: they are not here.
 */
export const ERROR_CODES = {
  // 400: the request itself is malformed
  VALIDATION_ERROR: {
    status: 400,
    title: 'Bad Request',
    description: 'Invalid body: /codiceFiscale must match pattern "^[A-Za-z0-9]{16}$"',
  },
  INVALID_JSON: { status: 400, title: 'Bad Request', description: 'The body is not valid JSON' },
  INVALID_CONTENT_LENGTH: { status: 400, title: 'Bad Request', description: 'Content-Length does not match the body' },
  INVALID_CONTENT_TYPE: { status: 400, title: 'Bad Request', description: 'The Content-Type header is malformed' },
  BAD_URL: { status: 400, title: 'Bad Request', description: 'The URL could not be decoded' },
  BAD_REQUEST: { status: 400, title: 'Bad Request', description: 'The request could not be understood' },
  INVALID_CODICE_FISCALE: {
    status: 400,
    title: 'Bad Request',
    description: 'codiceFiscale is not a valid codice fiscale (pattern or check character)',
  },
  INVALID_CURSOR: { status: 400, title: 'Bad Request', description: 'cursor is not one this API gave out' },
  INVALID_DELIVERY_FAULT: {
    status: 400,
    title: 'Bad Request',
    description: 'delayHours goes with mode delay, and only with it',
  },
  NO_DELIVERY_CONTACT: {
    status: 400,
    title: 'Bad Request',
    description: 'Give at least a mobile number or an email address: the first half of the PIN is sent there',
  },
  WEAK_PIN: { status: 400, title: 'Bad Request', description: 'The new PIN must not repeat a single character' },
  SPID_LEVEL_REQUIRED: { status: 400, title: 'Bad Request', description: 'A SPID assertion needs spidLevel 1, 2 or 3' },
  SPID_LEVEL_NOT_APPLICABLE: { status: 400, title: 'Bad Request', description: 'spidLevel applies to spid only' },
  MISSING_FIELD: { status: 400, title: 'Bad Request', description: 'The form field codiceFiscale is missing' },
  MISSING_FILE: { status: 400, title: 'Bad Request', description: 'The file module is missing (or empty)' },
  UNEXPECTED_FIELD: { status: 400, title: 'Bad Request', description: 'A form field name is not allowed' },
  FIELD_TOO_LONG: { status: 400, title: 'Bad Request', description: 'The form field codiceFiscale is too long' },
  INVALID_FIELD: {
    status: 400,
    title: 'Bad Request',
    description: 'The form field codiceFiscale must not contain the NUL character',
  },
  MALFORMED_MULTIPART: { status: 400, title: 'Bad Request', description: 'The multipart body could not be read' },

  // 401: no usable credentials
  UNAUTHORIZED: { status: 401, title: 'Unauthorized', description: 'Send Authorization: Bearer <accessToken>' },
  INVALID_TOKEN: { status: 401, title: 'Unauthorized', description: 'The token is not valid' },
  TOKEN_EXPIRED: { status: 401, title: 'Unauthorized', description: 'The token has expired (emulated clock)' },
  TOKEN_ISSUED_IN_FUTURE: {
    status: 401,
    title: 'Unauthorized',
    description: 'The token was issued after the current emulated time (the clock was moved back): log in again',
  },
  SESSION_REVOKED: {
    status: 401,
    title: 'Unauthorized',
    description: 'The credential changed since this session was opened: log in again',
  },
  INVALID_CREDENTIALS: { status: 401, title: 'Unauthorized', description: 'The identifier or the PIN is not correct' },
  CALLER_NOT_IDENTIFIED: {
    status: 401,
    title: 'Unauthorized',
    description: "The caller's codice fiscale and PIN do not match: the wrong PIN counts toward the lockout",
  },
  INVALID_CHANGE_TOKEN: { status: 401, title: 'Unauthorized', description: 'The change token is not valid' },
  INVALID_ASSERTION: { status: 401, title: 'Unauthorized', description: 'The assertion is not valid' },
  ASSERTION_REPLAYED: {
    status: 401,
    title: 'Unauthorized',
    description: 'This assertion was already used: ask the identity provider for a new one',
  },
  EMULATOR_TOKEN_REQUIRED: {
    status: 401,
    title: 'Unauthorized',
    description: 'The emulator API needs the X-Emulator-Token header',
  },
  EMULATOR_TOKEN_INVALID: { status: 401, title: 'Unauthorized', description: 'The X-Emulator-Token is not valid' },

  // 403: authenticated, not allowed
  ROLE_NOT_ALLOWED: { status: 403, title: 'Forbidden', description: 'This route is not open to the role citizen' },
  INSUFFICIENT_LEVEL: {
    status: 403,
    title: 'Forbidden',
    description: 'Authentication level pin_semplificato is not enough here',
  },
  INTERMEDIARY_NOT_ALLOWED: {
    status: 403,
    title: 'Forbidden',
    description: 'Intermediaries (CAF, commercialisti) cannot file Cura Italia applications',
  },
  OUTSIDE_ACCESS_WINDOW: {
    status: 403,
    title: 'Forbidden',
    description: 'Citizens can use this service from 2020-04-02T16:00:00.000+02:00',
  },
  APPLICATION_PERIOD_NOT_OPEN: { status: 403, title: 'Forbidden', description: 'Applications open on 1 April 2020' },
  ENTRY_PERIOD_CLOSED: {
    status: 403,
    title: 'Forbidden',
    description: 'Work paid by the bonus had to be entered by 31 December 2020',
  },
  APPLICATION_PERIOD_CLOSED: {
    status: 403,
    title: 'Forbidden',
    description: 'The application period for this benefit has ended (decadenza, DL 34/2020 art. 84 c. 14)',
  },
  OUTSIDE_CONTACT_CENTER_HOURS: {
    status: 403,
    title: 'Forbidden',
    description: 'The Contact Center is closed: Mon–Fri 08:00–20:00, Sat 08:00–14:00 (Europe/Rome)',
  },
  PIN_SEMPLIFICATO_UNAVAILABLE: {
    status: 403,
    title: 'Forbidden',
    description:
      'The first half alone gives no access: the PIN semplificato has not started yet (26 March 2020) or the emergency is over',
  },
  PIN_ISSUANCE_ENDED: {
    status: 403,
    title: 'Forbidden',
    description:
      'From 1 October 2020 INPS issues no new PIN (circ. 87/2020), except to minors, people without an Italian identity document and people under tutela; use SPID, CIE or CNS',
  },
  CALLER_PIN_CHANGE_REQUIRED: {
    status: 403,
    title: 'Forbidden',
    description:
      'The caller must first set a personal PIN online: the 16 characters (or an expired PIN) do not identify on the phone',
  },
  SECOND_HALF_REQUIRED: {
    status: 403,
    title: 'Forbidden',
    description: 'Log in with the full PIN (activate it with the second half that came by post)',
  },
  DISPOSITIVO_REQUIRED: {
    status: 403,
    title: 'Forbidden',
    description: 'The Libretto Famiglia needs a PIN dispositivo, SPID (level 2 or 3), CIE or CNS',
  },
  NO_MANDATE: { status: 403, title: 'Forbidden', description: 'The patronato has no mandate from this citizen' },
  WRONG_OFFICE: { status: 403, title: 'Forbidden', description: 'This operator works at another office' },
  OFFICE_CLOSED: {
    status: 403,
    title: 'Forbidden',
    description: "The office is closed to the public: use the Contact Center's remote recognition",
  },

  // 404
  NOT_FOUND: { status: 404, title: 'Not Found', description: 'The resource was not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Not Found', description: 'No route GET /api/v1/nothing' },
  PERSON_NOT_FOUND: {
    status: 404,
    title: 'Not Found',
    description: 'The archive record for that codice fiscale was not found',
  },
  PIN_REQUEST_NOT_FOUND: { status: 404, title: 'Not Found', description: 'PIN request was not found' },
  APPLICATION_NOT_FOUND: { status: 404, title: 'Not Found', description: 'Application was not found' },
  REQUEST_NOT_FOUND: { status: 404, title: 'Not Found', description: 'PIN dispositivo request was not found' },
  DOCUMENT_NOT_FOUND: { status: 404, title: 'Not Found', description: 'Document was not found' },
  OFFICE_NOT_FOUND: { status: 404, title: 'Not Found', description: 'Office RM01 was not found' },
  SNAPSHOT_NOT_FOUND: { status: 404, title: 'Not Found', description: 'No snapshot is named before-submission' },
  LIBRETTO_NOT_FOUND: {
    status: 404,
    title: 'Not Found',
    description: 'The Libretto Famiglia (take up an accepted baby-sitting bonus first) was not found',
  },

  // 409: conflicts with the current state
  PIN_ALREADY_ACTIVE: {
    status: 409,
    title: 'Conflict',
    description: 'This person already has an activated PIN: log in with it, or recover it if lost',
  },
  REQUEST_SUPERSEDED: {
    status: 409,
    title: 'Conflict',
    description: 'A newer PIN request for this person replaced this one',
  },
  TOO_EARLY_TO_VALIDATE: {
    status: 409,
    title: 'Conflict',
    description: 'An issued request can be validated only 12 hours after it was made',
  },
  DUPLICATE_APPLICATION: {
    status: 409,
    title: 'Conflict',
    description: 'An application for BONUS_600_AUTONOMI already exists for this person',
  },
  INCOMPATIBLE_BENEFIT: {
    status: 409,
    title: 'Conflict',
    description: 'The indemnities of DL 18/2020 exclude each other',
  },
  SNAPSHOT_EXISTS: {
    status: 409,
    title: 'Conflict',
    description: 'A snapshot named before-submission already exists: delete it first',
  },
  PAYMENT_NOT_CHANGEABLE: {
    status: 409,
    title: 'Conflict',
    description: 'The payment has already been made: its details cannot change',
  },
  RIESAME_NOT_ALLOWED: {
    status: 409,
    title: 'Conflict',
    description: 'Only a rejected application can be reviewed, once',
  },
  RIESAME_DEADLINE_PASSED: { status: 409, title: 'Conflict', description: 'The riesame had to be asked by 2020-06-21' },
  RIESAME_NOT_OPEN: {
    status: 409,
    title: 'Conflict',
    description:
      'The riesame of this benefit opens on 2020-06-01 (msg 2263/2020; DL 34 indemnities: 2020-08-10, msg 3088/2020)',
  },
  DOCUMENTS_NOT_REQUIRED: {
    status: 409,
    title: 'Conflict',
    description: 'This application is not waiting for documents',
  },
  NOT_BABY_SITTING: {
    status: 409,
    title: 'Conflict',
    description: 'Only the baby-sitting bonus goes on the Libretto Famiglia',
  },
  HOUSEHOLD_ALREADY_APPLIED: {
    status: 409,
    title: 'Conflict',
    description:
      'A member of the household has applied for this household benefit already (Reddito di Emergenza: one application per nucleo familiare and round)',
  },
  CHILD_ALREADY_CLAIMED: {
    status: 409,
    title: 'Conflict',
    description:
      'A child in this application has a baby-sitting application already (one application per child, whoever files it)',
  },
  APPLICATION_NOT_ACCEPTED: {
    status: 409,
    title: 'Conflict',
    description: 'The application is submitted: only an accepted bonus can be taken up',
  },
  APPROPRIATION_DEADLINE_PASSED: {
    status: 409,
    title: 'Conflict',
    description: 'The bonus had to be taken up by 2020-04-25 (15 days from the acceptance)',
  },
  PRESTATORE_ALREADY_REGISTERED: {
    status: 409,
    title: 'Conflict',
    description: 'This baby-sitter is on your libretto already',
  },
  INSUFFICIENT_CREDIT: {
    status: 409,
    title: 'Conflict',
    description: 'The amount is more than what is left on the libretto',
  },
  ALREADY_DISPOSITIVO: {
    status: 409,
    title: 'Conflict',
    description: 'The credential already has dispositive functions',
  },
  REQUEST_ALREADY_OPEN: {
    status: 409,
    title: 'Conflict',
    description: 'A conversion request for this person is already under review',
  },
  ALREADY_DECIDED: { status: 409, title: 'Conflict', description: 'This request was already approved' },

  // 413, 414, 415: the request's size or media type
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload Too Large', description: 'Request body is too large' },
  FILE_TOO_LARGE: {
    status: 413,
    title: 'Content Too Large',
    description: 'module exceeds the limit of 5 MB (5242880 bytes)',
  },
  TOO_MANY_FILES: {
    status: 413,
    title: 'Content Too Large',
    description: 'At most 2 files: module and identityDocument',
  },
  TOO_MANY_PARTS: { status: 413, title: 'Content Too Large', description: 'Too many form fields' },
  URI_TOO_LONG: { status: 414, title: 'URI Too Long', description: 'A path parameter is too long' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported Media Type',
    description: 'Unsupported Media Type: text/plain',
  },
  UNSUPPORTED_FILE_TYPE: {
    status: 415,
    title: 'Unsupported Media Type',
    description: 'The document must be a PDF, JPEG or PNG',
  },

  // 422: well formed, refused by a rule
  CODICE_FISCALE_MISMATCH: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The codice fiscale does not agree with: sex',
  },
  PAYMENT_NOT_APPLICABLE: {
    status: 422,
    title: 'Unprocessable Content',
    description:
      'The baby-sitting bonus is credited on the Libretto Famiglia: send no payment (except for centri_estivi)',
  },
  PAYMENT_REQUIRED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'This benefit is paid: send payment {method, iban?}',
  },
  PAYMENT_METHOD_NOT_ALLOWED: {
    status: 422,
    title: 'Unprocessable Content',
    description:
      'The bonus for summer centres is paid to an Italian IBAN or by bonifico domiciliato at the post office',
  },
  CENTRI_ESTIVI_REQUIRED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Summer centres need centriEstivi {expenseEur, periods} (circ. 73/2020)',
  },
  INVALID_CENTRI_ESTIVI_PERIOD: {
    status: 422,
    title: 'Unprocessable Content',
    description:
      'centriEstivi.periods[0] must be a week at least, within 5 March and 31 August 2020, and not overlap another',
  },
  DETAILS_NOT_ALLOWED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'This benefit takes no centriEstivi',
  },
  CENTRI_ESTIVI_NOT_AVAILABLE_YET: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The bonus for summer centres exists from 19 May 2020 (DL 34/2020 art. 72)',
  },
  USE_NOT_ALLOWED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Only the baby-sitting bonus takes a use',
  },
  PRESTATORE_COHABITING: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The baby-sitter cannot be a member of your household',
  },
  PRESTATORE_NOT_REGISTERED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Register the baby-sitter on your libretto first',
  },
  AFTER_LAST_DAY: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The bonus pays work done from 5 March to 31 August 2020',
  },
  BEFORE_FIRST_DAY: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The bonus pays work from 5 March 2020',
  },
  WORK_DATE_IN_FUTURE: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Work is entered once done: the date is after today',
  },
  AMOUNT_NOT_IN_TITLES: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'amountEur is paid in titles of 10 euro: a multiple of 10',
  },
  TOO_FEW_TITLES: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Each hour (or part of one) of work takes a title of 10 euro at least',
  },
  INVALID_AMOUNT: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'amountEur must be a positive amount in euro with at most two decimals',
  },
  SEPA_IBAN_NOT_ACCEPTED_YET: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Foreign SEPA IBANs are accepted from 14 May 2020 (msg 1981/2020)',
  },
  INVALID_TIME: { status: 422, title: 'Unprocessable Content', description: 'now is not a valid instant' },
  CLOCK_OUT_OF_RANGE: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The emulated clock must stay between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z',
  },
  OFFICE_CODE_REQUIRED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'An office operator needs an officeCode',
  },
  OFFICE_CODE_NOT_ALLOWED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Only office operators belong to a sede',
  },
  UNKNOWN_OFFICE: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'No office RM01: create it with PUT /emulator/offices/{officeCode}',
  },
  ORGANISATION_AMBIGUOUS: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Give organisationId to join an organisation, or organisation to name a new one, not both',
  },
  UNKNOWN_ORGANISATION: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'No organisation 7: GET /emulator/operators lists them',
  },
  ORGANISATION_ROLE_MISMATCH: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Organisation 7 is a caf organisation, not a patronato one',
  },
  RECOVERY_NEEDS_TWO_CONTACTS: {
    status: 422,
    title: 'Unprocessable Content',
    description:
      'Online recovery needs at least two contacts (mobile, email, PEC) matching those on file; otherwise call the Contact Center',
  },
  IBAN_NOT_EXPECTED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Payment at the post office takes no IBAN',
  },
  INVALID_IBAN: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The IBAN is missing or its check digits are wrong',
  },
  MISSING_DECLARATION: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'These declarations must be made (true): notPensioner',
  },
  CHILDREN_NOT_ALLOWED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Only the baby-sitting bonus and the congedo COVID take children',
  },
  PERIODS_NOT_ALLOWED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Only the congedo COVID takes periods',
  },
  PERIODS_REQUIRED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The congedo COVID needs the days of leave: periods [{from, to}]',
  },
  INVALID_PERIOD: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'periods[0] ends before it starts',
  },
  PERIOD_OUTSIDE_WINDOW: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'periods[0] is outside the days that can be asked for on 2020-04-10: 2020-03-05 to 2020-04-13',
  },
  CHILDREN_REQUIRED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'The baby-sitting bonus and the congedo COVID need at least one child',
  },
  CHILD_NOT_ELIGIBLE: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'children[0] was not under 12 on 5 March 2020',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'This Idempotency-Key was used with a different request',
  },
  UNKNOWN_BENEFIT: { status: 422, title: 'Unprocessable Content', description: 'No benefit BONUS_UNKNOWN' },
  NO_ACTIVE_PIN: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'This person has no activated PIN to convert',
  },
  CONTACTS_REQUIRED: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'Remote recognition sends the PIN by SMS and email: the archive has no mobile',
  },
  PERSON_NOT_IN_ARCHIVE: {
    status: 422,
    title: 'Unprocessable Content',
    description: 'This codice fiscale is not in the INPS archive',
  },

  // 423, 429
  PIN_LOCKED: {
    status: 423,
    title: 'Locked',
    description: 'Too many wrong PINs: locked until 2020-04-02T10:00:00.000+02:00, or until the PIN is recovered',
  },
  RATE_LIMITED: { status: 429, title: 'Too Many Requests', description: 'Too many requests; retry in 42 seconds' },

  // 5xx: never more than the code and the requestId
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal Server Error',
    description: 'Something went wrong on our side; quote the requestId if you report it',
  },
  INJECTED_FAULT: {
    status: 500,
    title: 'Internal Server Error',
    description: 'A fault injected through /emulator/faults',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    title: 'Service Unavailable',
    description: 'The database does not answer; retry shortly',
  },
  OVERLOADED: {
    status: 503,
    title: 'Service Unavailable',
    description: 'The service is overloaded; retry after 10 seconds',
  },
  RESTORE_IN_PROGRESS: {
    status: 503,
    title: 'Service Unavailable',
    description: 'A snapshot is being restored; retry in a second',
  },
} as const satisfies Record<string, { status: number; title: string; description: string }>

export type ErrorCatalogue = typeof ERROR_CODES
export type ErrorCode = keyof ErrorCatalogue
export type ErrorStatus<C extends ErrorCode = ErrorCode> = ErrorCatalogue[C]['status']
export type ErrorTitle<C extends ErrorCode = ErrorCode> = ErrorCatalogue[C]['title']
/** The codes answered with `status`, e.g. CodeOf<404>. */
export type CodeOf<S extends number> = { [C in ErrorCode]: ErrorStatus<C> extends S ? C : never }[ErrorCode]

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value)
}
