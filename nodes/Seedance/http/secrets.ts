/** Pure: the API key and any bearer token never reach an error text, however an answer echoes them. */
import type { SeedanceApiFailure } from '../shared/errors';

/** The key and any bearer token, starred out of a text an error will carry. */
export function scrubSecret(text: string, secret?: string): string {
	const withoutKey = secret ? text.split(secret).join('***') : text;
	return withoutKey.replace(/(bearer\s+)[^\s"'<,;}\\]+/gi, '$1***');
}

/** The same for every text of a failure: message, description and the API's own fields. */
export function scrubFailure<T extends SeedanceApiFailure>(failure: T, secret?: string): T {
	const clean = (value: unknown) => (typeof value === 'string' ? scrubSecret(value, secret) : value);
	const info = Object.fromEntries(Object.entries(failure.info).map(([k, v]) => [k, clean(v)])) as T['info'];
	const scrubbed = Object.create(Object.getPrototypeOf(failure) as object) as T;
	Object.assign(scrubbed, failure, { info, description: clean(failure.description) });
	scrubbed.message = scrubSecret(failure.message, secret);
	scrubbed.stack = scrubSecret(failure.stack ?? '', secret);
	return scrubbed;
}

/** The start of an unexpected answer, for the error. A proxy that echoes the request must not leak the key. */
export function snippet(body: unknown, secret?: string): string {
	const text = scrubSecret(String(body).replace(/\s+/g, ' ').trim(), secret);
	return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
