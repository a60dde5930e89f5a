/** What a POST to the trigger's URL is. */
import fc from 'fast-check';

import { dedupeKey, readCallback, tokenMatches } from '../../../nodes/SeedanceTrigger/callback';

const open = { token: '', statuses: ['succeeded', 'failed'] };

describe('readCallback', () => {
	it.each([
		[null, 400],
		['text', 400],
		[[], 400],
		[{}, 400],
		[{ id: '', status: 'succeeded' }, 400],
		[{ id: 42, status: 'succeeded' }, 400],
		[{ id: 'a/b', status: 'succeeded' }, 400],
		[{ id: 'cgt-1', status: 'finished' }, 400],
		[{ id: 'cgt-1' }, 400],
	])('%j is rejected with %i', (body, httpCode) => {
		expect(readCallback(body, {}, open)).toMatchObject({ type: 'reject', httpCode });
	});

	it('a task in a chosen status is accepted, its status in lower case', () => {
		expect(readCallback({ id: 'cgt-20250918170909-j7gxl', status: 'SUCCEEDED', x: 1 }, {}, open)).toEqual({
			type: 'accept',
			taskId: 'cgt-20250918170909-j7gxl',
			status: 'succeeded',
			task: { id: 'cgt-20250918170909-j7gxl', status: 'succeeded', x: 1 },
		});
	});

	it('a task in another status is ignored, not rejected (the API must get its 2xx)', () => {
		expect(readCallback({ id: 'cgt-1', status: 'running' }, {}, open)).toEqual({ type: 'ignore', taskId: 'cgt-1', status: 'running' });
	});

	it('with a token, the token is checked first', () => {
		const settings = { ...open, token: 'abc123' };
		expect(readCallback('not even a task', {}, settings)).toMatchObject({ type: 'reject', httpCode: 403 });
		expect(readCallback({ id: 'cgt-1', status: 'failed' }, { token: 'abc12' }, settings)).toMatchObject({ httpCode: 403 });
		expect(readCallback({ id: 'cgt-1', status: 'failed' }, { token: ['abc123'] }, settings)).toMatchObject({ httpCode: 403 });
		expect(readCallback({ id: 'cgt-1', status: 'failed' }, { token: 'abc123' }, settings)).toMatchObject({ type: 'accept' });
	});
});

describe('tokenMatches', () => {
	it('is string equality, for any pair', () => {
		fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string(), (a, b) => tokenMatches(a, b) === (a === b)));
		fc.assert(fc.property(fc.string({ minLength: 1 }), (a) => tokenMatches(a, a)));
	});

	it('a missing or non-string token never matches', () => {
		expect(tokenMatches('x', undefined)).toBe(false);
		expect(tokenMatches('x', ['x'])).toBe(false);
	});
});

it('dedupeKey tells task and status apart', () => {
	expect(dedupeKey({ id: 'cgt-1', status: 'failed' })).toBe('cgt-1:failed');
	expect(dedupeKey({ id: 'cgt-1', status: 'succeeded' })).not.toBe(dedupeKey({ id: 'cgt-1', status: 'failed' }));
});
