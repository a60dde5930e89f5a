/** The key never reaches an error text. */
import { SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';
import { scrubFailure, scrubSecret, snippet } from '../../../nodes/Seedance/http/secrets';

describe('what an error may carry', () => {
	it('scrubs the key and bearer tokens from message, description and the JSON error fields', () => {
		const leaky = new SeedanceApiFailure('Refused: Bearer sk-live-123456', 'key sk-live-123456 was sent', {
			code: 'AuthenticationError',
			message: 'header Authorization: Bearer sk-live-123456, other token Bearer abc.def',
			httpCode: 401,
		});
		const clean = scrubFailure(leaky, 'sk-live-123456');
		expect(JSON.stringify({ ...clean, message: clean.message, stack: clean.stack })).not.toMatch(/sk-live-123456|abc\.def/);
		expect(clean.message).toBe('Refused: Bearer ***');
		expect(clean.description).toBe('key *** was sent');
		expect(clean.info).toEqual({ code: 'AuthenticationError', message: 'header Authorization: Bearer ***, other token Bearer ***', httpCode: 401 });
		// The stack keeps its lines, scrubbed: it is what n8n logs.
		expect(clean.stack).toMatch(/^SeedanceApiFailure: Refused: Bearer \*\*\*\n\s+at /);
		expect(clean).toBeInstanceOf(SeedanceApiFailure);
		// A copy: the original is left as it was.
		expect(leaky.description).toBe('key sk-live-123456 was sent');
	});

	it('finds a token however it is spaced or cased, up to where JSON, HTML or a header list goes on', () => {
		expect(scrubSecret('bearer  abc.def')).toBe('bearer  ***');
		expect(scrubSecret('{"authorization":"BEARER abc.def","x":1}')).toBe('{"authorization":"BEARER ***","x":1}');
		expect(scrubSecret("<i>Bearer abc</i> 'Bearer def'; Bearer ghi, {Bearer jkl} Bearer mno\\n")).toBe(
			"<i>Bearer ***</i> 'Bearer ***'; Bearer ***, {Bearer ***} Bearer ***\\n",
		);
		// With no key to look for, only tokens go.
		expect(scrubSecret('key sk-live-123456', undefined)).toBe('key sk-live-123456');
		expect(scrubSecret('key sk-live-123456', '')).toBe('key sk-live-123456');
	});
});

describe('snippets of unexpected answers', () => {
	it('never carry the key or a bearer token a proxy echoed back', () => {
		const page = '<html><pre>Authorization: Bearer sk-live-123456\nX-Key: sk-live-123456</pre></html>';
		const text = snippet(page, 'sk-live-123456');
		expect(text).not.toContain('sk-live-123456');
		expect(text).toContain('Bearer ***');
		expect(snippet('x'.repeat(500)).length).toBe(118);
	});

	it('are the answer on one line, whole up to 120 characters, else its first 117 and an ellipsis', () => {
		expect(snippet('  <h1>502</h1>\n\t <p>Bad   Gateway</p>\n')).toBe('<h1>502</h1> <p>Bad Gateway</p>');
		expect(snippet('x'.repeat(120))).toBe('x'.repeat(120));
		expect(snippet('x'.repeat(121))).toBe(`${'x'.repeat(117)}…`);
		expect(snippet(Buffer.from('raw bytes'))).toBe('raw bytes');
	});
});
