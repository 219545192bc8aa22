import t from 'tap'
import { ERROR_CODES, isErrorCode } from '../../src/lib/error-codes.js'
import {
  AppError,
  appError,
  badRequest,
  conflict,
  forbidden,
  notFound,
  unauthorized,
  unprocessable,
} from '../../src/lib/errors.js'

/** Never called: `npm run typecheck` fails if any of these lines compiles. */
export function refusedByTheCompiler() {
  // @ts-expect-error an unknown code
  notFound('Thing', 'THING_NOT_FOUND')
  // @ts-expect-error a 409 code given to the 404 helper
  notFound('Thing', 'DUPLICATE_APPLICATION')
  // @ts-expect-error a 403 code as 401
  unauthorized('NO_MANDATE')
  // @ts-expect-error a status that disagrees with the catalogue
  new AppError(400, 'PIN_LOCKED', 'Locked')
  // @ts-expect-error a title that disagrees with the catalogue
  new AppError(423, 'PIN_LOCKED', 'Forbidden')
  // @ts-expect-error any string is not a code
  appError('SOMETHING' as string)
}

t.test('the helpers answer with the status and title of the catalogue', async (t) => {
  const errors = [
    notFound('Application', 'APPLICATION_NOT_FOUND'),
    unauthorized(),
    forbidden('NO_MANDATE', 'no'),
    conflict('ALREADY_DECIDED', 'no'),
    badRequest('INVALID_CURSOR', 'no'),
    unprocessable('UNKNOWN_BENEFIT', 'no'),
    appError('PIN_LOCKED', 'locked', {}, { 'x-a': '1' }),
  ]
  for (const error of errors) {
    t.equal(error.status, ERROR_CODES[error.code].status, `${error.code} status`)
    t.equal(error.title, ERROR_CODES[error.code].title, `${error.code} title`)
  }
  t.same(errors.at(-1)!.headers, { 'x-a': '1' })
  t.equal(notFound('Application', 'APPLICATION_NOT_FOUND').detail, 'Application was not found')
})

t.test('the catalogue is well formed', async (t) => {
  for (const [code, entry] of Object.entries(ERROR_CODES)) {
    t.match(code, /^[A-Z][A-Z0-9_]*$/, `${code} is UPPER_SNAKE`)
    t.ok(entry.status >= 400 && entry.status <= 599, `${code} is an error status`)
    t.ok(entry.description.length > 0, `${code} has an example detail`)
  }
  t.ok(isErrorCode('PIN_LOCKED'))
  t.notOk(isErrorCode('toString'), 'inherited members are not codes')
})
