/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
import { describeApiError, extractApiError, isRetryable429 } from '../../nodes/Seedance/shared/errors';
import { simplifyTask } from '../../nodes/Seedance/output/taskView';
import { asTask, asTaskList } from '../../nodes/Seedance/api/taskObject';
import { filterQuery } from '../../nodes/Seedance/actions/task/getMany.operation';
import { idForProvider as modelForProvider } from '../../nodes/Seedance/request/models';
import { resolveBaseUrl } from '../../nodes/Seedance/api/providers';

describe('simplifyTask', () => {
	it('gives the fields a workflow uses, with ISO dates', () => {
		expect(
			simplifyTask({
				id: 'cgt-1',
				model: 'doubao-seedance-1-0-pro-250528',
				status: 'succeeded',
				content: { video_url: 'https://v/1.mp4', last_frame_url: 'https://v/1.png' },
				seed: 7,
				resolution: '1080p',
				ratio: '16:9',
				duration: 5,
				framespersecond: 24,
				usage: { completion_tokens: 100, total_tokens: 100 },
				error: null,
				created_at: 1_700_000_000,
				updated_at: 1_700_000_060,
			}),
		).toEqual({
			id: 'cgt-1',
			status: 'succeeded',
			model: 'doubao-seedance-1-0-pro-250528',
			videoUrl: 'https://v/1.mp4',
			lastFrameUrl: 'https://v/1.png',
			seed: 7,
			resolution: '1080p',
			ratio: '16:9',
			duration: 5,
			fps: 24,
			tokens: 100,
			error: null,
			createdAt: '2023-11-14T22:13:20.000Z',
			updatedAt: '2023-11-14T22:14:20.000Z',
		});
	});
});

describe('task answers are checked', () => {
	it('refuses an answer without an id or a status, naming the task', () => {
		expect(() => asTask('<html>', 'cgt-1')).toThrow(/answer for task cgt-1 is not a task/);
		expect(() => asTask({ id: 'cgt-1' })).toThrow(/for task cgt-1 has no status/);
		expect(() => asTaskList({ data: [] })).toThrow(/has no "items"/);
		expect(asTaskList({ items: [{ id: 'a', status: 'queued' }] })).toEqual({ items: [{ id: 'a', status: 'queued' }], total: 1 });
	});
});

describe('API errors in the user words, the code kept', () => {
	it.each([
		[{ httpCode: 401, code: 'AuthenticationError' }, /API key was rejected \(401\)/, /Provider matches/],
		[{ httpCode: 400, code: 'InputImageSensitiveContentDetected.PrivacyInformation' }, /real person's face/, /privacy/],
		[{ httpCode: 400, code: 'InputTextSensitiveContentDetected' }, /prompt was refused/, /Rephrase/],
		[{ httpCode: 429, code: 'QuotaExceeded' }, /quota .* is used up/, /console/],
		[{ httpCode: 403, code: 'AccountOverdueError' }, /overdue/, /Top up/],
		[{ httpCode: 404, code: 'InvalidEndpointOrModel.NotFound' }, /model or endpoint was not found/, /without "doubao-"/],
		[{ httpCode: 429, code: 'ModelAccountRpmRateLimitExceeded' }, /rate limiting/, /Rate Limit Wait/],
		[{ httpCode: 400, code: 'InvalidParameter', param: 'ratio' }, /parameter "ratio"/, /Check that field/],
		[{ httpCode: 500, code: 'InternalServiceError' }, /server error \(500\)/, /provider side/],
	])('%j', (info, message, description) => {
		const text = describeApiError({ ...info, message: 'raw text' }, 'the console');
		expect(text.message).toMatch(message);
		expect(text.description).toMatch(description);
		expect(text.description).toContain(`Seedance said: ${info.code}: raw text`);
	});

	it('reads the documented error body', () => {
		expect(extractApiError({ error: { code: 'X', message: 'm', param: 'p', type: 't' } })).toEqual({ code: 'X', message: 'm', param: 'p' });
		expect(extractApiError({ id: 'cgt' })).toBeUndefined();
		expect(extractApiError('<html>')).toBeUndefined();
		expect(isRetryable429(undefined)).toBe(true);
		expect(isRetryable429('QuotaExceeded')).toBe(false);
	});
});

describe('small pure pieces', () => {
	it('builds the list filters with repeated task ids', () => {
		expect(filterQuery({ status: 'running', taskIds: 'a, b c', model: ' ep-1 ', serviceTier: 'flex' })).toEqual({
			'filter.status': 'running',
			'filter.task_ids': ['a', 'b', 'c'],
			'filter.model': 'ep-1',
			'filter.service_tier': 'flex',
		});
	});

	it('spells known models as the provider does, and leaves others alone', () => {
		expect(modelForProvider('doubao-seedance-1-0-lite-i2v-250428', 'byteplus')).toBe('seedance-1-0-lite-i2v-250428');
		expect(modelForProvider('seedance-1-0-lite-i2v-250428', 'volcengine')).toBe('doubao-seedance-1-0-lite-i2v-250428');
		expect(modelForProvider('ep-123', 'byteplus')).toBe('ep-123');
	});

	it('resolves the base URL per provider', () => {
		expect(resolveBaseUrl({ provider: 'chainhub' })).toBe('https://api.chainhub.tech/volc/v1');
		expect(resolveBaseUrl({ provider: 'byteplus' })).toBe('https://ark.ap-southeast.bytepluses.com/api/v3');
		expect(resolveBaseUrl({ provider: 'custom', baseUrl: 'http://127.0.0.1:9/api/v3/' })).toBe('http://127.0.0.1:9/api/v3');
	});
});

describe('snippets of unexpected answers', () => {
	it('never carry the key or a bearer token a proxy echoed back', () => {
		const { snippet } = require('../../nodes/Seedance/api/transport');
		const page = '<html><pre>Authorization: Bearer sk-live-123456\nX-Key: sk-live-123456</pre></html>';
		const text = snippet(page, 'sk-live-123456');
		expect(text).not.toContain('sk-live-123456');
		expect(text).toContain('Bearer ***');
		expect(snippet('x'.repeat(500)).length).toBe(118);
	});
});
