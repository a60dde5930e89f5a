/** The key never reaches an error text. */
import { SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';
import { scrubFailure, snippet } from '../../../nodes/Seedance/http/secrets';

describe('what an error may carry', () => {
	it('scrubs the key and bearer tokens from message, description and the JSON error fields', () => {
		const leaky = new SeedanceApiFailure('Refused: Bearer sk-live-123456', 'key sk-live-123456 was sent', {
			code: 'AuthenticationError',
			message: 'header Authorization: Bearer sk-live-123456, other token Bearer abc.def',
		});
		const clean = scrubFailure(leaky, 'sk-live-123456');
		expect(JSON.stringify({ ...clean, message: clean.message, stack: clean.stack })).not.toMatch(/sk-live-123456|abc\.def/);
		expect(clean.info.message).toBe('header Authorization: Bearer ***, other token Bearer ***');
		expect(clean).toBeInstanceOf(SeedanceApiFailure);
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
});
